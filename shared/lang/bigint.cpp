// BigInt: see bigint.h for the contract.
//
// Index
//   [SECTION] magnitudes   unsigned limb vectors: add, sub, mul (schoolbook, Karatsuba),
//                          division (single limb, Knuth D), shifts
//   [SECTION] BigInt       signs and Python semantics on top of the magnitudes
#include "lang/bigint.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <span>
#include <utility>

namespace forklab::lang {

// ============================================================================ [SECTION] magnitudes
namespace {

using Mag = std::vector<uint32_t>;
using Limbs = std::span<const uint32_t>;  // a view that may carry leading zero limbs
constexpr uint64_t kBase = uint64_t(1) << 32;
constexpr uint64_t kLow = kBase - 1;
// Below this many limbs in the shorter operand, Karatsuba's extra additions cost more than
// the multiplications they save.
constexpr size_t kKaratsubaLimbs = 40;
static_assert(kKaratsubaLimbs >= 2, "the Karatsuba split needs a non-empty lower half");

void trim(Mag& m) {
    while (!m.empty() && m.back() == 0) m.pop_back();
}

Limbs trimmed(Limbs a) {
    while (!a.empty() && a.back() == 0) a = a.first(a.size() - 1);
    return a;
}

Mag mag_from_u64(uint64_t v) {
    Mag m{uint32_t(v), uint32_t(v >> 32)};
    trim(m);
    return m;
}

uint64_t low64(const Mag& m) {
    return (m.size() > 0 ? m[0] : 0) | (m.size() > 1 ? uint64_t(m[1]) << 32 : 0);
}

int cmp_mag(Limbs a, Limbs b) {
    a = trimmed(a);
    b = trimmed(b);
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    for (size_t i = a.size(); i-- > 0;)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

Mag add_mag(Limbs a, Limbs b) {
    if (a.size() < b.size()) std::swap(a, b);
    Mag out(a.size() + 1);
    uint64_t carry = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        const uint64_t s = uint64_t(a[i]) + (i < b.size() ? b[i] : 0) + carry;
        out[i] = uint32_t(s);
        carry = s >> 32;
    }
    out[a.size()] = uint32_t(carry);
    trim(out);
    return out;
}

// a -= b; requires a >= b.
void sub_in_place(Mag& a, Limbs b) {
    b = trimmed(b);
    uint64_t borrow = 0;
    for (size_t i = 0; i < a.size() && (i < b.size() || borrow); ++i) {
        const uint64_t t = uint64_t(a[i]) - (i < b.size() ? b[i] : 0) - borrow;
        a[i] = uint32_t(t);
        borrow = t >> 63;  // the difference went below zero
    }
    trim(a);
}

// acc += x * 2**(32*offset), growing acc when the sum needs it.
void add_shifted(Mag& acc, Limbs x, size_t offset) {
    x = trimmed(x);
    if (acc.size() < offset + x.size() + 1) acc.resize(offset + x.size() + 1, 0);
    uint64_t carry = 0;
    size_t i = 0;
    for (; i < x.size() || carry; ++i) {
        if (offset + i == acc.size()) acc.push_back(0);
        const uint64_t s = uint64_t(acc[offset + i]) + (i < x.size() ? x[i] : 0) + carry;
        acc[offset + i] = uint32_t(s);
        carry = s >> 32;
    }
}

// m = m * mul + add, for parsing digit chunks.
void mul_small_add(Mag& m, uint32_t mul, uint32_t add) {
    uint64_t carry = add;
    for (auto& limb : m) {
        const uint64_t t = uint64_t(limb) * mul + carry;
        limb = uint32_t(t);
        carry = t >> 32;
    }
    if (carry) m.push_back(uint32_t(carry));
}

// m /= d in place; returns the remainder. d != 0.
uint32_t div_small(Mag& m, uint32_t d) {
    uint64_t rem = 0;
    for (size_t i = m.size(); i-- > 0;) {
        const uint64_t cur = (rem << 32) | m[i];
        m[i] = uint32_t(cur / d);
        rem = cur % d;
    }
    trim(m);
    return uint32_t(rem);
}

Mag mul_schoolbook(Limbs a, Limbs b) {
    Mag out(a.size() + b.size(), 0);
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] == 0) continue;
        uint64_t carry = 0;
        for (size_t j = 0; j < b.size(); ++j) {
            // (2**32-1)**2 + 2*(2**32-1) == 2**64-1: a limb product plus two limbs never overflows.
            const uint64_t t = uint64_t(a[i]) * b[j] + out[i + j] + carry;
            out[i + j] = uint32_t(t);
            carry = t >> 32;
        }
        out[i + b.size()] = uint32_t(carry);
    }
    trim(out);
    return out;
}

