// The math module: the float functions here; the ones on ints of any size (gcd, lcm,
// factorial, isqrt, comb, perm, prod) are in builtins_int.cpp.
//
// Errors follow CPython 3.11's rules: a NaN from non-NaN arguments is ValueError "math domain
// error"; an infinity from finite arguments is OverflowError "math range error" for the
// functions that can overflow (exp, sinh, pow ...) and "math domain error" for the others
// (a singularity: log(0), atanh(1)). hypot/dist use CPython's accurate vector norm and fsum
// its exact partial sums, so results agree to the last bit.
// Not provided: gamma and lgamma (CPython has its own implementations, whose last bits a
// libm would not reproduce).
#include <cmath>
#include <cstring>

#include "lang/module_util.h"

namespace forklab::lang {

namespace {

Res domain_error(State& st) { return st.raise("ValueError", "math domain error"); }
Res range_error(State& st) { return st.raise("OverflowError", "math range error"); }

Res no_keywords(State& st, CallArgs& a, const char* qualname) {
    if (a.nkw == 0) return Res::ok;
    return st.raise("TypeError", std::string(qualname) + "() takes no keyword arguments");
}

// A function of one positional argument: "math.sqrt() takes exactly one argument (2 given)".
Res one_arg(State& st, CallArgs& a, const char* name, Value* x) {
    const std::string q = std::string("math.") + name;
    if (no_keywords(st, a, q.c_str()) != Res::ok) return Res::error;
    if (a.npos != 1)
        return st.raise("TypeError", q + "() takes exactly one argument (" + std::to_string(a.npos) + " given)");
    *x = a.pos[0];
    return Res::ok;
}

// Two positional arguments: "atan2 expected 2 arguments, got 1".
Res two_args(State& st, CallArgs& a, const char* name) {
    if (no_keywords(st, a, (std::string("math.") + name).c_str()) != Res::ok) return Res::error;
    if (a.npos != 2)
        return st.raise("TypeError", std::string(name) + " expected 2 arguments, got " + std::to_string(a.npos));
    return Res::ok;
}

Res two_reals(State& st, CallArgs& a, const char* name, double* x, double* y) {
    if (two_args(st, a, name) != Res::ok) return Res::error;
    if (need_real(st, a.pos[0], x) != Res::ok) return Res::error;
    return need_real(st, a.pos[1], y);
}

Res one_real(State& st, CallArgs& a, const char* name, double* x) {
    Value v;
    if (one_arg(st, a, name, &v) != Res::ok) return Res::error;
    return need_real(st, v, x);
}

// CPython's math_1: f(x) with the error rules above.
Res math_1(State& st, CallArgs& a, Value& out, const char* name, double (*f)(double), bool can_overflow) {
    double x;
    if (one_real(st, a, name, &x) != Res::ok) return Res::error;
    const double r = f(x);
    if (std::isnan(r) && !std::isnan(x)) return domain_error(st);
    if (std::isinf(r) && std::isfinite(x)) return can_overflow ? range_error(st) : domain_error(st);
    out = Value::real(r);
    return Res::ok;
}

// CPython's math_2: a NaN from non-NaN arguments is a domain error, an infinity from finite
// ones a range error.
Res math_2(State& st, CallArgs& a, Value& out, const char* name, double (*f)(double, double)) {
    double x, y;
    if (two_reals(st, a, name, &x, &y) != Res::ok) return Res::error;
    const double r = f(x, y);
    if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) return domain_error(st);
    if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) return range_error(st);
    out = Value::real(r);
    return Res::ok;
}

#define FORKLAB_MATH_1(pyname, expr, can_overflow)                               \
    Res m_##pyname(State& st, CallArgs& a, Value& out) {                         \
        return math_1(st, a, out, #pyname, [](double x) { return expr; }, can_overflow); \
    }
