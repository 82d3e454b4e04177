// The native modules (math, sys, os, random) and the number builtins (builtins_number.cpp):
// results to the last bit, state that belongs to one Interp and is copied into children,
// the Host call behind os.getcwd. Expected values come from python3 3.11.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "test_support_host.h"

using forklab::test::FakeHost;
using forklab::test::run_source;

namespace {
// A FakeHost with a working directory of its own.
class CwdHost : public FakeHost {
public:
    std::string current_dir() const override { return "/srv/lab"; }
};
}  // namespace

TEST_CASE("math float functions agree with CPython to the last bit") {
    auto o = run_source(
        "import math\n"
        "print(math.hypot(1, 1), math.hypot(1, 2, 3), math.hypot(3e-320, 4e-320), math.dist((0.1, 0.2), (3, 4)))\n"
        "print(math.fsum([0.1] * 10), math.fsum([1e-16, 1, 1e16]), math.fsum([1e100, 1.0, -1e100, 1e-100]))\n"
        "print(math.log(2 ** 3000), math.log10(10 ** 400), math.log2(3 ** 3000), math.log(10 ** 309, 10))\n"
        "print(math.degrees(1), math.radians(1), math.isclose(0.1 + 0.2, 0.3), math.trunc(-2.5), math.tau)\n");
    CHECK(o.err == "");
    CHECK(o.out ==
          "1.4142135623730951 3.7416573867739413 5e-320 4.780167361086848\n"
          "1.0 1.0000000000000002e+16 1.0\n"
          "2079.4415416798356 400.0 4754.8875021634685 308.99999999999994\n"
          "57.29577951308232 0.017453292519943295 True -2 6.283185307179586\n");
}

TEST_CASE("math domain and range errors are CPython's") {
    const char* cases[][2] = {
        {"math.sqrt(-1)", "ValueError: math domain error"},
        {"math.log(0)", "ValueError: math domain error"},
        {"math.exp(1000)", "OverflowError: math range error"},
        {"math.pow(0, -1)", "ValueError: math domain error"},
        {"math.fsum([1e308, 1e308])", "OverflowError: intermediate overflow in fsum"},
        {"math.fsum([math.inf, -math.inf])", "ValueError: -inf + inf in fsum"},
        {"math.isclose(1, 2, rel_tol=-1)", "ValueError: tolerances must be non-negative"},
        {"math.atan2(1)", "TypeError: atan2 expected 2 arguments, got 1"},
    };
    for (auto& c : cases) {
        CAPTURE(c[0]);
        auto o = run_source(std::string("import math\nprint(") + c[0] + ")\n");
        CHECK(o.exit == 1);
        CHECK(o.err.find(std::string(c[1]) + "\n") != std::string::npos);
    }
}

TEST_CASE("float() of text and float arithmetic follow CPython") {
    auto o = run_source(
        "print(float('1_000.5'), float(' 3.5 '), float('-Infinity'), float('\\u0661.5'), float(b'2'))\n"
        "print(divmod(-7.5, 2), divmod(-2, float('inf')), 3.1 // 0.1, -0.0 % 1, (0.1).as_integer_ratio())\n"
        "for t in ['1__0', '0x10', '1e', 'nan(1)']:\n"
        "    try:\n        float(t)\n    except ValueError as e:\n        print(e)\n"
        "try:\n    2.0 ** 1024\nexcept OverflowError as e:\n    print(e)\n");
    CHECK(o.err == "");
    CHECK(o.out ==
          "1000.5 3.5 -inf 1.5 2.0\n"
          "(-4.0, 0.5) (-1.0, inf) 30.0 0.0 (3602879701896397, 36028797018963968)\n"
          "could not convert string to float: '1__0'\n"
          "could not convert string to float: '0x10'\n"
          "could not convert string to float: '1e'\n"
          "could not convert string to float: 'nan(1)'\n"
          "(34, 'Numerical result out of range')\n");
}

TEST_CASE("a child process keeps the parent's recursion limit and named tuples") {
    auto o = run_source(
        "import multiprocessing, sys\n"
        "v = sys.version_info\n"
        "def child():\n"
        "    print(sys.getrecursionlimit(), v.major, v.minor, repr(v)[:35], slice(1, 2) == slice(1, 2))\n"
        "sys.setrecursionlimit(3000)\n"
        "p = multiprocessing.Process(target=child)\n"
        "p.start()\np.join()\n"
        "print(p.exitcode, sys.getrecursionlimit())\n");
    CHECK(o.err == "");
    CHECK(o.out == "3000 3 11 sys.version_info(major=3, minor=11, True\n0 3000\n");
}

TEST_CASE("os.getcwd asks the Host; the default is the OS working directory") {
    FakeHost plain;
    CHECK(plain.current_dir() == std::filesystem::current_path().string());
    CwdHost h;
    auto o = run_source("import os\nprint(os.getcwd(), os.sep, os.name, os.getenv('HOME', 'unset'))\n", &h);
    CHECK(o.err == "");
    CHECK(o.out == "/srv/lab / posix unset\n");
}

TEST_CASE("random: one generator per Interp, reproducible after seed()") {
    const char* src =
        "import random\n"
        "random.seed(42)\n"
        "a = [random.randrange(10 ** 6) for _ in range(5)]\n"
        "random.seed(42)\n"
        "print(a == [random.randrange(10 ** 6) for _ in range(5)], len(set(random.sample(range(10 ** 9), 50))))\n"
        "print(random.getrandbits(100) < 2 ** 100, sorted(random.sample('abcd', 4)), random.choices('x', k=2))\n";
    auto first = run_source(src);
    auto second = run_source(src);
    CHECK(first.err == "");
    CHECK(first.out == "True 50\nTrue ['a', 'b', 'c', 'd'] ['x', 'x']\n");
    CHECK(second.out == first.out);
    // The same seed gives the same numbers in two Interps (no shared state).
    const char* draw = "import random\nrandom.seed('s')\nprint(random.random(), random.getrandbits(70))\n";
    CHECK(run_source(draw).out == run_source(draw).out);
    // A huge getrandbits is charged to the memory budget before it is made.
    auto big = run_source("import random\nx = random.getrandbits(10 ** 12)\n");
    CHECK(big.err.find("MemoryError") != std::string::npos);
}