Mag mul_mag(Limbs a, Limbs b) {
    a = trimmed(a);
    b = trimmed(b);
    if (a.size() < b.size()) std::swap(a, b);
    if (b.empty()) return {};
    if (b.size() < kKaratsubaLimbs) return mul_schoolbook(a, b);
    if (a.size() >= 2 * b.size()) {
        // Lopsided: multiply b by b-sized slices of a, so each product below is balanced.
        Mag out;
        for (size_t i = 0; i < a.size(); i += b.size())
            add_shifted(out, mul_mag(a.subspan(i, std::min(b.size(), a.size() - i)), b), i);
        trim(out);
        return out;
    }
    // Karatsuba: with a = a1*X + a0 and b = b1*X + b0 (X = 2**(32m)),
    // a*b = z2*X**2 + z1*X + z0 where z1 = (a0+a1)(b0+b1) - z2 - z0: three products, not four.
    const size_t m = a.size() / 2;  // < b.size(), so b1 is not empty
    const Limbs a0 = a.first(m), a1 = a.subspan(m), b0 = b.first(m), b1 = b.subspan(m);
    const Mag z0 = mul_mag(a0, b0);
    const Mag z2 = mul_mag(a1, b1);
    Mag z1 = mul_mag(add_mag(a0, a1), add_mag(b0, b1));
    sub_in_place(z1, z0);
    sub_in_place(z1, z2);
    Mag out(a.size() + b.size() + 1, 0);
    add_shifted(out, z0, 0);
    add_shifted(out, z1, m);
    add_shifted(out, z2, 2 * m);
    trim(out);
    return out;
}

Mag shl_mag(Limbs a, uint64_t n) {
    a = trimmed(a);
    if (a.empty()) return {};
    const size_t limbs = size_t(n / 32);
    const unsigned bits = unsigned(n % 32);
    Mag out(a.size() + limbs + 1, 0);
    for (size_t i = 0; i < a.size(); ++i) {
        const uint64_t v = uint64_t(a[i]) << bits;
        out[i + limbs] |= uint32_t(v);
        out[i + limbs + 1] = uint32_t(v >> 32);
    }
    trim(out);
    return out;
}

Mag shr_mag(Limbs a, uint64_t n) {
    a = trimmed(a);
    if (n / 32 >= a.size()) return {};
    const size_t limbs = size_t(n / 32);
    const unsigned bits = unsigned(n % 32);
    Mag out(a.size() - limbs);
    for (size_t i = 0; i < out.size(); ++i) {
        const uint64_t hi = i + limbs + 1 < a.size() ? a[i + limbs + 1] : 0;
        const uint64_t v = (hi << 32) | a[i + limbs];
        out[i] = uint32_t(v >> bits);
    }
    trim(out);
    return out;
}

