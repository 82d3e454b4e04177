// Python ints beyond int64: see int_value.h. CPython 3.11's Objects/longobject.c is the
// reference for every message, for the correctly rounded int / int, and for the limit on
// decimal digits (sys.set_int_max_str_digits).
//
// Index: [SECTION] helpers  [SECTION] order and hash  [SECTION] operators  [SECTION] conversions
#include "lang/int_value.h"

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cctype>
#include <cmath>
#include <cstring>

#include "lang/ast.h"
#include "lang/interp_state.h"

namespace forklab::lang {

// [SECTION] helpers -------------------------------------------------------------------------
namespace {

int64_t small_of(const Value& v) { return v.tag == Tag::integer ? v.u.i : int64_t(v.u.b); }

// A BigInt view of an int Value: the object's own BigInt, or a temporary for an inline int.
class IntRef {
public:
    explicit IntRef(const Value& v) {
        if (v.is(OT::bigint)) {
            p_ = &v.as<BigIntObj>()->v;
        } else {
            tmp_ = BigInt(small_of(v));
            p_ = &tmp_;
        }
    }
    IntRef(const IntRef&) = delete;
    IntRef& operator=(const IntRef&) = delete;
    const BigInt& operator*() const { return *p_; }
    const BigInt* operator->() const { return p_; }

private:
    BigInt tmp_;
    const BigInt* p_;
};

// CPython refuses an int of more than (PY_SSIZE_T_MAX - header) / 4 30-bit digits with
// "too many digits in integer" (1 << 10**20); below that a huge request is a MemoryError.
constexpr double kMaxBits = double((INT64_MAX - 24) / 4) * 30;

// Charges a result of about `bits` bits before it is computed: a request over the whole
// budget fails at once, so 10**10**12 or 1 << 10**12 never allocate.
Res charge_bits(State& st, double bits) {
    if (bits <= 64) return Res::ok;
    return charge_memory(st, bits / 8 + 48);
}

// Normalizes a result, charging the memory budget for an object.
Res int_result(State& st, BigInt v, Value& out) {
    out = make_int(std::move(v));
    if (out.is_obj()) return charge_memory(st, double(out.as<BigIntObj>()->v.approx_bytes()) + 48);
    return Res::ok;
}

double bits_of(const BigInt& x) { return double(x.bit_length()); }

// log2(|x|) for x != 0, to size a power before computing it.
double log2_abs(const BigInt& x) {
    const size_t n = x.bit_length();
    if (n <= 1000) return std::log2(std::fabs(x.to_double(nullptr)));
    return std::log2(std::fabs(x.shr(n - 64).to_double(nullptr))) + double(n - 64);
}

Res too_large_for_float(State& st) { return st.raise("OverflowError", "int too large to convert to float"); }

std::string limit_message(int64_t limit, int64_t digits) {
    std::string m = "Exceeds the limit (" + std::to_string(limit) + " digits) for integer string conversion";
    if (digits >= 0) m += ": value has " + std::to_string(digits) + " digits";
    return m + "; use sys.set_int_max_str_digits() to increase the limit";
}

// Digits of x >= 0 in base 2**shift, exactly `width` of them when width > 0 (zero padded).
// Divide and conquer on bit splits: O(n log n), where BigInt::to_string is quadratic.
std::string pow2_digits(const BigInt& x, unsigned shift, size_t width) {
    const size_t ndig = (x.bit_length() + shift - 1) / shift;
    std::string s;
    if (ndig <= 2048) {
        s = x.to_string(1 << shift);
        if (s == "0" && width > 0) s.clear();
    } else {
        const size_t lo_digits = ndig / 2;
        const uint64_t split = uint64_t(lo_digits) * shift;
        const BigInt hi = x.shr(split);
        const BigInt lo = BigInt::sub(x, hi.shl(split));
        s = pow2_digits(hi, shift, 0) + pow2_digits(lo, shift, lo_digits);
    }
    if (width > s.size()) s.insert(0, width - s.size(), '0');
    return s;
}

}  // namespace

BigInt to_bigint(const Value& v) {
    if (v.is(OT::bigint)) return v.as<BigIntObj>()->v;
    return BigInt(small_of(v));
}

// [SECTION] order and hash ------------------------------------------------------------------
namespace {
// An int of any size against a float, exactly: -1, 0, 1, or 3 for NaN.
int int_vs_float(const Value& iv, double d) {
    if (std::isnan(d)) return 3;
    if (std::isinf(d)) return d > 0 ? -1 : 1;
    if (!iv.is(OT::bigint)) {
        const int64_t x = small_of(iv);
        constexpr int64_t kExact = int64_t(1) << 53;  // every int up to here is a double
        if (x >= -kExact && x <= kExact) {
            const double dx = double(x);
            return dx < d ? -1 : dx > d ? 1 : 0;
        }
        if (d >= 0x1p63) return -1;
        if (d < -0x1p63) return 1;
        const double f = std::floor(d);
        const int64_t fi = int64_t(f);
        if (x != fi) return x < fi ? -1 : 1;
        return f < d ? -1 : 0;
    }
    const BigInt& x = iv.as<BigIntObj>()->v;
    if (x.bit_length() > DBL_MAX_EXP + 1) return x.is_negative() ? -1 : 1;  // beyond any double
    const double f = std::floor(d);
    BigInt fb;
    BigInt::from_double(f, fb);
    const int c = BigInt::compare(x, fb);
    if (c != 0) return c;
    return f < d ? -1 : 0;
}

// CPython's _Py_HashDouble for a finite or infinite double.
int64_t hash_double(double v) {
    constexpr uint64_t kMod = (uint64_t(1) << 61) - 1;
    constexpr int kBits = 61;
    if (std::isinf(v)) return v > 0 ? 314159 : -314159;
    int e = 0;
    double m = std::frexp(v, &e);
    bool neg = false;
    if (m < 0) { neg = true; m = -m; }
    uint64_t x = 0;
    while (m != 0) {  // 28 bits at a time
        x = ((x << 28) & kMod) | x >> (kBits - 28);
        m *= 268435456.0;
        e -= 28;
        const uint64_t y = uint64_t(m);
        m -= double(y);
        x += y;
        if (x >= kMod) x -= kMod;
    }
    e = e >= 0 ? e % kBits : kBits - 1 - ((-1 - e) % kBits);
    x = ((x << e) & kMod) | x >> (kBits - e);
    if (neg) x = 0 - x;
    int64_t r = int64_t(x);
    return r == -1 ? -2 : r;
}
}  // namespace

bool int_mixed_order(const Value& a, const Value& b, int* out) {
    const bool ab = a.is(OT::bigint), bb = b.is(OT::bigint);
    const bool ai = ab || a.tag == Tag::integer || a.tag == Tag::boolean;
    const bool bi = bb || b.tag == Tag::integer || b.tag == Tag::boolean;
    if (ai && bi) {
        if (!ab && !bb) return false;
        if (ab && bb) {
            *out = BigInt::compare(a.as<BigIntObj>()->v, b.as<BigIntObj>()->v);
            return true;
        }
        // A BigIntObj against an inline int: the object lies outside int64's range.
        const int big_sign = (ab ? a : b).as<BigIntObj>()->v.is_negative() ? -1 : 1;
        *out = ab ? big_sign : -big_sign;
        return true;
    }
    if (ai && b.tag == Tag::real) {
        *out = int_vs_float(a, b.u.f);
        return true;
    }
    if (a.tag == Tag::real && bi) {
        const int c = int_vs_float(b, a.u.f);
        *out = c == 3 ? 3 : -c;
        return true;
    }
    return false;
}

bool py_hash_number(const Value& v, int64_t* out) {
    switch (v.tag) {
        case Tag::boolean: *out = v.u.b ? 1 : 0; return true;
        case Tag::integer: *out = BigInt::py_hash_int64(v.u.i); return true;
        case Tag::real:
            if (std::isnan(v.u.f)) return false;
            *out = hash_double(v.u.f);
            return true;
        case Tag::obj:
            if (!v.is(OT::bigint)) return false;
            *out = v.as<BigIntObj>()->v.py_hash();
            return true;
        default: return false;
    }
}

// [SECTION] operators -----------------------------------------------------------------------
namespace {
// int / int, correctly rounded (CPython's long_true_divide): scale a so that a // b has
// DBL_MANT_DIG + 2 or + 3 bits, fold the remainder into a sticky bit, round half to even.
Res true_divide(State& st, const BigInt& a, const BigInt& b, Value& out) {
    if (b.is_zero()) return st.raise("ZeroDivisionError", "division by zero");
    const bool neg = a.is_negative() != b.is_negative();
    if (a.is_zero()) { out = Value::real(neg ? -0.0 : 0.0); return Res::ok; }
    const BigInt ua = a.abs(), ub = b.abs();
    const int64_t abits = int64_t(ua.bit_length()), bbits = int64_t(ub.bit_length());
    if (abits <= DBL_MANT_DIG && bbits <= DBL_MANT_DIG) {  // both exact: one IEEE rounding
        out = Value::real(a.to_double(nullptr) / b.to_double(nullptr));
        return Res::ok;
    }
    const int64_t diff = abits - bbits;
    const char* too_large = "integer division result too large for a float";
    if (diff > DBL_MAX_EXP) return st.raise("OverflowError", too_large);
    if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 1) { out = Value::real(neg ? -0.0 : 0.0); return Res::ok; }
    const int64_t shift = std::max<int64_t>(diff, DBL_MIN_EXP) - DBL_MANT_DIG - 2;
    bool inexact = false;
    BigInt x;
    if (shift <= 0) {
        x = ua.shl(uint64_t(-shift));
    } else {
        x = ua.shr(uint64_t(shift));
        inexact = x.shl(uint64_t(shift)) != ua;
    }
    BigInt q, r;
    BigInt::divmod(x, ub, q, r);
    inexact = inexact || !r.is_zero();
    uint64_t qv = uint64_t(q.to_int64());  // fewer than 57 bits
    const int xbits = 64 - std::countl_zero(qv);
    const int extra = int(std::max<int64_t>(xbits, DBL_MIN_EXP - shift) - DBL_MANT_DIG);  // 2 or 3
    const uint64_t mask = uint64_t(1) << (extra - 1);
    uint64_t low = qv | uint64_t(inexact);
    if ((low & mask) && (low & (3 * mask - 1))) low += mask;
    qv = low & ~(2 * mask - 1);
    const double dx = double(qv);  // exact: at most DBL_MANT_DIG significant bits
    if (shift + xbits >= DBL_MAX_EXP && (shift + xbits > DBL_MAX_EXP || dx == std::ldexp(1.0, xbits)))
        return st.raise("OverflowError", too_large);
    const double res = std::ldexp(dx, int(shift));
    out = Value::real(neg ? -res : res);
    return Res::ok;
}

Res int_pow(State& st, const BigInt& a, const BigInt& b, Value& out) {
    if (b.is_negative()) {  // a float, as float(a) ** float(b)
        bool of = false;
        const double x = a.to_double(&of);
        if (of) return too_large_for_float(st);
        const double y = b.to_double(&of);
        if (of) return too_large_for_float(st);
        if (x == 0) return st.raise("ZeroDivisionError", "0.0 cannot be raised to a negative power");
        out = Value::real(std::pow(x, y));
        return Res::ok;
    }
    const bool odd = (b.to_int64() & 1) != 0;
    if (b.is_zero() || a == BigInt(1)) { out = Value::integer(1); return Res::ok; }
    if (a.is_zero()) { out = Value::integer(0); return Res::ok; }
    if (a == BigInt(-1)) { out = Value::integer(odd ? -1 : 1); return Res::ok; }
    if (!b.fits_int64()) return st.raise("MemoryError", "");
    const uint64_t e = uint64_t(b.to_int64());
    if (charge_bits(st, double(e) * log2_abs(a) + 1) != Res::ok) return Res::error;
    out = make_int(BigInt::pow(a, e));
    return Res::ok;
}
}  // namespace