FORKLAB_MATH_1(sqrt, std::sqrt(x), false)
FORKLAB_MATH_1(exp, std::exp(x), true)
FORKLAB_MATH_1(exp2, std::exp2(x), true)
FORKLAB_MATH_1(expm1, std::expm1(x), true)
FORKLAB_MATH_1(log1p, std::log1p(x), false)
FORKLAB_MATH_1(cbrt, std::cbrt(x), false)
FORKLAB_MATH_1(fabs, std::fabs(x), false)
FORKLAB_MATH_1(sin, std::sin(x), false)
FORKLAB_MATH_1(cos, std::cos(x), false)
FORKLAB_MATH_1(tan, std::tan(x), false)
FORKLAB_MATH_1(asin, std::asin(x), false)
FORKLAB_MATH_1(acos, std::acos(x), false)
FORKLAB_MATH_1(atan, std::atan(x), false)
FORKLAB_MATH_1(sinh, std::sinh(x), true)
FORKLAB_MATH_1(cosh, std::cosh(x), true)
FORKLAB_MATH_1(tanh, std::tanh(x), false)
FORKLAB_MATH_1(asinh, std::asinh(x), false)
FORKLAB_MATH_1(acosh, std::acosh(x), false)
FORKLAB_MATH_1(atanh, std::atanh(x), false)
FORKLAB_MATH_1(erf, std::erf(x), false)
FORKLAB_MATH_1(erfc, std::erfc(x), false)
// CPython multiplies by the constants 180/pi and pi/180 (not x * 180 / pi).
FORKLAB_MATH_1(degrees, x * (180.0 / 3.141592653589793), false)
FORKLAB_MATH_1(radians, x * (3.141592653589793 / 180.0), false)
#undef FORKLAB_MATH_1

Res m_atan2(State& st, CallArgs& a, Value& out) { return math_2(st, a, out, "atan2", [](double y, double x) { return std::atan2(y, x); }); }
Res m_copysign(State& st, CallArgs& a, Value& out) { return math_2(st, a, out, "copysign", [](double x, double y) { return std::copysign(x, y); }); }
Res m_remainder(State& st, CallArgs& a, Value& out) { return math_2(st, a, out, "remainder", [](double x, double y) { return std::remainder(x, y); }); }
Res m_nextafter(State& st, CallArgs& a, Value& out) { return math_2(st, a, out, "nextafter", [](double x, double y) { return std::nextafter(x, y); }); }

Res m_fmod(State& st, CallArgs& a, Value& out) {
    double x, y;
    if (two_reals(st, a, "fmod", &x, &y) != Res::ok) return Res::error;
    if (std::isinf(y) && std::isfinite(x)) { out = Value::real(x); return Res::ok; }  // fmod(x, inf) == x
    const double r = std::fmod(x, y);
    if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) return domain_error(st);
    out = Value::real(r);
    return Res::ok;
}

// math.pow: IEEE special values handled directly (as CPython does, whatever the libm says),
// then (+-0)**negative is a domain error and a finite overflow a range error.
Res m_pow(State& st, CallArgs& a, Value& out) {
    double x, y, r;
    if (two_reals(st, a, "pow", &x, &y) != Res::ok) return Res::error;
    if (!std::isfinite(x) || !std::isfinite(y)) {
        if (std::isnan(x)) r = y == 0 ? 1.0 : x;
        else if (std::isnan(y)) r = x == 1 ? 1.0 : y;
        else if (std::isinf(x)) {
            const bool odd_y = std::isfinite(y) && std::fmod(std::fabs(y), 2.0) == 1.0;
            if (y > 0) r = odd_y ? x : std::fabs(x);
            else if (y == 0) r = 1.0;
            else r = odd_y ? std::copysign(0.0, x) : 0.0;
        } else {  // y infinite, x finite
            if (std::fabs(x) == 1.0) r = 1.0;
            else if (y > 0 && std::fabs(x) > 1.0) r = y;
            else if (y < 0 && std::fabs(x) < 1.0) r = -y;
            else r = 0.0;
        }
    } else {
        r = std::pow(x, y);
        if (std::isnan(r)) return domain_error(st);
        if (std::isinf(r)) return x == 0 ? domain_error(st) : range_error(st);
    }
    out = Value::real(r);
    return Res::ok;
}

