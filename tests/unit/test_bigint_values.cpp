// Big ints as interpreter values: the inline-int invariant, equality and hashing against
// floats, CPython's hash() values, programs that cross the int64 boundary, cloning for
// child processes and the memory budget. Expected values come from python3 3.11.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <string>
#include <unordered_map>

#include "lang/int_value.h"
#include "lang/interp_state.h"
#include "test_support_host.h"

using namespace forklab;
using namespace forklab::lang;
using forklab::test::FakeHost;
using forklab::test::run_source;

namespace {
BigInt big(const char* text) {
    BigInt v;
    REQUIRE(BigInt::from_string(text, 10, v));
    return v;
}

// Runs src under a memory limit; returns the outcome's stderr (and checks it ended).
std::string run_limited(const char* src, uint64_t limit, double* seconds = nullptr) {
    FakeHost h;
    CompileResult cr = compile_program(src, "test.py");
    REQUIRE(cr.program);
    Interp in(cr.program, h);
    in.set_memory_limit(limit);
    const auto t0 = std::chrono::steady_clock::now();
    uint64_t steps = 0;
    while (in.run(100000) != RunStatus::exited && ++steps < 100000) {}
    if (seconds) *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(in.exit_code() == 1);
    return h.err;
}
}  // namespace

TEST_CASE("make_int keeps every int64 inline") {
    CHECK(make_int(BigInt(5)).tag == Tag::integer);
    CHECK(make_int(BigInt(INT64_MIN)).tag == Tag::integer);
    CHECK(make_int(BigInt(INT64_MAX)).u.i == INT64_MAX);
    Value b = make_int(BigInt(INT64_MAX) + 1);
    REQUIRE(b.is(OT::bigint));
    CHECK(b.as<BigIntObj>()->v == big("9223372036854775808"));
    CHECK(make_int(b.as<BigIntObj>()->v - 1).tag == Tag::integer);
    CHECK(make_int(BigInt(INT64_MIN) - 1).is(OT::bigint));
    CHECK(std::string(type_name(b)) == "int");
    CHECK(repr_of(b) == "9223372036854775808");
    CHECK(truthy(b));
}

TEST_CASE("big ints compare exactly with ints and floats") {
    const Value two64 = make_int(BigInt(1).shl(64));
    const Value two64b = make_int(BigInt(1).shl(64));
    CHECK(values_equal(two64, two64b));
    CHECK(values_equal(two64, Value::real(18446744073709551616.0)));
    CHECK(!values_equal(make_int(BigInt(1).shl(64) + 1), Value::real(18446744073709551616.0)));
    CHECK(!values_equal(two64, Value::integer(0)));
    CHECK(!values_equal(two64, Value::boolean(true)));
    // 2**53 + 1 is an inline int that no double equals: CPython compares it exactly too.
    CHECK(!values_equal(Value::integer((int64_t(1) << 53) + 1), Value::real(9007199254740992.0)));
    CHECK(values_equal(Value::integer(int64_t(1) << 62), Value::real(4611686018427387904.0)));
    int c = 9;
    CHECK((int_mixed_order(two64, Value::integer(INT64_MAX), &c) && c == 1));
    CHECK((int_mixed_order(Value::integer(INT64_MIN), make_int(-(BigInt(1).shl(64))), &c) && c == 1));
    CHECK((int_mixed_order(two64, Value::real(INFINITY), &c) && c == -1));
    CHECK((int_mixed_order(Value::real(-INFINITY), two64, &c) && c == -1));
    CHECK((int_mixed_order(two64, Value::real(NAN), &c) && c == 3));
    CHECK((int_mixed_order(make_int(BigInt(1).shl(64) + 1), Value::real(18446744073709551616.0), &c) && c == 1));
    CHECK((int_mixed_order(Value::real(1.5), Value::integer(2), &c) && c == -1));
    CHECK(!int_mixed_order(Value::integer(1), Value::integer(2), &c));
    CHECK(!int_mixed_order(make_str("a"), two64, &c));
}

