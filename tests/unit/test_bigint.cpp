// BigInt against CPython: every expected value in bigint_cases.inc was computed by python3
// (tests/tools/gen_bigint_cases.py), so these cases check Python's int semantics, not our
// own idea of them: floor division, two's complement bit operations, hash(), float().
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "lang/bigint.h"

using forklab::lang::BigInt;

namespace {

constexpr size_t kShiftCount = 8;

struct UnaryCase {
    int value;
    const char *base2, *base8, *base16, *base36;
    int64_t hash;
    double as_double;
    bool double_overflows;
    size_t bit_length;
    bool fits_int64;
    const char *negated, *absolute, *inverted;
    const char* shifted_left[kShiftCount];
    const char* shifted_right[kShiftCount];
};

struct BinaryCase {
    int a, b, cmp;
    const char *sum, *difference, *product, *floordiv, *mod, *bit_and, *bit_or, *bit_xor;
};

struct Int64HashCase { int64_t value, hash; };
struct PowCase { const char* base; uint64_t exp; const char* result; };
struct PowModCase { const char *base, *exp, *mod, *result; };  // result nullptr: refused
struct ParseCase { const char* text; int base; const char* result; };  // nullptr: ValueError
struct FromDoubleCase { double value; const char* result; };  // nullptr: inf or nan
struct ToDoubleCase { const char* value; double result; bool overflows; };
// a = 3**k1 - 1, b = -(7**k2) - 12345; digests of a*b, divmod(a, b) and a*a.
struct LargeCase {
    int k1, k2;
    int64_t product_hash;
    size_t product_bits;
    const char *product_head, *product_tail;
    size_t product_digits;
    int64_t quotient_hash, remainder_hash, square_hash;
};

#include "bigint_cases.inc"

BigInt parse(const char* text) {
    BigInt v;
    REQUIRE_MESSAGE(BigInt::from_string(text, 10, v), text);
    return v;
}

std::string str(const BigInt& v) { return v.to_string(); }

}  // namespace

TEST_CASE("bigint: parse, print, hash, float and shifts of single values") {
    static_assert(sizeof(kShifts) / sizeof(kShifts[0]) == kShiftCount);
    for (const auto& c : kUnary) {
        const char* text = kValues[c.value];
        CAPTURE(text);
        const BigInt v = parse(text);
        CHECK(str(v) == text);
        CHECK(v.to_string(2) == c.base2);
        CHECK(v.to_string(8) == c.base8);
        CHECK(v.to_string(16) == c.base16);
        CHECK(v.to_string(36) == c.base36);
        for (const int base : {2, 3, 7, 8, 16, 36}) {
            BigInt back;
            CHECK(BigInt::from_string(v.to_string(base), base, back));
            CHECK(back == v);
        }
        CHECK(v.py_hash() == c.hash);
        CHECK(v.bit_length() == c.bit_length);
        CHECK(v.is_zero() == (text == std::string("0")));
        CHECK(v.is_negative() == (text[0] == '-'));
        CHECK(v.fits_int64() == c.fits_int64);
        if (c.fits_int64) {
            CHECK(BigInt(v.to_int64()) == v);
            CHECK(BigInt::py_hash_int64(v.to_int64()) == c.hash);
        }
        bool overflow = !c.double_overflows;
        const double d = v.to_double(&overflow);
        CHECK(overflow == c.double_overflows);
        if (!c.double_overflows) CHECK(d == c.as_double);
        CHECK(str(-v) == c.negated);
        CHECK(str(v.abs()) == c.absolute);
        CHECK(str(~v) == c.inverted);
        for (size_t i = 0; i < kShiftCount; ++i) {
            CAPTURE(kShifts[i]);
            CHECK(str(v << uint64_t(kShifts[i])) == c.shifted_left[i]);
            CHECK(str(v >> uint64_t(kShifts[i])) == c.shifted_right[i]);
        }
    }
}

TEST_CASE("bigint: arithmetic, comparison and bit operations on pairs") {
    for (const auto& c : kBinary) {
        const BigInt a = parse(kValues[c.a]), b = parse(kValues[c.b]);
        CAPTURE(kValues[c.a]);
        CAPTURE(kValues[c.b]);
        CHECK(BigInt::compare(a, b) == c.cmp);
        CHECK((a < b) == (c.cmp < 0));
        CHECK((a == b) == (c.cmp == 0));
        CHECK((a >= b) == (c.cmp >= 0));
        CHECK(str(a + b) == c.sum);
        CHECK(str(a - b) == c.difference);
        CHECK(str(a * b) == c.product);
        BigInt q, r;
        REQUIRE(BigInt::divmod(a, b, q, r) == (c.floordiv != nullptr));
        if (c.floordiv) {
            CHECK(str(q) == c.floordiv);
            CHECK(str(r) == c.mod);
        }
        CHECK(str(a & b) == c.bit_and);
        CHECK(str(a | b) == c.bit_or);
        CHECK(str(a ^ b) == c.bit_xor);
    }
}

TEST_CASE("bigint: divmod may write over its operands") {
    const BigInt a = parse("-123456789012345678901234567890"), b = parse("987654321987");
    BigInt q, r;
    REQUIRE(BigInt::divmod(a, b, q, r));
    BigInt x = a, y = b;
    REQUIRE(BigInt::divmod(x, y, x, y));
    CHECK(x == q);
    CHECK(y == r);
    CHECK(q * b + r == a);
    CHECK_FALSE(BigInt::divmod(a, BigInt(0), q, r));
}

