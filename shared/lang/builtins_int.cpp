// The builtins and module functions that are about ints of any size: hex, oct, bin, pow
// (with a modulus), math.factorial/isqrt/comb/perm/prod/gcd/lcm and
// sys.set_int_max_str_digits. Messages are CPython 3.11's.
#include <cmath>

#include "lang/ast.h"
#include "lang/int_value.h"
#include "lang/native_args.h"

namespace forklab::lang {

namespace {

Res not_an_index(State& st, const Value& v) {
    return st.raise("TypeError", std::string("'") + type_name(v) + "' object cannot be interpreted as an integer");
}

// An int argument that must fit int64_t (overflow_msg: the OverflowError otherwise).
Res small_arg(State& st, const Value& v, const char* overflow_msg, int64_t* out) {
    if (!is_int_value(v)) return not_an_index(st, v);
    if (v.is(OT::bigint)) return st.raise("OverflowError", overflow_msg);
    *out = v.tag == Tag::integer ? v.u.i : int64_t(v.u.b);
    return Res::ok;
}

Res result(State& st, BigInt v, Value& out) {
    out = make_int(std::move(v));
    if (out.is_obj()) return charge_memory(st, double(out.as<BigIntObj>()->v.approx_bytes()) + 48);
    return Res::ok;
}

// Charges about `bits` bits of result before computing it.
Res reserve(State& st, double bits) { return bits <= 64 ? Res::ok : charge_memory(st, bits / 8 + 48); }

// lo * (lo+1) * ... * hi as a balanced product tree (Karatsuba sees balanced operands).
BigInt range_product(uint64_t lo, uint64_t hi) {
    if (lo > hi) return BigInt(1);
    if (hi - lo < 8) {
        BigInt r(1);
        for (uint64_t i = lo; i <= hi; ++i) r *= BigInt(int64_t(i));
        return r;
    }
    const uint64_t mid = lo + (hi - lo) / 2;
    return range_product(lo, mid) * range_product(mid + 1, hi);
}

BigInt gcd(BigInt a, BigInt b) {
    a = a.abs();
    b = b.abs();
    BigInt q, r;
    while (!b.is_zero()) {
        BigInt::divmod(a, b, q, r);
        a = std::move(b);
        b = std::move(r);
    }
    return a;
}

// x with x * a == 1 (mod n), n > 1; false when gcd(a, n) != 1.
bool invmod(const BigInt& a, const BigInt& n, BigInt& out) {
    BigInt q, r;
    BigInt::divmod(a, n, q, r);
    BigInt r0 = n, r1 = r, s0 = 0, s1 = 1;
    while (!r1.is_zero()) {
        BigInt::divmod(r0, r1, q, r);
        r0 = std::move(r1);
        r1 = std::move(r);
        BigInt s2 = s0 - q * s1;
        s0 = std::move(s1);
        s1 = std::move(s2);
    }
    if (r0 != BigInt(1)) return false;
    BigInt::divmod(s0, n, q, out);
    return true;
}

Res prefixed(State& st, CallArgs& a, Value& out, const char* name, int base, const char* prefix) {
    FORKLAB_ARGS(name, 1, "number");
    if (!is_int_value(av[0])) return not_an_index(st, av[0]);
    std::string digits;
    bool neg = false;
    if (int_digits(st, av[0], base, false, digits, &neg) != Res::ok) return Res::error;
    out = make_str((neg ? "-" : "") + std::string(prefix) + digits);
    return Res::ok;
}

Res factorial_of(State& st, const Value& v, Value& out) {
    int64_t n = 0;
    if (small_arg(st, v, "factorial() argument should not exceed 9223372036854775807", &n) != Res::ok) return Res::error;
    if (n < 0) return st.raise("ValueError", "factorial() not defined for negative values");
    if (reserve(st, std::lgamma(double(n) + 1) / std::log(2.0)) != Res::ok) return Res::error;
    return result(st, range_product(1, uint64_t(n)), out);
}

Res non_negative(State& st, const Value& v, const char* what) {
    if (!is_int_value(v)) return not_an_index(st, v);
    if (to_bigint(v).is_negative()) return st.raise("ValueError", std::string(what) + " must be a non-negative integer");
    return Res::ok;
}

// n * (n-1) * ... * (n-k+1), k >= 0.
BigInt falling_product(const BigInt& n, uint64_t k) {
    if (k == 0) return BigInt(1);
    if (n.fits_int64()) return range_product(uint64_t(n.to_int64()) - k + 1, uint64_t(n.to_int64()));
    BigInt r = n;
    for (uint64_t i = 1; i < k; ++i) r *= n - BigInt(int64_t(i));
    return r;
}
}  // namespace

Res b_hex(State& st, CallArgs& a, Value& out) { return prefixed(st, a, out, "hex", 16, "0x"); }
Res b_oct(State& st, CallArgs& a, Value& out) { return prefixed(st, a, out, "oct", 8, "0o"); }
Res b_bin(State& st, CallArgs& a, Value& out) { return prefixed(st, a, out, "bin", 2, "0b"); }

Res b_pow(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("pow", 2, "base", "exp", "mod");
    if (!FORKLAB_GIVEN(2) || av[2].is_none()) return binary_op(st, op_pow, av[0], av[1], out, false);
    if (!is_int_value(av[0]) || !is_int_value(av[1]) || !is_int_value(av[2])) {
        bool numbers = true;
        for (const Value& v : av) numbers = numbers && (is_int_value(v) || v.tag == Tag::real);
        if (numbers) return st.raise("TypeError", "pow() 3rd argument not allowed unless all arguments are integers");
        return st.raise("TypeError", std::string("unsupported operand type(s) for ** or pow(): '") + type_name(av[0]) +
                                         "', '" + type_name(av[1]) + "', '" + type_name(av[2]) + "'");
    }
    BigInt base = to_bigint(av[0]), exp = to_bigint(av[1]);
    const BigInt mod = to_bigint(av[2]);
    if (mod.is_zero()) return st.raise("ValueError", "pow() 3rd argument cannot be 0");
    const BigInt m = mod.abs();
    if (m == BigInt(1)) { out = Value::integer(0); return Res::ok; }
    if (exp.is_negative()) {  // Python 3.8+: the modular inverse, raised to -exp
        BigInt inv;
        if (!invmod(base, m, inv)) return st.raise("ValueError", "base is not invertible for the given modulus");
        base = std::move(inv);
        exp = -exp;
    }
    BigInt r;
    BigInt::pow_mod(base, exp, mod, r);
    return result(st, std::move(r), out);
}

Res math_factorial(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("factorial", 1, "n");
    return factorial_of(st, av[0], out);
}

Res math_isqrt(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("isqrt", 1, "n");
    if (!is_int_value(av[0])) return not_an_index(st, av[0]);
    const BigInt n = to_bigint(av[0]);
    if (n.is_negative()) return st.raise("ValueError", "isqrt() argument must be nonnegative");
    if (n.is_zero()) { out = Value::integer(0); return Res::ok; }
    // Newton's method from above: x0 = 2**ceil(bits/2) >= sqrt(n); it decreases to isqrt(n).
    BigInt x = BigInt(1).shl((n.bit_length() + 1) / 2), q, r;
    for (;;) {
        BigInt::divmod(n, x, q, r);
        BigInt y = (x + q).shr(1);
        if (y >= x) break;
        x = std::move(y);
    }
    return result(st, std::move(x), out);
}

Res math_comb(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("comb", 2, "n", "k");
    if (non_negative(st, av[0], "n") != Res::ok || non_negative(st, av[1], "k") != Res::ok) return Res::error;
    const BigInt n = to_bigint(av[0]);
    BigInt k = to_bigint(av[1]);
    if (k > n) { out = Value::integer(0); return Res::ok; }
    if (n - k < k) k = n - k;
    if (!k.fits_int64()) return st.raise("OverflowError", "min(n - k, k) must not exceed 9223372036854775807");
    const uint64_t kk = uint64_t(k.to_int64());
    if (reserve(st, 2 * double(kk) * std::max(1.0, double(n.bit_length()))) != Res::ok) return Res::error;
    BigInt q, r;
    BigInt::divmod(falling_product(n, kk), range_product(1, kk), q, r);
    return result(st, std::move(q), out);
}

Res math_perm(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("perm", 1, "n", "k");
    if (!FORKLAB_GIVEN(1) || av[1].is_none()) return factorial_of(st, av[0], out);
    if (non_negative(st, av[0], "n") != Res::ok || non_negative(st, av[1], "k") != Res::ok) return Res::error;
    const BigInt n = to_bigint(av[0]), k = to_bigint(av[1]);
    if (k > n) { out = Value::integer(0); return Res::ok; }
    if (!k.fits_int64()) return st.raise("OverflowError", "k must not exceed 9223372036854775807");
    const uint64_t kk = uint64_t(k.to_int64());
    if (reserve(st, double(kk) * std::max(1.0, double(n.bit_length()))) != Res::ok) return Res::error;
    return result(st, falling_product(n, kk), out);
}

Res math_prod(State& st, CallArgs& a, Value& out) {
    if (a.npos != 1)
        return st.raise("TypeError", "prod() takes exactly 1 positional argument (" + std::to_string(a.npos) + " given)");
    FORKLAB_ARGS("prod", 1, "iterable", "start");
    std::vector<Value> items;
    if (to_vector(st, av[0], items) != Res::ok) return Res::error;
    Value acc = FORKLAB_GIVEN(1) ? av[1] : Value::integer(1);
    for (const Value& v : items) {
        Value next;
        if (binary_op(st, op_mul, acc, v, next, false) != Res::ok) return Res::error;
        acc = std::move(next);
    }
    out = std::move(acc);
    return Res::ok;
}

Res math_gcd(State& st, CallArgs& a, Value& out) {
    if (a.nkw) return st.raise("TypeError", "gcd() takes no keyword arguments");
    BigInt g;
    for (int i = 0; i < a.npos; ++i) {
        if (!is_int_value(a.pos[i])) return not_an_index(st, a.pos[i]);
        g = gcd(std::move(g), to_bigint(a.pos[i]));
    }
    return result(st, std::move(g), out);
}

Res math_lcm(State& st, CallArgs& a, Value& out) {
    if (a.nkw) return st.raise("TypeError", "lcm() takes no keyword arguments");
    BigInt l(1), q, r;
    for (int i = 0; i < a.npos; ++i) {
        if (!is_int_value(a.pos[i])) return not_an_index(st, a.pos[i]);
        const BigInt x = to_bigint(a.pos[i]).abs();
        if (x.is_zero() || l.is_zero()) { l = BigInt(); continue; }
        BigInt::divmod(x, gcd(l, x), q, r);
        l *= q;
    }
    return result(st, std::move(l), out);
}

Res sys_set_int_max_str_digits(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("set_int_max_str_digits", 1, "maxdigits");
    if (!is_int_value(av[0])) return not_an_index(st, av[0]);
    const BigInt n = to_bigint(av[0]);
    if (!n.is_zero() && (n < BigInt(640) || !n.fits_int64()))
        return st.raise("ValueError", "maxdigits must be 0 or larger than 640");
    st.int_max_str_digits = n.to_int64();
    out = Value();
    return Res::ok;
}

Res sys_get_int_max_str_digits(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("get_int_max_str_digits", 0, "x");
    out = Value::integer(st.int_max_str_digits);
    return Res::ok;
}

}  // namespace forklab::lang
