#include "cli/dis_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "lang/disasm.h"
#include "lang/interp.h"

namespace forklab {

int cmd_dis(int argc, char** argv) {
    std::string file;
    for (int i = 0; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "-h" || a == "--help") {
            std::fputs("usage: forklab dis FILE.py\n"
                       "Prints the bytecode of the module and of each function, one instruction\n"
                       "per line: source line, word index, opcode, argument, annotation.\n",
                       stdout);
            return 0;
        }
        if (a.size() > 1 && a[0] == '-') {
            std::fprintf(stderr, "forklab: unknown option '%s'\nusage: forklab dis FILE.py\n", argv[i]);
            return 2;
        }
        if (!file.empty()) {
            std::fprintf(stderr, "forklab: dis takes one file\nusage: forklab dis FILE.py\n");
            return 2;
        }
        file = a;
    }
    if (file.empty()) {
        std::fprintf(stderr, "forklab: dis needs a file\nusage: forklab dis FILE.py\n");
        return 2;
    }

    std::error_code ec;
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    if (!std::filesystem::is_directory(file, ec) && in) ss << in.rdbuf();
    if (std::filesystem::is_directory(file, ec) || !in || in.bad()) {
        const char* why = std::filesystem::is_directory(file, ec) ? "Is a directory" : std::strerror(errno);
        std::fprintf(stderr, "forklab: can't open file '%s': %s\n", file.c_str(), why);
        return 2;
    }
    const std::string source = ss.str();

    CompileResult c = compile_program(source, file);
    if (!c.program) {
        for (const Diagnostic& d : c.errors) std::fputs(format_diagnostic(d, source).c_str(), stderr);
        return 1;
    }
    const std::string listing = disassemble(*c.program);
    std::fwrite(listing.data(), 1, listing.size(), stdout);
    return 0;
}

}  // namespace forklab