// Knuth, TAOCP vol. 2, 4.3.1, algorithm D: schoolbook long division, one limb of quotient
// per step. Requires trimmed a >= b with b.size() >= 2.
void divmod_knuth(Limbs a, Limbs b, Mag& q, Mag& r) {
    const size_t n = b.size(), m = a.size() - n;
    // Shift both so the divisor's top limb has its high bit set: then the estimate from the
    // top two limbs is at most 2 too large, and the check below catches almost every miss.
    const int s = std::countl_zero(b.back());
    const Mag v = shl_mag(b, unsigned(s));
    Mag u = shl_mag(a, unsigned(s));
    u.resize(a.size() + 1, 0);
    q.assign(m + 1, 0);
    const uint64_t vtop = v[n - 1], vnext = v[n - 2];
    for (size_t j = m + 1; j-- > 0;) {
        const uint64_t num = (uint64_t(u[j + n]) << 32) | u[j + n - 1];
        uint64_t qhat = num / vtop, rhat = num % vtop;
        while (qhat >= kBase || qhat * vnext > ((rhat << 32) | u[j + n - 2])) {
            --qhat;
            rhat += vtop;
            if (rhat >= kBase) break;
        }
        // u[j .. j+n] -= qhat * v
        uint64_t carry = 0, borrow = 0;
        for (size_t i = 0; i < n; ++i) {
            const uint64_t p = qhat * v[i] + carry;
            carry = p >> 32;
            const uint64_t t = uint64_t(u[i + j]) - (p & kLow) - borrow;
            u[i + j] = uint32_t(t);
            borrow = t >> 63;
        }
        const uint64_t t = uint64_t(u[j + n]) - carry - borrow;
        u[j + n] = uint32_t(t);
        if (t >> 63) {
            // Rare (about 2/2**32 of steps): qhat was still one too large; add v back.
            --qhat;
            uint64_t c = 0;
            for (size_t i = 0; i < n; ++i) {
                const uint64_t sum = uint64_t(u[i + j]) + v[i] + c;
                u[i + j] = uint32_t(sum);
                c = sum >> 32;
            }
            u[j + n] = uint32_t(u[j + n] + c);
        }
        q[j] = uint32_t(qhat);
    }
    trim(q);
    u.resize(n);
    r = shr_mag(u, unsigned(s));
}

// Truncating division of magnitudes. b must not be zero.
void divmod_mag(Limbs a, Limbs b, Mag& q, Mag& r) {
    a = trimmed(a);
    b = trimmed(b);
    if (cmp_mag(a, b) < 0) {
        q.clear();
        r.assign(a.begin(), a.end());
    } else if (b.size() == 1) {
        q.assign(a.begin(), a.end());
        const uint32_t rem = div_small(q, b[0]);
        r = mag_from_u64(rem);
    } else {
        divmod_knuth(a, b, q, r);
    }
}

// The largest power of base that fits a limb, and its exponent: string conversion handles
// that many digits per limb operation.
std::pair<uint32_t, int> digit_chunk(int base) {
    uint64_t p = uint64_t(base);
    int k = 1;
    while (p * uint64_t(base) <= kLow) {
        p *= uint64_t(base);
        ++k;
    }
    return {uint32_t(p), k};
}

int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Two's complement of x in n limbs (n larger than x needs), for the bitwise operators.
Mag to_twos(const Mag& mag, bool neg, size_t n) {
    Mag t = mag;
    t.resize(n, 0);
    if (neg) {  // -x == ~(x - 1)
        for (auto& limb : t)
            if (limb-- != 0) break;
        for (auto& limb : t) limb = ~limb;
    }
    return t;
}

}  // namespace

// ============================================================================ [SECTION] BigInt

BigInt::BigInt(int64_t v)
    : mag_(mag_from_u64(v < 0 ? 0 - uint64_t(v) : uint64_t(v))), neg_(v < 0) {}

BigInt::BigInt(Mag mag, bool neg) : mag_(std::move(mag)) {
    trim(mag_);
    neg_ = neg && !mag_.empty();
}

bool BigInt::test_bit(size_t i) const {
    return i / 32 < mag_.size() && (mag_[i / 32] >> (i % 32)) & 1;
}

// ---- conversion ---------------------------------------------------------------------------