// CPython's loghelper: ints of any size are positive or a domain error, and one too large for
// a float is taken as m * 2**e (0.5 <= m < 1, correctly rounded) so its log is still finite.
Res loghelper(State& st, const Value& v, double (*f)(double), double* out) {
    if (is_int_value(v)) {
        const BigInt n = to_bigint(v);
        if (n.is_negative() || n.is_zero()) return domain_error(st);
        bool overflow = false;
        const double d = n.to_double(&overflow);
        if (!overflow) { *out = f(d); return Res::ok; }
        const size_t bits = n.bit_length();
        const size_t shift = bits - 64;
        const BigInt top = n.shr(shift);
        uint64_t t = uint64_t(top.to_int64());  // the top 64 bits (to_int64 gives the low 64 bits)
        if (top.shl(shift) != n) t |= 1;       // sticky bit: the rounding below stays correct
        double m = std::ldexp(double(t), -64);
        int64_t e = int64_t(bits);
        if (m == 1.0) { m = 0.5; ++e; }
        *out = f(m) + f(2.0) * double(e);
        return Res::ok;
    }
    double x;
    if (need_real(st, v, &x) != Res::ok) return Res::error;
    const double r = f(x);
    if ((std::isnan(r) && !std::isnan(x)) || (std::isinf(r) && std::isfinite(x))) return domain_error(st);
    *out = r;
    return Res::ok;
}

double ln(double x) { return std::log(x); }
double lg2(double x) { return std::log2(x); }
double lg10(double x) { return std::log10(x); }

Res m_log(State& st, CallArgs& a, Value& out) {
    if (no_keywords(st, a, "log") != Res::ok) return Res::error;
    if (a.npos < 1 || a.npos > 2) return st.raise("TypeError", "math.log requires 1 to 2 arguments");
    double num, den;
    if (loghelper(st, a.pos[0], ln, &num) != Res::ok) return Res::error;
    if (a.npos == 1) { out = Value::real(num); return Res::ok; }
    if (loghelper(st, a.pos[1], ln, &den) != Res::ok) return Res::error;
    if (den == 0) return st.raise("ZeroDivisionError", "float division by zero");
    out = Value::real(num / den);
    return Res::ok;
}
Res log_n(State& st, CallArgs& a, Value& out, const char* name, double (*f)(double)) {
    Value v;
    double r;
    if (one_arg(st, a, name, &v) != Res::ok || loghelper(st, v, f, &r) != Res::ok) return Res::error;
    out = Value::real(r);
    return Res::ok;
}
Res m_log2(State& st, CallArgs& a, Value& out) { return log_n(st, a, out, "log2", lg2); }
Res m_log10(State& st, CallArgs& a, Value& out) { return log_n(st, a, out, "log10", lg10); }

// floor, ceil, trunc: ints come back unchanged (bools as ints), floats become ints.
enum class Rounding { floor, ceil, trunc };
Res rounding(State& st, CallArgs& a, Value& out, const char* name, Rounding how) {
    Value v;
    if (one_arg(st, a, name, &v) != Res::ok) return Res::error;
    if (v.tag == Tag::integer || v.is(OT::bigint)) { out = v; return Res::ok; }
    if (v.tag == Tag::boolean) { out = Value::integer(v.u.b); return Res::ok; }
    if (how == Rounding::trunc && v.tag != Tag::real)
        return st.raise("TypeError", std::string("type ") + type_name(v) + " doesn't define __trunc__ method");
    double d;
    if (need_real(st, v, &d) != Res::ok) return Res::error;
    d = how == Rounding::floor ? std::floor(d) : how == Rounding::ceil ? std::ceil(d) : std::trunc(d);
    return int_from_double(st, d, out);
}
Res m_floor(State& st, CallArgs& a, Value& out) { return rounding(st, a, out, "floor", Rounding::floor); }
Res m_ceil(State& st, CallArgs& a, Value& out) { return rounding(st, a, out, "ceil", Rounding::ceil); }
Res m_trunc(State& st, CallArgs& a, Value& out) { return rounding(st, a, out, "trunc", Rounding::trunc); }

Res classify(State& st, CallArgs& a, Value& out, const char* name, bool (*f)(double)) {
    double x;
    if (one_real(st, a, name, &x) != Res::ok) return Res::error;
    out = Value::boolean(f(x));
    return Res::ok;
}
Res m_isfinite(State& st, CallArgs& a, Value& out) { return classify(st, a, out, "isfinite", [](double x) { return std::isfinite(x); }); }
Res m_isinf(State& st, CallArgs& a, Value& out) { return classify(st, a, out, "isinf", [](double x) { return std::isinf(x); }); }
Res m_isnan(State& st, CallArgs& a, Value& out) { return classify(st, a, out, "isnan", [](double x) { return std::isnan(x); }); }

// isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0), with CPython's argument messages.
Res m_isclose(State& st, CallArgs& a, Value& out) {
    static const char* const kNames[] = {"a", "b", "rel_tol", "abs_tol"};
    if (a.npos > 2)
        return st.raise("TypeError", "isclose() takes exactly 2 positional arguments (" + std::to_string(a.npos) + " given)");
    // CPython's order of complaints: a missing argument, then a name given by position
    // too, then an unknown keyword.
    Value av[4];
    for (Value& v : av) v = Value::undef();
    for (int i = 0; i < a.npos; ++i) av[i] = a.pos[i];
    auto index_of = [&](const std::string& kn) {
        for (int i = 0; i < 4; ++i) if (kn == kNames[i]) return i;
        return -1;
    };
    for (int k = 0; k < a.nkw; ++k) {
        const int idx = index_of(str_of_obj(a.kwnames[k]));
        if (idx >= a.npos) av[idx] = a.kwvals[k];
    }
    for (int i = 0; i < 2; ++i)
        if (av[i].tag == Tag::undef)
            return st.raise("TypeError", std::string("isclose() missing required argument '") + kNames[i] + "' (pos " + std::to_string(i + 1) + ")");
    for (int i = 0; i < a.npos; ++i)
        for (int k = 0; k < a.nkw; ++k)
            if (str_of_obj(a.kwnames[k]) == kNames[i])
                return st.raise("TypeError", std::string("argument for isclose() given by name ('") + kNames[i] + "') and position (" + std::to_string(i + 1) + ")");
    for (int k = 0; k < a.nkw; ++k)
        if (index_of(str_of_obj(a.kwnames[k])) < 0)
            return st.raise("TypeError", "'" + str_of_obj(a.kwnames[k]) + "' is an invalid keyword argument for isclose()");
    double x, y, rel_tol = 1e-09, abs_tol = 0.0;
    if (need_real(st, av[0], &x) != Res::ok || need_real(st, av[1], &y) != Res::ok) return Res::error;
    if (av[2].tag != Tag::undef && need_real(st, av[2], &rel_tol) != Res::ok) return Res::error;
    if (av[3].tag != Tag::undef && need_real(st, av[3], &abs_tol) != Res::ok) return Res::error;
    if (rel_tol < 0.0 || abs_tol < 0.0) return st.raise("ValueError", "tolerances must be non-negative");
    bool close;
    if (x == y) close = true;
    else if (std::isinf(x) || std::isinf(y)) close = false;
    else {
        const double diff = std::fabs(y - x);
        close = diff <= std::fabs(rel_tol * y) || diff <= std::fabs(rel_tol * x) || diff <= abs_tol;
    }
    out = Value::boolean(close);
    return Res::ok;
}

// sqrt(sum(x*x for x in v)) as CPython 3.11 computes it (Modules/mathmodule.c vector_norm):
// v holds absolute values, max the largest. The sum of squares is scaled by a power of two
// so its largest term is in [0.5, 1), each square is split exactly (Veltkamp-Dekker) and
// summed with compensation, and the square root gets one differential correction step.
double vector_norm(const std::vector<double>& v, double max, bool found_nan) {
    if (std::isinf(max)) return max;
    if (found_nan) return std::nan("");
    if (max == 0.0 || v.size() <= 1) return max;
    const double kSplit = 134217729.0;  // 2**27 + 1
    double csum = 1.0, frac1 = 0.0, frac2 = 0.0, frac3 = 0.0;
    auto add = [&csum](double x, double& frac) {
        const double old = csum;
        csum += x;
        frac += (old - csum) + x;
    };
    int max_e;
    std::frexp(max, &max_e);
    if (max_e < -1023) {  // 2**-max_e would overflow: divide by max instead
        for (double x : v) {
            x /= max;
            add(x * x, frac1);
        }
        return max * std::sqrt(csum - 1.0 + frac1);
    }
    const double scale = std::ldexp(1.0, -max_e);
    for (double x : v) {
        x *= scale;
        const double t = x * kSplit;
        const double hi = t - (t - x), lo = x - hi;
        add(hi * hi, frac1);
        add(2.0 * hi * lo, frac2);
        frac3 += lo * lo;
    }
    const double h = std::sqrt(csum - 1.0 + (frac1 + frac2 + frac3));
    const double t = h * kSplit;
    const double hi = t - (t - h), lo = h - hi;
    add(-hi * hi, frac1);
    add(-2.0 * hi * lo, frac2);
    add(-lo * lo, frac3);
    const double x = csum - 1.0 + (frac1 + frac2 + frac3);
    return (h + x / (2.0 * h)) / scale;
}