Res int_binary_op(State& st, int op, const Value& av, const Value& bv, Value& out) {
    const IntRef ra(av), rb(bv);
    const BigInt& a = *ra;
    const BigInt& b = *rb;
    switch (op) {
        case op_add: return int_result(st, a + b, out);
        case op_sub: return int_result(st, a - b, out);
        case op_mul:
            if (charge_bits(st, bits_of(a) + bits_of(b)) != Res::ok) return Res::error;
            out = make_int(a * b);
            return Res::ok;
        case op_truediv: return true_divide(st, a, b, out);
        case op_floordiv: case op_mod: {
            BigInt q, r;
            if (!BigInt::divmod(a, b, q, r))
                return st.raise("ZeroDivisionError", op == op_mod ? "integer modulo by zero" : "integer division or modulo by zero");
            return int_result(st, op == op_mod ? std::move(r) : std::move(q), out);
        }
        case op_pow: return int_pow(st, a, b, out);
        case op_lshift: {
            if (b.is_negative()) return st.raise("ValueError", "negative shift count");
            if (a.is_zero()) { out = Value::integer(0); return Res::ok; }
            const double bits = bits_of(a) + b.to_double(nullptr);
            if (bits > kMaxBits) return st.raise("OverflowError", "too many digits in integer");
            if (!b.fits_int64()) return st.raise("MemoryError", "");
            if (charge_bits(st, bits) != Res::ok) return Res::error;
            out = make_int(a.shl(uint64_t(b.to_int64())));
            return Res::ok;
        }
        case op_rshift:
            if (b.is_negative()) return st.raise("ValueError", "negative shift count");
            if (!b.fits_int64() || uint64_t(b.to_int64()) >= a.bit_length()) {
                out = Value::integer(a.is_negative() ? -1 : 0);
                return Res::ok;
            }
            return int_result(st, a.shr(uint64_t(b.to_int64())), out);
        case op_and: return int_result(st, a & b, out);
        case op_or: return int_result(st, a | b, out);
        case op_xor: return int_result(st, a ^ b, out);
        default: return st.raise("SystemError", "bad int operator");
    }
}