bool BigInt::from_string(std::string_view s, int base, BigInt& out) {
    if (base != 0 && (base < 2 || base > 36)) return false;
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    bool neg = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    bool prefixed = false;
    if (s.size() >= 2 && s[0] == '0') {
        const char p = s[1] | 0x20;  // ASCII lowercase
        const int prefix_base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
        if (prefix_base != 0 && (base == 0 || base == prefix_base)) {
            base = prefix_base;
            prefixed = true;
            s.remove_prefix(2);
        }
    }
    // Python forbids "012" with base 0: it would read as octal in C.
    const bool no_leading_zeros = base == 0;
    if (base == 0) base = 10;

    std::vector<uint8_t> digits;
    digits.reserve(s.size());
    bool after_underscore = false;
    for (const char c : s) {
        if (c == '_') {
            // One underscore between digits, or right after a prefix ("0x_ff").
            if (after_underscore || (digits.empty() && !prefixed)) return false;
            after_underscore = true;
            continue;
        }
        const int d = digit_value(c);
        if (d >= base) return false;
        digits.push_back(uint8_t(d));
        after_underscore = false;
    }
    if (digits.empty() || after_underscore) return false;
    if (no_leading_zeros && digits[0] == 0 &&
        std::any_of(digits.begin(), digits.end(), [](uint8_t d) { return d != 0; }))
        return false;

    const auto [chunk_pow, chunk_len] = digit_chunk(base);
    Mag mag;
    uint32_t chunk = 0, scale = 1;
    int in_chunk = 0;
    for (const uint8_t d : digits) {
        chunk = chunk * uint32_t(base) + d;
        scale *= uint32_t(base);
        if (++in_chunk == chunk_len) {
            mul_small_add(mag, chunk_pow, chunk);
            chunk = 0;
            scale = 1;
            in_chunk = 0;
        }
    }
    if (in_chunk) mul_small_add(mag, scale, chunk);
    out = BigInt(std::move(mag), neg);
    return true;
}

std::string BigInt::to_string(int base) const {
    if (base < 2 || base > 36) return {};
    if (is_zero()) return "0";
    static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    // Peel off chunk_len digits per single-limb division, least significant first: the cost
    // is limbs**2 / chunk_len limb steps: about 2 ms for 10**4 digits, but quadratic beyond.
    const auto [chunk_pow, chunk_len] = digit_chunk(base);
    Mag m = mag_;
    std::string out;
    while (!m.empty()) {
        uint32_t rem = div_small(m, chunk_pow);
        // Inner chunks keep their zeros; the top chunk stops at its highest nonzero digit.
        for (int i = 0; i < chunk_len && (!m.empty() || rem != 0); ++i) {
            out.push_back(kDigits[rem % uint32_t(base)]);
            rem /= uint32_t(base);
        }
    }
    if (neg_) out.push_back('-');
    std::reverse(out.begin(), out.end());
    return out;
}

bool BigInt::from_double(double d, BigInt& out) {
    if (!std::isfinite(d)) return false;
    const double t = std::fabs(std::trunc(d));
    if (t < 1) {
        out = BigInt();
        return true;
    }
    int exp = 0;
    const double frac = std::frexp(t, &exp);  // t == frac * 2**exp, frac in [0.5, 1)
    // 53 bits hold every significand exactly; shift the rest in or (for exp < 53) out,
    // which drops only zero bits because t is an integer.
    const BigInt mant(mag_from_u64(uint64_t(std::ldexp(frac, 53))), false);
    const BigInt r = exp >= 53 ? mant.shl(uint64_t(exp - 53)) : mant.shr(uint64_t(53 - exp));
    out = d < 0 ? -r : r;
    return true;
}

bool BigInt::fits_int64() const {
    if (mag_.size() > 2) return false;
    const uint64_t m = low64(mag_);
    return m <= uint64_t(INT64_MAX) || (neg_ && m == uint64_t(INT64_MAX) + 1);
}

int64_t BigInt::to_int64() const {
    const uint64_t m = low64(mag_);
    return int64_t(neg_ ? 0 - m : m);  // modular, well defined since C++20
}