TEST_CASE("hash() of numbers is CPython's, and dict keys follow ==") {
    int64_t h = 0;
    const struct { double d; int64_t h; } floats[] = {
        {2.5, 1152921504606846978}, {-2.5, -1152921504606846978}, {1e-300, 482449582752280463},
        {1e300, 1224995262755759164}, {1.2089258196146292e+24, 524288}, {1.5e-320, 50935627776},
        {0.1, 230584300921369408}, {-0.0, 0}, {123456.789, 1819310134279660096},
    };
    for (auto& f : floats) {
        CAPTURE(f.d);
        REQUIRE(py_hash_number(Value::real(f.d), &h));
        CHECK(h == f.h);
    }
    const struct { const char* v; int64_t h; } ints[] = {
        {"1208925819614629174706176", 524288}, {"1000000000000000000000000000000", 465258685558744706},
        {"-1000000000000000000000000000000", -465258685558744706}, {"2305843009213693951", 0},
        {"-9223372036854775808", -4}, {"9223372036854775808", 4}, {"-1", -2},
    };
    for (auto& i : ints) {
        CAPTURE(i.v);
        REQUIRE(py_hash_number(make_int(big(i.v)), &h));
        CHECK(h == i.h);
    }
    CHECK(!py_hash_number(Value::real(NAN), &h));
    CHECK(!py_hash_number(make_str("x"), &h));

    // ValueHash (what dicts use): a float equal to a big int hashes like it.
    const Value b = make_int(BigInt(1).shl(80));
    CHECK(ValueHash()(b) == ValueHash()(Value::real(std::ldexp(1.0, 80))));
    CHECK(ValueHash()(Value::real(std::ldexp(1.0, 62))) == ValueHash()(Value::integer(int64_t(1) << 62)));
    DictObj d;
    d.set(b, Value::integer(1));
    d.set(Value::real(std::ldexp(1.0, 80)), Value::integer(2));
    d.set(make_int(BigInt(1).shl(80) + 1), Value::integer(3));
    CHECK(d.live == 2);
    REQUIRE(d.find(make_int(BigInt(1).shl(80))));
    CHECK(d.find(make_int(BigInt(1).shl(80)))->u.i == 2);
}

TEST_CASE("programs cross the int64 boundary both ways, as in CPython") {
    auto o = run_source(
        "x = 9223372036854775807\ny = x + 1\n"
        "print(y, y - 1, type(y - 1) is int, -(-x - 1), x * x, (x + 1) // 2 ** 62)\n"
        "print(2 ** 64 // 3, -(2 ** 64) % 7, 10 ** 30 / 10 ** 15, 2 ** 1000 / 2 ** 999, 3 ** -2)\n"
        "print(pow(3, -1, 7), pow(2, 200, 10 ** 9 + 7), hex(2 ** 70), bin(-(2 ** 65)), oct(8 ** 30))\n"
        "print(hash(2 ** 100), hash(1e30) == hash(int(1e30)), {2 ** 70: 1}[2.0 ** 70], 2 ** 53 + 1 == 2.0 ** 53)\n"
        "print(f\"{2 ** 70:,}\", f\"{-(2 ** 70):_x}\", f\"{2 ** 64:>25}\", int(\"1\" * 30), int(1e25), round(1e30))\n"
        "print(abs(-(2 ** 63)), ~(2 ** 64), (2 ** 100) >> 98, 1 << 70, (2 ** 70) & (2 ** 70 + 5), (-(2 ** 70)) | 1)\n");
    CHECK(o.err == "");
    CHECK(o.out ==
          "9223372036854775808 9223372036854775807 True 9223372036854775808 85070591730234615847396907784232501249 2\n"
          "6148914691236517205 5 1000000000000000.0 2.0 0.1111111111111111\n"
          "5 499445072 0x400000000000000000 -0b100000000000000000000000000000000000000000000000000000000000000000 "
          "0o1000000000000000000000000000000\n"
          "549755813888 True 1 False\n"
          "1,180,591,620,717,411,303,424 -40_0000_0000_0000_0000      18446744073709551616 "
          "111111111111111111111111111111 10000000000000000905969664 1000000000000000019884624838656\n"
          "9223372036854775808 -18446744073709551617 4 1180591620717411303424 1180591620717411303424 "
          "-1180591620717411303423\n");
}

