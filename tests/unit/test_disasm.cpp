// Disassembler: the listing names every opcode from the X-macro table and annotates
// arguments (constants, names, locals, jump targets, packed call/function arguments).
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "lang/compiler.h"
#include "lang/disasm.h"
#include "lang/interp.h"

namespace {

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

// A listing line that shows `opcode` followed, later on the same line, by `note`.
bool has_line(const std::string& listing, const std::string& opcode, const std::string& note) {
    for (const std::string& line : lines_of(listing)) {
        const std::string l = line + " ";
        const size_t at = l.find(" " + opcode + " ");
        if (at != std::string::npos && l.find(note, at + opcode.size() + 1) != std::string::npos)
            return true;
    }
    return false;
}

std::string dis(const char* src) {
    forklab::CompileResult c = forklab::compile_program(src, "t.py");
    REQUIRE(c.program);
    return forklab::disassemble(*c.program);
}

}  // namespace

TEST_CASE("disassembler: opcode names come from the X-macro table") {
    using forklab::lang::Op;
    using forklab::lang::opcode_name;
    CHECK(opcode_name(uint8_t(Op::nop)) == "nop");
    CHECK(opcode_name(uint8_t(Op::load_fast)) == "load_fast");
    CHECK(opcode_name(uint8_t(Op::call_kw)) == "call_kw");
    for (int op = 0; op < int(Op::count_); ++op) CHECK(opcode_name(uint8_t(op)).rfind("op_", 0) != 0);
    CHECK(opcode_name(255) == "op_255");
}

TEST_CASE("disassembler: listing of a small program") {
    const std::string out = dis(
        "def area(w, h=2):\n"
        "    total = w * h\n"
        "    return total\n"
        "for i in range(3):\n"
        "    if i != 1:\n"
        "        print(area(i), 2.5, 'x', sep='-')\n"
        "n = -7 + 100000000\n");
    INFO(out);
    // One block per code object: module, the function, the hidden child bootstrap.
    CHECK(out.rfind("code 0: <module>", 0) == 0);
    CHECK(out.find("code 1: area (params 2: w, h; locals 3;") != std::string::npos);
    CHECK(out.find("code 2: <child>") != std::string::npos);
    CHECK(out.find("[hidden]") != std::string::npos);

    CHECK(has_line(out, "make_function", "code 1 area"));
    CHECK(has_line(out, "store_global", "area"));
    CHECK(has_line(out, "load_global", "range (or builtin)"));
    CHECK(has_line(out, "load_fast", "w"));
    CHECK(has_line(out, "store_fast", "total"));
    CHECK(has_line(out, "binary", "*"));
    CHECK(has_line(out, "binary", "+"));
    CHECK(has_line(out, "compare", "!="));
    CHECK(has_line(out, "load_const", "2.5"));
    CHECK(has_line(out, "load_const", "'x'"));
    CHECK(has_line(out, "load_const", "100000000"));
    CHECK(has_line(out, "load_const", "kwnames ('sep',)"));
    CHECK(has_line(out, "call_kw", "3 positional, 1 keyword"));
    CHECK(has_line(out, "call", "1 positional"));
    CHECK(has_line(out, "return_value", ""));

    // Jumps name their target, and the target word is marked.
    bool jump_ok = false;
    for (const std::string& l : lines_of(out)) {
        const size_t at = l.find(" to ");
        if (l.find("for_iter") == std::string::npos || at == std::string::npos) continue;
        const std::string target = l.substr(at + 4);
        for (const std::string& m : lines_of(out))
            if (m.rfind(">>", 0) == 0 && m.find(" " + target + "    ") != std::string::npos) jump_ok = true;
    }
    CHECK(jump_ok);
}

TEST_CASE("disassembler: classes, closures, exception handlers, bytes") {
    const std::string out = dis(
        "class Box:\n"
        "    def get(self):\n"
        "        return self.v\n"
        "def outer(a):\n"
        "    def inner():\n"
        "        return a\n"
        "    return inner\n"
        "try:\n"
        "    Box().get()\n"
        "except AttributeError:\n"
        "    x = b\"it's\"\n");
    INFO(out);
    CHECK(out.find("code 4: inner (params 0; free: a;") != std::string::npos);
    CHECK(out.find("cells: a") != std::string::npos);
    CHECK(out.find("\n    handler 0: to ") != std::string::npos);
    CHECK(has_line(out, "load_attr", "v"));
    CHECK(has_line(out, "load_global", "AttributeError (or builtin)"));
    CHECK(has_line(out, "load_const", "b\"it's\""));
}

TEST_CASE("disassembler: source lines shown where they change") {
    const std::string out = dis("x = 1\ny = x\n");
    const auto ls = lines_of(out);
    REQUIRE(ls.size() >= 6);
    CHECK(ls[2].find("     1     0    load_int") != std::string::npos);
    CHECK(ls[3].find("           1    store_global") != std::string::npos);
    CHECK(ls[4].find("     2     2    load_global") != std::string::npos);
}

TEST_CASE("disassembler: an opcode it does not know shows its raw argument") {
    forklab::Program p;
    p.codes.push_back(std::make_unique<forklab::lang::Code>());
    p.codes[0]->name = "<module>";
    p.codes[0]->words = {0xfeu | (77u << 8), forklab::lang::encode(forklab::lang::Op::load_const, 9)};
    p.codes[0]->lines = {1, 1};
    const std::string out = forklab::disassemble(p);
    INFO(out);
    CHECK(has_line(out, "op_254", "77"));
    CHECK(has_line(out, "load_const", "<bad index>"));
}