double BigInt::to_double(bool* overflow) const {
    if (overflow) *overflow = false;
    const size_t n = bit_length();
    const double sign = neg_ ? -1.0 : 1.0;
    if (n <= 53) return sign * double(low64(mag_));  // exact
    // Keep 53 bits plus one rounding bit; "sticky" says whether anything below is nonzero.
    const size_t shift = n - 54;
    uint64_t top = 0;
    for (int i = 0; i < 54; ++i)
        if (test_bit(shift + size_t(i))) top |= uint64_t(1) << i;
    bool sticky = false;
    for (size_t i = 0; i < shift / 32 && !sticky; ++i) sticky = mag_[i] != 0;
    if (!sticky && shift % 32)
        sticky = (mag_[shift / 32] & ((uint32_t(1) << (shift % 32)) - 1)) != 0;
    uint64_t mant = top >> 1;
    size_t exp = shift + 1;
    if ((top & 1) && (sticky || (mant & 1))) ++mant;  // round half to even
    if (mant == uint64_t(1) << 53) {
        mant >>= 1;
        ++exp;
    }
    // DBL_MAX is (2**53-1) * 2**971.
    if (exp > 971) {
        if (overflow) *overflow = true;
        return sign * HUGE_VAL;
    }
    return sign * std::ldexp(double(mant), int(exp));
}

// ---- queries ------------------------------------------------------------------------------

size_t BigInt::bit_length() const {
    if (mag_.empty()) return 0;
    return (mag_.size() - 1) * 32 + size_t(32 - std::countl_zero(mag_.back()));
}

size_t BigInt::approx_bytes() const { return sizeof(BigInt) + mag_.capacity() * sizeof(uint32_t); }

// CPython hashes an int as |x| mod the Mersenne prime 2**61-1, then applies the sign, and
// -1 (its C-level error code) becomes -2.
namespace {
constexpr uint64_t kHashModulus = (uint64_t(1) << 61) - 1;

int64_t signed_hash(uint64_t h, bool neg) {
    const int64_t r = neg ? -int64_t(h) : int64_t(h);
    return r == -1 ? -2 : r;
}
}  // namespace

int64_t BigInt::py_hash() const {
    uint64_t h = 0;
    for (size_t i = mag_.size(); i-- > 0;) {
        // h * 2**32 mod (2**61-1) is a 32-bit rotation within 61 bits, because 2**61 == 1.
        h = ((h << 32) & kHashModulus) | (h >> 29);
        h += mag_[i];
        if (h >= kHashModulus) h -= kHashModulus;
    }
    return signed_hash(h, neg_);
}

int64_t BigInt::py_hash_int64(int64_t v) {
    const uint64_t m = v < 0 ? 0 - uint64_t(v) : uint64_t(v);
    return signed_hash(m % kHashModulus, v < 0);
}

// ---- arithmetic ---------------------------------------------------------------------------

BigInt BigInt::operator-() const { return BigInt(mag_, !neg_); }

BigInt BigInt::abs() const { return BigInt(mag_, false); }

BigInt BigInt::signed_add(const BigInt& a, const BigInt& b, bool b_neg) {
    if (a.neg_ == b_neg) return BigInt(add_mag(a.mag_, b.mag_), b_neg);
    // Opposite signs: subtract the smaller magnitude from the larger, keep the larger's sign.
    const int c = cmp_mag(a.mag_, b.mag_);
    if (c == 0) return BigInt();
    Mag big = c > 0 ? a.mag_ : b.mag_;
    sub_in_place(big, c > 0 ? b.mag_ : a.mag_);
    return BigInt(std::move(big), c > 0 ? a.neg_ : b_neg);
}

BigInt BigInt::add(const BigInt& a, const BigInt& b) { return signed_add(a, b, b.neg_); }

BigInt BigInt::sub(const BigInt& a, const BigInt& b) {
    return signed_add(a, b, !b.neg_ && !b.is_zero());
}

BigInt BigInt::mul(const BigInt& a, const BigInt& b) {
    return BigInt(mul_mag(a.mag_, b.mag_), a.neg_ != b.neg_);
}

