// Arbitrary-precision integers for the scenario language. The interpreter keeps small ints
// inline as int64_t and switches to a BigInt only when a result leaves that range, so this
// class favours clarity over speed tricks: sign + magnitude in 32-bit limbs (a limb product
// fits a uint64_t, so no compiler intrinsics are needed), schoolbook algorithms, Karatsuba
// for large products, Knuth's algorithm D for division.
//
// Every operation follows Python's int semantics: floor division, a remainder with the sign
// of the divisor, bitwise operators on an infinite two's complement, right shifts that floor,
// hash() modulo 2**61-1. Nothing throws for a math error; operations that can fail (division
// by zero, a malformed literal, inf/nan) return false and the caller raises the Python
// exception. Huge results (a << 10**12) are the caller's to refuse before asking: check
// bit_length() against the memory budget first, or std::bad_alloc will be thrown.
//
// Standalone: depends on the standard library only, not on the interpreter.
#pragma once
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace forklab::lang {

class BigInt {
public:
    BigInt() = default;                       // zero
    BigInt(int64_t v);                        // implicit, so that `x * 10 + d` reads naturally
    template <std::floating_point F>
    BigInt(F) = delete;                       // use from_double: truncation must be explicit

    // ---- conversion -------------------------------------------------------------------
    // Python's int(text, base): base 0 (prefix decides, no leading zeros) or 2..36; ASCII
    // whitespace around, an optional sign, single underscores between digits, a 0x/0o/0b
    // prefix when base is 0 or matches it. False (out untouched) for anything else.
    static bool from_string(std::string_view text, int base, BigInt& out);
    // Lowercase digits, a leading '-' for negatives, no prefix. base must be 2..36.
    std::string to_string(int base = 10) const;
    // Truncates toward zero like int(float). False for inf and nan.
    static bool from_double(double d, BigInt& out);

    bool fits_int64() const;
    int64_t to_int64() const;                 // exact when fits_int64(); else the low 64 bits
    // Correctly rounded (half to even) like int.__float__. A value that rounds past
    // DBL_MAX sets *overflow (when given) and returns +-infinity.
    double to_double(bool* overflow) const;

    // ---- queries ----------------------------------------------------------------------
    bool is_zero() const { return mag_.empty(); }
    bool is_negative() const { return neg_; }
    size_t bit_length() const;                // of |x|, like int.bit_length(); 0 for zero
    size_t approx_bytes() const;              // heap + object, for a memory budget
    int64_t py_hash() const;                  // == CPython hash(int)
    static int64_t py_hash_int64(int64_t v);  // the same for an inline int, without a BigInt

    // ---- arithmetic -------------------------------------------------------------------
    BigInt operator-() const;
    BigInt abs() const;
    static BigInt add(const BigInt& a, const BigInt& b);
    static BigInt sub(const BigInt& a, const BigInt& b);
    static BigInt mul(const BigInt& a, const BigInt& b);
    // Python divmod: q = floor(a / b), r = a - q*b (sign of b). False when b == 0.
    // q and r may alias a or b.
    static bool divmod(const BigInt& a, const BigInt& b, BigInt& q, BigInt& r);
    static BigInt pow(const BigInt& base, uint64_t exp);   // 0**0 == 1
    // Python pow(base, exp, mod) for exp >= 0: the result has the sign of mod.
    // False when mod == 0 or exp < 0.
    static bool pow_mod(const BigInt& base, const BigInt& exp, const BigInt& mod, BigInt& out);

    // ---- bits (negatives behave as infinite two's complement) -------------------------
    static BigInt bit_and(const BigInt& a, const BigInt& b);
    static BigInt bit_or(const BigInt& a, const BigInt& b);
    static BigInt bit_xor(const BigInt& a, const BigInt& b);
    BigInt bit_not() const;                   // ~x == -x - 1
    BigInt shl(uint64_t n) const;             // x * 2**n
    BigInt shr(uint64_t n) const;             // floor(x / 2**n)

    static int compare(const BigInt& a, const BigInt& b);   // -1, 0, 1

    // ---- operators: sugar over the functions above -------------------------------------
    friend BigInt operator+(const BigInt& a, const BigInt& b) { return add(a, b); }
    friend BigInt operator-(const BigInt& a, const BigInt& b) { return sub(a, b); }
    friend BigInt operator*(const BigInt& a, const BigInt& b) { return mul(a, b); }
    friend BigInt operator&(const BigInt& a, const BigInt& b) { return bit_and(a, b); }
    friend BigInt operator|(const BigInt& a, const BigInt& b) { return bit_or(a, b); }
    friend BigInt operator^(const BigInt& a, const BigInt& b) { return bit_xor(a, b); }
    BigInt operator~() const { return bit_not(); }
    BigInt operator<<(uint64_t n) const { return shl(n); }
    BigInt operator>>(uint64_t n) const { return shr(n); }
    BigInt& operator+=(const BigInt& b) { return *this = add(*this, b); }
    BigInt& operator-=(const BigInt& b) { return *this = sub(*this, b); }
    BigInt& operator*=(const BigInt& b) { return *this = mul(*this, b); }
    friend bool operator==(const BigInt& a, const BigInt& b) {
        return a.neg_ == b.neg_ && a.mag_ == b.mag_;
    }
    friend std::strong_ordering operator<=>(const BigInt& a, const BigInt& b) {
        return compare(a, b) <=> 0;
    }

private:
    using Mag = std::vector<uint32_t>;        // little-endian limbs, no leading zero limbs
    BigInt(Mag mag, bool neg);                // normalizes
    static BigInt signed_add(const BigInt& a, const BigInt& b, bool b_neg);  // a + (+-|b|)
    template <class Op>
    static BigInt bitwise(const BigInt& a, const BigInt& b, Op op);
    bool test_bit(size_t i) const;            // of |x|
    Mag mag_;
    bool neg_ = false;                        // never true for zero
};

}  // namespace forklab::lang