Res int_unary_op(State& st, int op, const Value& v, Value& out) {
    if (op == op_pos) {
        out = v.tag == Tag::boolean ? Value::integer(v.u.b) : v;
        return Res::ok;
    }
    const IntRef r(v);
    return int_result(st, op == op_invert ? ~*r : -*r, out);
}

Res int_abs(State& st, const Value& v, Value& out) {
    const IntRef r(v);
    return int_result(st, r->abs(), out);
}

// [SECTION] conversions ---------------------------------------------------------------------
Res int_to_double(State& st, const Value& v, double* out) {
    if (!v.is(OT::bigint)) { *out = double(small_of(v)); return Res::ok; }
    bool of = false;
    *out = v.as<BigIntObj>()->v.to_double(&of);
    return of ? too_large_for_float(st) : Res::ok;
}

Res int_from_double(State& st, double d, Value& out) {
    if (std::isnan(d)) return st.raise("ValueError", "cannot convert float NaN to integer");
    if (std::isinf(d)) return st.raise("OverflowError", "cannot convert float infinity to integer");
    if (d >= -0x1p63 && d < 0x1p63) { out = Value::integer(int64_t(d)); return Res::ok; }
    BigInt b;
    BigInt::from_double(d, b);
    return int_result(st, std::move(b), out);
}