bool BigInt::divmod(const BigInt& a, const BigInt& b, BigInt& q, BigInt& r) {
    if (b.is_zero()) return false;
    Mag qm, rm;
    divmod_mag(a.mag_, b.mag_, qm, rm);
    BigInt quot(std::move(qm), a.neg_ != b.neg_);
    BigInt rem(std::move(rm), a.neg_);
    // Truncation rounded a negative quotient toward zero; floor moves it down by one and
    // moves the remainder over to the divisor's side.
    if (!rem.is_zero() && a.neg_ != b.neg_) {
        quot = sub(quot, BigInt(1));
        rem = add(rem, b);
    }
    q = std::move(quot);
    r = std::move(rem);
    return true;
}

BigInt BigInt::pow(const BigInt& base, uint64_t exp) {
    BigInt result(1), square = base;
    while (exp) {
        if (exp & 1) result = mul(result, square);
        exp >>= 1;
        if (exp) square = mul(square, square);
    }
    return result;
}

bool BigInt::pow_mod(const BigInt& base, const BigInt& exp, const BigInt& mod, BigInt& out) {
    if (mod.is_zero() || exp.is_negative()) return false;
    const BigInt m = mod.abs();
    BigInt q, b, result;
    divmod(base, m, q, b);          // b in [0, m)
    divmod(BigInt(1), m, q, result);  // 1, or 0 when m == 1
    for (size_t i = exp.bit_length(); i-- > 0;) {
        divmod(mul(result, result), m, q, result);
        if (exp.test_bit(i)) divmod(mul(result, b), m, q, result);
    }
    if (mod.neg_ && !result.is_zero()) result = sub(result, m);  // Python: the sign of mod
    out = std::move(result);
    return true;
}

// ---- bits ---------------------------------------------------------------------------------

template <class Op>
BigInt BigInt::bitwise(const BigInt& a, const BigInt& b, Op op) {
    // One limb more than either operand holds the sign bit of the result.
    const size_t n = std::max(a.mag_.size(), b.mag_.size()) + 1;
    Mag t = to_twos(a.mag_, a.neg_, n);
    const Mag tb = to_twos(b.mag_, b.neg_, n);
    for (size_t i = 0; i < n; ++i) t[i] = op(t[i], tb[i]);
    const bool neg = t.back() >> 31;
    if (neg) {  // back from two's complement: |x| == ~t + 1
        for (auto& limb : t) limb = ~limb;
        for (auto& limb : t)
            if (++limb != 0) break;
    }
    return BigInt(std::move(t), neg);
}

BigInt BigInt::bit_and(const BigInt& a, const BigInt& b) {
    return bitwise(a, b, [](uint32_t x, uint32_t y) { return x & y; });
}
BigInt BigInt::bit_or(const BigInt& a, const BigInt& b) {
    return bitwise(a, b, [](uint32_t x, uint32_t y) { return x | y; });
}
BigInt BigInt::bit_xor(const BigInt& a, const BigInt& b) {
    return bitwise(a, b, [](uint32_t x, uint32_t y) { return x ^ y; });
}

BigInt BigInt::bit_not() const { return sub(-*this, BigInt(1)); }

BigInt BigInt::shl(uint64_t n) const { return BigInt(shl_mag(mag_, n), neg_); }

BigInt BigInt::shr(uint64_t n) const {
    if (!neg_) return BigInt(shr_mag(mag_, n), false);
    // Flooring for negatives: x >> n == ~(~x >> n), and ~x == |x| - 1 is non-negative.
    Mag m = mag_;
    sub_in_place(m, Mag{1});
    return BigInt(add_mag(shr_mag(m, n), Mag{1}), true);
}

int BigInt::compare(const BigInt& a, const BigInt& b) {
    if (a.neg_ != b.neg_) return a.neg_ ? -1 : 1;
    const int c = cmp_mag(a.mag_, b.mag_);
    return a.neg_ ? -c : c;
}

}  // namespace forklab::lang