TEST_CASE("CPython's messages for big-int errors") {
    const char* cases[][2] = {
        {"print(1 << -1)\n", "ValueError: negative shift count"},
        {"print(1 << 10 ** 20)\n", "OverflowError: too many digits in integer"},
        {"print(10 ** 400 / 3)\n", "OverflowError: integer division result too large for a float"},
        {"print(10 ** 400 + 0.5)\n", "OverflowError: int too large to convert to float"},
        {"print(2 ** 100 // 0)\n", "ZeroDivisionError: integer division or modulo by zero"},
        {"print(2 ** 100 % 0)\n", "ZeroDivisionError: integer modulo by zero"},
        {"print(0 ** -1)\n", "ZeroDivisionError: 0.0 cannot be raised to a negative power"},
        {"print(pow(2, -1, 4))\n", "ValueError: base is not invertible for the given modulus"},
        {"print(str(10 ** 5000))\n",
         "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use "
         "sys.set_int_max_str_digits() to increase the limit"},
        {"print(int('9' * 5000))\n",
         "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use "
         "sys.set_int_max_str_digits() to increase the limit"},
        {"print([1][2 ** 70])\n", "IndexError: cannot fit 'int' into an index-sized integer"},
        {"print('ab' * 2 ** 70)\n", "OverflowError: cannot fit 'int' into an index-sized integer"},
    };
    for (auto& c : cases) {
        CAPTURE(c[0]);
        auto o = run_source(c[0]);
        CHECK(o.exit == 1);
        CHECK(o.err.find(std::string(c[1]) + "\n") != std::string::npos);
    }
    // A decimal literal past the limit is refused at compile time, as CPython's SyntaxError.
    auto lit = run_source("x = " + std::string(5000, '7') + "\n");
    REQUIRE(lit.errors.size() == 1);
    CHECK(lit.errors[0].kind == "SyntaxError");
    CHECK(lit.errors[0].message.find("value has 5000 digits") != std::string::npos);
    CHECK(run_source("x = 0x" + std::string(5000, 'f') + "\nprint(x % 1000)\n").out == "375\n");
}

TEST_CASE("big ints are charged to the memory budget") {
    // Squaring forever ends in MemoryError, not in a crash or an exhausted machine.
    CHECK(run_limited("x = 2\nwhile True:\n    x = x * x\n", uint64_t(2) << 20).find("MemoryError") != std::string::npos);
    CHECK(run_limited("x = 3\nwhile True:\n    x = x ** 3\n", uint64_t(2) << 20).find("MemoryError") != std::string::npos);
    // Many medium ones: each result is charged and the heap walk counts their bytes.
    CHECK(run_limited("l = []\nwhile True:\n    l.append(2 ** 100000 + len(l))\n", uint64_t(4) << 20)
              .find("MemoryError") != std::string::npos);
    // A request past the budget fails at once, without allocating.
    double seconds = 0;
    CHECK(run_limited("x = 1 << 10 ** 12\n", uint64_t(32) << 20, &seconds).find("MemoryError") != std::string::npos);
    CHECK(run_limited("x = 7 ** 10 ** 12\n", uint64_t(32) << 20).find("MemoryError") != std::string::npos);
    CHECK(run_limited("import math\nx = math.factorial(10 ** 9)\n", uint64_t(32) << 20).find("MemoryError") !=
          std::string::npos);
    CHECK(seconds < 2.0);
}

TEST_CASE("a child process gets its own copy of a big int") {
    std::unordered_map<const Obj*, Value> memo;
    const Value b = make_int(BigInt(3).shl(100));
    const Value c = clone_value(b, memo);
    REQUIRE(c.is(OT::bigint));
    CHECK(c.u.o != b.u.o);
    CHECK(values_equal(b, c));
    const Value list = make_list({b, b});
    const Value copied = clone_value(list, memo);
    CHECK(copied.as<ListObj>()->items[0].u.o == copied.as<ListObj>()->items[1].u.o);  // aliasing kept

    auto o = run_source(
        "import sys\nfrom multiprocessing import Process\n"
        "g = 2 ** 200\n"
        "def f(n):\n    print(n + 1, g - 1, len(str(10 ** 4500)))\n"
        "if __name__ == '__main__':\n"
        "    sys.set_int_max_str_digits(5000)\n"
        "    p = Process(target=f, args=(3 ** 100,))\n    p.start()\n    p.join()\n    print(p.exitcode)\n");
    CHECK(o.err == "");
    CHECK(o.out ==
          "515377520732011331036461129765621272702107522002 "
          "1606938044258990275541962092341162602522202993782792835301375 4501\n0\n");
}
