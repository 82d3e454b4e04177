#include "cli/trace_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "trace/chrome_json.h"
#include "trace/trace_import.h"

namespace forklab {
namespace {

const char* kTraceUsage = "usage: forklab trace FILE.json [--export OUT.json]\n";

int trace_usage(const char* msg) {
    std::fprintf(stderr, "forklab: %s\n%s", msg, kTraceUsage);
    return 2;
}

}  // namespace

int cmd_trace(int argc, char** argv) {
    std::string file, export_path;
    for (int i = 0; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "-h" || a == "--help") {
            std::fputs(kTraceUsage, stdout);
            std::fputs("Reads a trace written by `forklab run --trace` and prints its backend,\n"
                       "processes and event counts; --export writes the trace read back.\n"
                       "Exit status 1 when the file is not a readable forklab trace.\n",
                       stdout);
            return 0;
        }
        if (a == "--export") {
            if (i + 1 >= argc || !*argv[i + 1]) return trace_usage("--export needs a file name");
            export_path = argv[++i];
        } else if (a.size() > 1 && a[0] == '-') {
            return trace_usage(("unknown option '" + std::string(a) + "'").c_str());
        } else if (!file.empty()) {
            return trace_usage("trace takes one file");
        } else {
            file = a;
        }
    }
    if (file.empty()) return trace_usage("trace needs a file");
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "forklab: can't open file '%s': %s\n", file.c_str(), std::strerror(errno));
        return 2;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    Trace t;
    TraceLoadError e;
    if (!import_trace_json(ss.str(), &t, &e)) {
        std::fprintf(stderr, "%s\n", format_trace_error(file, e).c_str());
        return 1;
    }
    size_t exited = 0;
    for (const ProcessInfo& p : t.processes) exited += p.exited;
    std::printf("%s: %s trace, %zu processes (%zu exited), %zu events", file.c_str(),
                t.backend.c_str(), t.processes.size(), exited, t.events.size());
    if (t.dropped_events) std::printf(", %llu dropped", (unsigned long long)t.dropped_events);
    if (t.scenario) std::printf(", scenario %s", t.scenario->file.c_str());
    else std::printf(", no source (recorded before traces kept it)");
    std::printf("\n");
    if (!export_path.empty()) {
        std::ofstream out(export_path, std::ios::binary | std::ios::trunc);
        out << chrome_trace_json(t);
        out.close();
        if (!out) {
            std::fprintf(stderr, "forklab: can't write '%s'\n", export_path.c_str());
            return 2;
        }
    }
    return 0;
}

}  // namespace forklab