Res int_from_text(State& st, const std::string& text, int64_t base, Value& out) {
    if (base != 0 && (base < 2 || base > 36)) return st.raise("ValueError", "int() base must be >= 2 and <= 36, or 0");
    BigInt v;
    if (!BigInt::from_string(text, int(base), v)) {
        // CPython's "%.200R": the repr, cut after 200 characters (closing quote included).
        std::string r = str_repr(text);
        size_t cut = 0;
        for (size_t chars = 0; cut < r.size() && chars < 200; ++chars) {
            ++cut;
            while (cut < r.size() && (static_cast<unsigned char>(r[cut]) & 0xC0) == 0x80) ++cut;
        }
        r.resize(cut);
        return st.raise("ValueError", "invalid literal for int() with base " + std::to_string(base) + ": " + r);
    }
    // The digit limit applies to bases that are not powers of two. A valid text in such a
    // base has no prefix, so its digits are its letters and numbers.
    const size_t start = text.find_first_not_of(" \t\n\r\f\v+-");
    const bool prefixed = start != std::string::npos && start + 1 < text.size() && text[start] == '0' &&
                          std::strchr("xXoObB", text[start + 1]) != nullptr && (base == 0 || base == 16 || base == 8 || base == 2);
    const int64_t eff = base == 0 ? (prefixed ? 16 : 10) : base;
    const int64_t limit = st.int_max_str_digits;
    if ((eff & (eff - 1)) != 0 && limit > 0 && int64_t(text.size()) > limit) {
        int64_t digits = 0;
        for (unsigned char c : text) digits += std::isalnum(c) ? 1 : 0;
        if (digits > limit) return st.raise("ValueError", limit_message(limit, digits));
    }
    return int_result(st, std::move(v), out);
}

Res int_digits(State& st, const Value& v, int base, bool upper, std::string& out, bool* neg) {
    if (!v.is(OT::bigint)) {
        const int64_t x = small_of(v);
        *neg = x < 0;
        uint64_t mag = x < 0 ? uint64_t(0) - uint64_t(x) : uint64_t(x);
        const char* dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        out.clear();
        do {
            out.push_back(dig[mag % uint64_t(base)]);
            mag /= uint64_t(base);
        } while (mag);
        std::reverse(out.begin(), out.end());
        return Res::ok;
    }
    const BigInt& x = v.as<BigIntObj>()->v;
    *neg = x.is_negative();
    const int64_t limit = st.int_max_str_digits;
    if (base == 10) {
        // |x| >= 2**(bits-1) has at least floor((bits-1) * log10(2)) + 1 digits: refuse the
        // clear cases before the (quadratic) conversion, the rest after it.
        if (limit > 0 && double(x.bit_length() - 1) * 0.30102999566398120 > double(limit) + 1)
            return st.raise("ValueError", limit_message(limit, -1));
        if (charge_memory(st, double(x.bit_length()) * 0.30103 + 64) != Res::ok) return Res::error;
        out = x.abs().to_string(10);
        if (limit > 0 && int64_t(out.size()) > limit) {
            out.clear();
            return st.raise("ValueError", limit_message(limit, -1));
        }
        return Res::ok;
    }
    const unsigned shift = base == 2 ? 1 : base == 8 ? 3 : 4;
    if (charge_memory(st, double(x.bit_length()) / shift + 64) != Res::ok) return Res::error;
    out = pow2_digits(x.abs(), shift, 0);
    if (upper) for (char& c : out) c = char(std::toupper(static_cast<unsigned char>(c)));
    return Res::ok;
}

