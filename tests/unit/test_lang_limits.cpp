// Hostile input: deep nesting, runaway memory, bad encodings, tabs. Each must end in a clear
// diagnostic or a Python exception, never a crash, a hang or an exhausted machine.
#include <doctest/doctest.h>

#include <string>

#include "test_support_host.h"

using forklab::test::FakeHost;
using forklab::test::run_source;
using namespace forklab;

namespace {
std::string rep(const std::string& s, int n) {
    std::string r;
    r.reserve(s.size() * size_t(n));
    for (int i = 0; i < n; ++i) r += s;
    return r;
}
void check_error(const std::string& src, const char* kind, int line, int col, const char* msg_part) {
    auto o = run_source(src);
    REQUIRE(o.errors.size() == 1);
    CHECK(o.errors[0].kind == kind);
    CHECK(o.errors[0].line == line);
    if (col) CHECK(o.errors[0].col == col);
    CHECK(o.errors[0].message.find(msg_part) != std::string::npos);
}
}  // namespace

TEST_CASE("deep nesting is a SyntaxError, never a stack overflow") {
    check_error("x = " + rep("-", 100000) + "1\n", "SyntaxError", 1, 0, "too many nested");
    check_error("x = " + rep("(", 100000) + "1" + rep(")", 100000) + "\n", "SyntaxError", 1, 205,
                "too many nested parentheses");
    check_error("x = " + rep("[", 100000) + "1" + rep("]", 100000) + "\n", "SyntaxError", 1, 205,
                "too many nested parentheses");
    check_error("x = " + rep("not ", 100000) + "1\n", "SyntaxError", 1, 0, "too many nested");
    check_error("x = " + rep("2**", 100000) + "1\n", "SyntaxError", 1, 0, "too many nested");
    check_error("x = " + rep("1 if 1 else ", 100000) + "1\n", "SyntaxError", 1, 0, "too many nested");
    check_error("x = 1" + rep("+1", 100000) + "\n", "SyntaxError", 1, 0, "too deeply nested");
    check_error("a = 1\nx = a" + rep(".b", 100000) + "\n", "SyntaxError", 2, 0, "too deeply nested");
    check_error("x = f" + rep("()", 100000) + "\n", "SyntaxError", 1, 0, "too deeply nested");
    check_error("if 0: pass\n" + rep("elif 0: pass\n", 10000), "SyntaxError", 999, 0, "too many nested");
    std::string ifs = "if 1:\n";
    for (int i = 1; i < 1000; ++i) ifs += std::string(size_t(i), ' ') + "if 1:\n";
    ifs += std::string(1000, ' ') + "pass\n";
    check_error(ifs, "IndentationError", 102, 0, "too many levels of indentation");
}

TEST_CASE("deep but allowed nesting compiles, runs and is freed") {
    auto a = run_source("x = " + rep("(", 199) + "1" + rep(")", 199) + "\nprint(x)\n");
    CHECK(a.errors.empty());
    CHECK(a.out == "1\n");
    auto b = run_source("x = 1" + rep("+1", 900) + "\nprint(x)\n");
    CHECK(b.out == "901\n");
    auto c = run_source("x = " + rep("not ", 900) + "1\nprint(x)\n");
    CHECK(c.out == "True\n");
    auto d = run_source(rep("x = 1\n", 200000) + "print(x)\n", nullptr, 100000000);
    CHECK(d.out == "1\n");
    auto e = run_source("x = \"" + std::string(1000000, 'a') + "\"\nprint(len(x))\n");
    CHECK(e.out == "1000000\n");
    // A list nested 100000 deep at run time is freed without recursion.
    auto f = run_source("l = []\nfor i in range(100000):\n    l = [l]\nprint('ok')\n", nullptr, 100000000);
    CHECK(f.out == "ok\n");
}

TEST_CASE("runaway memory raises MemoryError") {
    const char* progs[] = {
        "x = [0]*10\nwhile True:\n    x = x + x\n",
        "s = 'ab'\nwhile True:\n    s = s + s\n",
        "x = [0] * 10**12\n",
        "x = 'a' * 10**12\n",
        "x = list(range(10**12))\n",
        "l = []\nwhile True:\n    l.append('x' * 100000)\n",
        "l = [i for i in range(10**12)]\n",
        "d = {}\ni = 0\nwhile True:\n    d[i] = i\n    i += 1\n",
        "x = ','.join(['abc'] * 1000) * 10**9\n",
    };
    for (const char* p : progs) {
        CAPTURE(p);
        FakeHost h;
        CompileResult cr = compile_program(p, "test.py");
        REQUIRE(cr.program);
        Interp in(cr.program, h);
        in.set_memory_limit(uint64_t(32) << 20);
        uint64_t steps = 0;
        while (in.run(100000) != RunStatus::exited && ++steps < 100000) {}
        CHECK(in.exit_code() == 1);
        CHECK(h.err.find("MemoryError") != std::string::npos);
    }
}

TEST_CASE("memory limit: default, setter and children") {
    FakeHost h;
    CompileResult cr = compile_program("print(len([0] * 1000000))\n", "test.py");
    REQUIRE(cr.program);
    Interp in(cr.program, h);
    CHECK(in.memory_limit() == (uint64_t(512) << 20));
    in.set_memory_limit(0);
    CHECK(in.memory_limit() == (uint64_t(512) << 20));
    in.set_memory_limit(1 << 20);  // 1 MiB: 16 MB of list is too much
    while (in.run(100000) != RunStatus::exited) {}
    CHECK(in.exit_code() == 1);
    CHECK(h.err.find("MemoryError") != std::string::npos);
}

TEST_CASE("source must be UTF-8; identifiers may be letters of any script") {
    check_error("\xff\xfe\n", "SyntaxError", 1, 1, "0xff");
    check_error("x = 1\ny = \"\xc3\"\n", "SyntaxError", 2, 6, "0xc3");
    check_error("x = 1 \xe2\x82\xac 2\n", "SyntaxError", 1, 7, "invalid character '\xe2\x82\xac' (U+20AC)");
    check_error("x = 1 \xc2\xa0 2\n", "SyntaxError", 1, 7, "invalid non-printable character U+00A0");
    auto o = run_source("a\xc3\xb1o = 1\n\xce\xb1 = 2\nprint(a\xc3\xb1o + \xce\xb1)\n");
    CHECK(o.errors.empty());
    CHECK(o.out == "3\n");
    auto bom = run_source("\xef\xbb\xbfprint('bom')\n");
    CHECK(bom.out == "bom\n");
}

TEST_CASE("syntax errors point at the offending token, not at EOF") {
    check_error("def f(:\n  pass\n", "SyntaxError", 1, 7, "invalid syntax");
    check_error("x = (1,\ny = 2\n", "SyntaxError", 1, 5, "'(' was never closed");
    check_error("print(1\n", "SyntaxError", 1, 6, "'(' was never closed");
}

TEST_CASE("mixing tabs and spaces inconsistently is a TabError") {
    check_error("if 1:\n\tx=1\n        y=2\n", "TabError", 3, 0, "inconsistent use of tabs and spaces");
    check_error("if 1:\n        x=1\n\ty=2\n", "TabError", 3, 0, "inconsistent use of tabs and spaces");
    auto ok = run_source("if 1:\n\tx = 1\n\tif x:\n\t\tprint(x)\n");
    CHECK(ok.errors.empty());
    CHECK(ok.out == "1\n");
}