Res m_hypot(State& st, CallArgs& a, Value& out) {
    if (no_keywords(st, a, "math.hypot") != Res::ok) return Res::error;
    std::vector<double> v;
    double max = 0.0;
    bool found_nan = false;
    for (int i = 0; i < a.npos; ++i) {
        double x;
        if (need_real(st, a.pos[i], &x) != Res::ok) return Res::error;
        x = std::fabs(x);
        v.push_back(x);
        found_nan |= std::isnan(x);
        if (x > max) max = x;
    }
    out = Value::real(vector_norm(v, max, found_nan));
    return Res::ok;
}

Res m_dist(State& st, CallArgs& a, Value& out) {
    if (two_args(st, a, "dist") != Res::ok) return Res::error;
    std::vector<Value> p, q;
    if (to_vector(st, a.pos[0], p) != Res::ok || to_vector(st, a.pos[1], q) != Res::ok) return Res::error;
    if (p.size() != q.size()) return st.raise("ValueError", "both points must have the same number of dimensions");
    std::vector<double> v;
    double max = 0.0;
    bool found_nan = false;
    for (size_t i = 0; i < p.size(); ++i) {
        double px, qx;
        if (need_real(st, p[i], &px) != Res::ok || need_real(st, q[i], &qx) != Res::ok) return Res::error;
        const double x = std::fabs(px - qx);
        v.push_back(x);
        found_nan |= std::isnan(x);
        if (x > max) max = x;
    }
    out = Value::real(vector_norm(v, max, found_nan));
    return Res::ok;
}

// fsum: Shewchuk's exact partial sums (non-overlapping, increasing magnitude), rounded once
// at the end, half to even across partials; infinities and NaNs are summed apart.
Res m_fsum(State& st, CallArgs& a, Value& out) {
    Value seq;
    if (one_arg(st, a, "fsum", &seq) != Res::ok) return Res::error;
    std::vector<Value> items;
    if (to_vector(st, seq, items) != Res::ok) return Res::error;
    std::vector<double> p;
    double special_sum = 0.0, inf_sum = 0.0;
    for (const Value& item : items) {
        double x;
        if (need_real(st, item, &x) != Res::ok) return Res::error;
        const double xsave = x;
        size_t i = 0;
        for (double y : p) {
            if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
            const volatile double hi = x + y;
            const volatile double yr = hi - x;
            const double lo = y - yr;
            if (lo != 0.0) p[i++] = lo;
            x = hi;
        }
        p.resize(i);
        if (x == 0.0) continue;
        if (!std::isfinite(x)) {
            // from an inf or nan summand, or an intermediate overflow of finite ones
            if (std::isfinite(xsave)) return st.raise("OverflowError", "intermediate overflow in fsum");
            if (std::isinf(xsave)) inf_sum += xsave;
            special_sum += xsave;
            p.clear();
        } else {
            p.push_back(x);
        }
    }
    if (special_sum != 0.0) {
        if (std::isnan(inf_sum)) return st.raise("ValueError", "-inf + inf in fsum");
        out = Value::real(special_sum);
        return Res::ok;
    }
    double hi = 0.0;
    size_t n = p.size();
    if (n > 0) {
        hi = p[--n];
        double lo = 0.0;
        while (n > 0) {  // add the partials from the top while the sum stays exact
            const double x = hi, y = p[--n];
            hi = x + y;
            const volatile double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) break;
        }
        // Half-even rounding across partials: the next partial breaks a tie in lo's direction.
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            const double y = lo * 2.0;
            const volatile double x = hi + y;
            const volatile double yr = x - hi;
            if (y == yr) hi = x;
        }
    }
    out = Value::real(hi);
    return Res::ok;
}

Res m_frexp(State& st, CallArgs& a, Value& out) {
    double x;
    if (one_real(st, a, "frexp", &x) != Res::ok) return Res::error;
    int e = 0;
    if (std::isfinite(x) && x != 0) x = std::frexp(x, &e);
    out = make_tuple({Value::real(x), Value::integer(e)});
    return Res::ok;
}