std::string group_every(const std::string& digits, size_t n, char sep) {
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % n == 0) out.push_back(sep);
        out.push_back(digits[i]);
    }
    return out;
}

Res int_repr(State& st, const Value& v, std::string& out) {
    bool neg = false;
    if (int_digits(st, v, 10, false, out, &neg) != Res::ok) return Res::error;
    if (neg) out.insert(out.begin(), '-');
    return Res::ok;
}

Res int_round(State& st, const Value& v, const Value& ndigits, Value& out) {
    const Value as_int = v.tag == Tag::boolean ? Value::integer(v.u.b) : v;
    if (ndigits.tag == Tag::undef || ndigits.is_none()) { out = as_int; return Res::ok; }
    if (!is_int_value(ndigits))
        return st.raise("TypeError", std::string("'") + type_name(ndigits) + "' object cannot be interpreted as an integer");
    const IntRef nd(ndigits);
    if (!nd->is_negative()) { out = as_int; return Res::ok; }
    const IntRef x(v);
    // 10**k > 2*|x| rounds to 0; |x| < 2**bits, so k > (bits + 1) * log10(2) + 1 is enough.
    const BigInt k = -*nd;
    if (!k.fits_int64() || double(k.to_int64()) > (bits_of(*x) + 1) * 0.30103 + 1) {
        out = Value::integer(0);
        return Res::ok;
    }
    const BigInt p = BigInt::pow(BigInt(10), uint64_t(k.to_int64()));
    BigInt q, r;
    BigInt::divmod(*x, p, q, r);  // r in [0, p)
    const int c = BigInt::compare(r + r, p);
    if (c > 0 || (c == 0 && (q.to_int64() & 1))) q += BigInt(1);  // half to even
    return int_result(st, q * p, out);
}

Res float_round(State& st, double x, const Value& ndigits, Value& out) {
    if (!is_int_value(ndigits))
        return st.raise("TypeError", std::string("'") + type_name(ndigits) + "' object cannot be interpreted as an integer");
    const IntRef nd(ndigits);
    // CPython: beyond these every float rounds to itself, or to a zero of its sign.
    constexpr int64_t kMaxDigits = int64_t((DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103);
    constexpr int64_t kMinDigits = -int64_t((DBL_MAX_EXP + 1) * 0.30103);
    if (!std::isfinite(x) || *nd > BigInt(kMaxDigits)) { out = Value::real(x); return Res::ok; }
    if (*nd < BigInt(kMinDigits)) { out = Value::real(0.0 * x); return Res::ok; }
    const int64_t n = nd->to_int64();
    // x == m * 2**e exactly; q = round_half_even(x * 10**n); the result is q / 10**n.
    int e = 0;
    const double frac = std::frexp(std::fabs(x), &e);
    BigInt m(int64_t(std::ldexp(frac, DBL_MANT_DIG)));
    e -= DBL_MANT_DIG;
    BigInt num = m, den(1);
    const BigInt p10 = BigInt::pow(BigInt(10), uint64_t(n < 0 ? -n : n));
    if (n >= 0) num *= p10;
    else den *= p10;
    if (e >= 0) num = num.shl(uint64_t(e));
    else den = den.shl(uint64_t(-e));
    BigInt q, r;
    BigInt::divmod(num, den, q, r);
    const int c = BigInt::compare(r + r, den);
    if (c > 0 || (c == 0 && (q.to_int64() & 1))) q += BigInt(1);
    Value res;
    if (n >= 0) {
        if (true_divide(st, q, p10, res) != Res::ok) return Res::error;
    } else {
        bool of = false;
        res = Value::real((q * p10).to_double(&of));
        if (of) return st.raise("OverflowError", "rounded value too large to represent");
    }
    out = Value::real(std::copysign(res.u.f, x));
    return Res::ok;
}

}  // namespace forklab::lang
