// Language unit tests: lexer/parser errors, refused features, output of the language core,
// tracebacks and exit codes, the race scenario, blocked-retry and fork copy semantics.
#include <doctest/doctest.h>

#include "catalogue/catalogue.h"
#include "lang/lexer.h"
#include "test_support_host.h"

using forklab::test::run_source;
using forklab::test::FakeHost;

TEST_CASE("lexer emits INDENT and DEDENT") {
    auto r = forklab::lang::lex("if x:\n    y = 1\nz = 2\n", "t.py");
    REQUIRE(!r.error);
    int indents = 0, dedents = 0;
    for (auto& t : r.tokens) {
        indents += t.kind == forklab::lang::Tok::indent;
        dedents += t.kind == forklab::lang::Tok::dedent;
    }
    CHECK(indents == 1);
    CHECK(dedents == 1);
}

TEST_CASE("syntax errors carry line and column") {
    auto o = run_source("print(1)\n\nx = = 1\n");
    REQUIRE(o.errors.size() == 1);
    CHECK(o.errors[0].kind == "SyntaxError");
    CHECK(o.errors[0].line == 3);
    CHECK(o.errors[0].col == 5);
    CHECK(forklab::format_diagnostic(o.errors[0], "print(1)\n\nx = = 1\n") ==
          "test.py:3:5: SyntaxError: invalid syntax\n    x = = 1\n        ^\n");
    auto i = run_source("if True:\nprint(1)\n");
    REQUIRE(i.errors.size() == 1);
    CHECK(i.errors[0].kind == "IndentationError");
    CHECK(i.errors[0].line == 2);
}

TEST_CASE("unsupported features are refused at compile time") {
    const char* cases[][2] = {
        {"class C(A, B):\n    pass\n", "multiple inheritance"}, {"def g():\n    yield from h()\n", "'yield from'"},
        {"x = sum(a for a in b if (y := a))\n", "':='"}, {"async def f():\n    pass\n", "'async def'"},
        {"import numpy\n", "module 'numpy'"}, {"@d\nasync def f():\n    pass\n", "'async def'"},
    };
    for (auto& c : cases) {
        auto o = run_source(c[0]);
        REQUIRE(o.errors.size() == 1);
        CHECK(o.errors[0].kind == "NotSupported");
        CHECK(o.errors[0].message.find(c[1]) != std::string::npos);
    }
}

TEST_CASE("language core output matches CPython") {
    auto o = run_source(
        "def f(a, b=2, *, c=None):\n    return a\n" == std::string() ? "" :
        "def saludo(nombre, veces=1, sep=' '):\n    return sep.join([nombre] * veces)\n"
        "print(0.1 + 0.2, 15 // 2, 7 / 2, 17 % 5, -7 // 3, 2 ** 10, 1e16, 1e-05, 2.5e-3)\n"
        "print([i * i for i in range(5) if i % 2 == 0], {k: k * 2 for k in 'ab'})\n"
        "print(saludo('Ana', veces=2), saludo('x'))\n"
        "print(f\"{42:5}|{3.14159:.2f}|{'ok':>6}|{'r'!r}|{7:03d}|{1234567:,}\")\n"
        "a, (b, c) = 1, (2, 3)\nprint(a, b, c, 1 < b < 3, 'z' not in 'abc', None is None)\n"
        "print(sorted([3, 1, 2]), max(4, 9), min([5, 2]), abs(-3), len('hola'), list(enumerate('ab')))\n"
        "print(isinstance(True, int), str(1.0), int('12'), float('2.5'), repr('a'), (1,), 'A-b'.lower().split('-'))\n"
        "print(1, 2, sep='-', end='!\\n')\n");
    CHECK(o.exit == 0);
    CHECK(o.out ==
          "0.30000000000000004 7 3.5 2 -3 1024 1e+16 1e-05 0.0025\n"
          "[0, 4, 16] {'a': 'aa', 'b': 'bb'}\n"
          "Ana Ana x\n"
          "   42|3.14|    ok|'r'|007|1,234,567\n"
          "1 2 3 True True True\n"
          "[1, 2, 3] 9 2 3 4 [(0, 'a'), (1, 'b')]\n"
          "True 1.0 12 2.5 'a' (1,) ['a', 'b']\n"
          "1-2!\n");
}