TEST_CASE("bigint: pow and three-argument pow") {
    for (const auto& c : kPows) {
        CAPTURE(c.base);
        CAPTURE(c.exp);
        CHECK(str(BigInt::pow(parse(c.base), c.exp)) == c.result);
    }
    for (const auto& c : kPowMods) {
        CAPTURE(c.base);
        CAPTURE(c.exp);
        CAPTURE(c.mod);
        BigInt out(99);
        const bool ok = BigInt::pow_mod(parse(c.base), parse(c.exp), parse(c.mod), out);
        REQUIRE(ok == (c.result != nullptr));
        if (c.result) CHECK(str(out) == c.result);
    }
}

TEST_CASE("bigint: int(text, base) rules") {
    for (const auto& c : kParses) {
        CAPTURE(c.text);
        CAPTURE(c.base);
        BigInt out(99);
        REQUIRE(BigInt::from_string(c.text, c.base, out) == (c.result != nullptr));
        CHECK(str(out) == (c.result ? c.result : "99"));  // a failed parse leaves out alone
    }
}

TEST_CASE("bigint: float conversions round like CPython") {
    for (const auto& c : kFromDoubles) {
        CAPTURE(c.value);
        BigInt out(99);
        REQUIRE(BigInt::from_double(c.value, out) == (c.result != nullptr));
        if (c.result) CHECK(str(out) == c.result);
    }
    for (const auto& c : kToDoubles) {
        CAPTURE(c.value);
        bool overflow = !c.overflows;
        const double d = parse(c.value).to_double(&overflow);
        CHECK(overflow == c.overflows);
        if (c.overflows) CHECK(std::isinf(d));
        else CHECK(d == c.result);
    }
    CHECK(BigInt(-5).to_double(nullptr) == -5.0);
}

TEST_CASE("bigint: int64 edges and hashes of inline ints") {
    for (const auto& c : kInt64Hashes) {
        CAPTURE(c.value);
        CHECK(BigInt::py_hash_int64(c.value) == c.hash);
        CHECK(BigInt(c.value).py_hash() == c.hash);
        CHECK(BigInt(c.value).to_int64() == c.value);
        CHECK(BigInt(c.value).fits_int64());
    }
    CHECK(str(BigInt(INT64_MIN)) == "-9223372036854775808");
    CHECK(str(BigInt(INT64_MAX) + 1) == "9223372036854775808");
    CHECK_FALSE((BigInt(INT64_MAX) + 1).fits_int64());
    CHECK((BigInt(INT64_MIN) - 1).to_int64() == INT64_MAX);  // not exact: the low 64 bits
    CHECK((BigInt(1) << 64).to_int64() == 0);
    CHECK(BigInt(0) == BigInt(-0));
    CHECK_FALSE((BigInt(5) - 5).is_negative());
    CHECK_FALSE((-BigInt(0)).is_negative());
}

TEST_CASE("bigint: Karatsuba-sized products and long divisions") {
    for (const auto& c : kLarge) {
        CAPTURE(c.k1);
        CAPTURE(c.k2);
        const BigInt a = BigInt::pow(BigInt(3), uint64_t(c.k1)) - 1;
        const BigInt b = -BigInt::pow(BigInt(7), uint64_t(c.k2)) - 12345;
        const BigInt p = a * b;
        CHECK(p.py_hash() == c.product_hash);
        CHECK(p.bit_length() == c.product_bits);
        const std::string digits = str(p);
        CHECK(digits.size() == c.product_digits);
        CHECK(digits.substr(0, 20) == c.product_head);
        CHECK(digits.substr(digits.size() - 20) == c.product_tail);
        BigInt q, r;
        REQUIRE(BigInt::divmod(a, b, q, r));
        CHECK(q.py_hash() == c.quotient_hash);
        CHECK(r.py_hash() == c.remainder_hash);
        CHECK(q * b + r == a);
        CHECK((a * a).py_hash() == c.square_hash);
        REQUIRE(BigInt::divmod(p, b, q, r));
        CHECK(q == a);
        CHECK(r.is_zero());
    }
}

TEST_CASE("bigint: 1000!, fib(1000) and a 10**4-digit decimal round trip") {
    BigInt f(1);
    for (int64_t i = 2; i <= 1000; ++i) f *= i;
    const std::string fd = str(f);
    CHECK(fd.size() == kFactorial1000Digits);
    CHECK(fd.substr(0, 30) == kFactorial1000Head);
    CHECK(f.py_hash() == kFactorial1000Hash);

    BigInt a(0), b(1);
    for (int i = 0; i < 1000; ++i) {
        BigInt next = a + b;
        a = std::move(b);
        b = std::move(next);
    }
    CHECK(str(a) == kFib1000);

    const BigInt big = BigInt::pow(BigInt(7), 11835);
    const std::string digits = str(big);
    CHECK(digits.size() == kPow7_11835Digits);
    CHECK(digits.substr(0, 30) == kPow7_11835Head);
    CHECK(big.py_hash() == kPow7_11835Hash);
    BigInt back;
    REQUIRE(BigInt::from_string(digits, 10, back));
    CHECK(back == big);
}

TEST_CASE("bigint: approx_bytes grows with the number") {
    const size_t small = BigInt(7).approx_bytes();
    CHECK(small >= sizeof(BigInt));
    CHECK(BigInt::pow(BigInt(2), 8000).approx_bytes() >= small + 1000);
}