Res m_modf(State& st, CallArgs& a, Value& out) {
    double x, ip;
    if (one_real(st, a, "modf", &x) != Res::ok) return Res::error;
    if (std::isinf(x)) { out = make_tuple({Value::real(std::copysign(0.0, x)), Value::real(x)}); return Res::ok; }
    if (std::isnan(x)) { out = make_tuple({Value::real(x), Value::real(x)}); return Res::ok; }
    const double frac = std::modf(x, &ip);
    out = make_tuple({Value::real(frac), Value::real(ip)});
    return Res::ok;
}

Res m_ldexp(State& st, CallArgs& a, Value& out) {
    if (two_args(st, a, "ldexp") != Res::ok) return Res::error;
    double x;
    if (need_real(st, a.pos[0], &x) != Res::ok) return Res::error;
    if (!is_int_value(a.pos[1])) return st.raise("TypeError", "Expected an int as second argument to ldexp.");
    const BigInt big = to_bigint(a.pos[1]);
    int64_t e = big.fits_int64() ? big.to_int64() : (big.is_negative() ? INT64_MIN : INT64_MAX);
    double r;
    if (x == 0 || !std::isfinite(x)) r = x;
    else if (e > 1 << 30) return range_error(st);
    else if (e < -(1 << 30)) r = std::copysign(0.0, x);
    else {
        r = std::ldexp(x, int(e));
        if (std::isinf(r)) return range_error(st);
    }
    out = Value::real(r);
    return Res::ok;
}

Res m_ulp(State& st, CallArgs& a, Value& out) {
    double x;
    if (one_real(st, a, "ulp", &x) != Res::ok) return Res::error;
    if (std::isnan(x)) { out = Value::real(x); return Res::ok; }
    x = std::fabs(x);
    if (std::isinf(x)) { out = Value::real(x); return Res::ok; }
    const double up = std::nextafter(x, HUGE_VAL);
    out = Value::real(std::isinf(up) ? x - std::nextafter(x, -HUGE_VAL) : up - x);
    return Res::ok;
}
}  // namespace

Value make_math_module(State& st) {
    (void)st;
    auto* m = new ModuleObj("math");
    Value v = Value::object(m);
    struct Fn { const char* name; NativeFn fn; };
    static const Fn kFns[] = {
        {"sqrt", m_sqrt}, {"exp", m_exp}, {"exp2", m_exp2}, {"expm1", m_expm1}, {"log", m_log},
        {"log2", m_log2}, {"log10", m_log10}, {"log1p", m_log1p}, {"pow", m_pow}, {"cbrt", m_cbrt},
        {"fabs", m_fabs}, {"fmod", m_fmod}, {"copysign", m_copysign}, {"remainder", m_remainder},
        {"floor", m_floor}, {"ceil", m_ceil}, {"trunc", m_trunc}, {"modf", m_modf}, {"frexp", m_frexp},
        {"ldexp", m_ldexp}, {"nextafter", m_nextafter}, {"ulp", m_ulp},
        {"sin", m_sin}, {"cos", m_cos}, {"tan", m_tan}, {"asin", m_asin}, {"acos", m_acos},
        {"atan", m_atan}, {"atan2", m_atan2}, {"sinh", m_sinh}, {"cosh", m_cosh}, {"tanh", m_tanh},
        {"asinh", m_asinh}, {"acosh", m_acosh}, {"atanh", m_atanh}, {"erf", m_erf}, {"erfc", m_erfc},
        {"degrees", m_degrees}, {"radians", m_radians}, {"hypot", m_hypot}, {"dist", m_dist},
        {"fsum", m_fsum}, {"isclose", m_isclose}, {"isfinite", m_isfinite}, {"isinf", m_isinf},
        {"isnan", m_isnan},
        // builtins_int.cpp: the functions on ints of any size
        {"gcd", math_gcd}, {"lcm", math_lcm}, {"factorial", math_factorial}, {"isqrt", math_isqrt},
        {"comb", math_comb}, {"perm", math_perm}, {"prod", math_prod},
    };
    for (const Fn& f : kFns) module_add(m, f.name, f.fn);
    m->attrs.emplace_back("pi", Value::real(3.141592653589793));
    m->attrs.emplace_back("e", Value::real(2.718281828459045));
    m->attrs.emplace_back("tau", Value::real(6.283185307179586));
    m->attrs.emplace_back("inf", Value::real(HUGE_VAL));
    m->attrs.emplace_back("nan", Value::real(std::nan("")));
    return v;
}

}  // namespace forklab::lang