TEST_CASE("uncaught exception prints a CPython traceback and exits 1") {
    auto o = run_source("def f(x):\n    return x / 0\n\nf(1)\n");
    CHECK(o.exit == 1);
    CHECK(o.err ==
          "Traceback (most recent call last):\n"
          "  File \"test.py\", line 4, in <module>\n    f(1)\n"
          "  File \"test.py\", line 2, in f\n    return x / 0\n"
          "ZeroDivisionError: division by zero\n");
    CHECK(run_source("print(y)\n").err.find("NameError: name 'y' is not defined\n") != std::string::npos);
    CHECK(run_source("x = 9223372036854775807\nx += 1\nprint(x)\n").out == "9223372036854775808\n");
    CHECK(run_source("[1][3]\n").err.find("IndexError: list index out of range") != std::string::npos);
    CHECK(run_source("{}['k']\n").err.find("KeyError: 'k'") != std::string::npos);
}

TEST_CASE("sys.exit codes") {
    CHECK(run_source("import sys\nsys.exit(3)\nprint('no')\n").exit == 3);
    CHECK(run_source("import sys\nsys.exit()\n").exit == 0);
    auto o = run_source("import sys\nsys.exit('adios')\n");
    CHECK(o.exit == 1);
    CHECK(o.err == "adios\n");
}

// The course's race scenario (web/scenarios/race.py) at a test-friendly size.
static const std::string kRace =
    forklab::scenario_variant("race", "N, P = 200000, 4", "N, P = 2000, 4");

TEST_CASE("race scenario with children run inline") {
    auto o = run_source(kRace);
    CHECK(o.err == "");
    CHECK(o.out == "sin lock: 8000 de 8000\ncon lock: 8000 de 8000\n");
}

TEST_CASE("a blocked host call is retried and the program completes") {
    FakeHost h;
    h.block_lock_acquires = 1;
    h.block_loads = 1;
    auto o = run_source("from multiprocessing import Lock, Value\nl = Lock()\nv = Value('i', 5)\n"
                        "with l:\n    v.value += 1\nprint(v.value, l.acquire(False))\n", &h);
    CHECK(o.blocked == 2);
    CHECK(o.out == "6 True\n");
    CHECK(o.exit == 0);
}

TEST_CASE("a child's changes to globals are invisible to the parent") {
    auto o = run_source("from multiprocessing import Process\ndatos = [1]\nn = 10\n"
                        "def cambiar():\n    global n\n    datos.append(2)\n    n += 1\n    print('hijo', datos, n)\n"
                        "p = Process(target=cambiar)\np.start()\np.join()\nprint('padre', datos, n, p.exitcode, p.name)\n");
    CHECK(o.out == "hijo [1, 2] 11\npadre [1] 10 0 Process-1\n");
}

TEST_CASE("child exception prints Process name and exit code 1") {
    auto o = run_source("from multiprocessing import Process\ndef f():\n    return 1 / 0\n"
                        "p = Process(target=f)\np.start()\np.join()\nprint(p.exitcode)\n");
    CHECK(o.out == "1\n");
    CHECK(o.err.rfind("Process Process-1:\nTraceback (most recent call last):\n", 0) == 0);
    CHECK(o.exit == 0);
}

TEST_CASE("releasing an unlocked Lock raises ValueError") {
    auto o = run_source("from multiprocessing import Lock\nLock().release()\n");
    CHECK(o.exit == 1);
    CHECK(o.err.find("ValueError: semaphore or lock released too many times") != std::string::npos);
}
