// The math module: the float functions here; the ones on ints of any size (gcd, factorial,
// isqrt, comb, perm, prod) are in builtins_int.cpp.
#include <cmath>

#include "lang/module_util.h"

namespace forklab::lang {

namespace {
Res m_unary(State& st, CallArgs& a, Value& out, const char* name, double (*f)(double)) {
    FORKLAB_ARGS(name, 1, "x");
    double d;
    if (need_real(st, av[0], &d) != Res::ok) return Res::error;
    out = Value::real(f(d));
    return Res::ok;
}
Res m_sqrt(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("sqrt", 1, "x");
    double d;
    if (need_real(st, av[0], &d) != Res::ok) return Res::error;
    if (d < 0) return st.raise("ValueError", "math domain error");
    out = Value::real(std::sqrt(d));
    return Res::ok;
}
Res m_log(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("log", 1, "x", "base");
    double d, b = 0;
    if (need_real(st, av[0], &d) != Res::ok) return Res::error;
    if (FORKLAB_GIVEN(1) && need_real(st, av[1], &b) != Res::ok) return Res::error;
    if (d <= 0) return st.raise("ValueError", "math domain error");
    out = Value::real(FORKLAB_GIVEN(1) ? std::log(d) / std::log(b) : std::log(d));
    return Res::ok;
}
Res m_floor_ceil(State& st, CallArgs& a, Value& out, bool ceil) {
    FORKLAB_ARGS(ceil ? "ceil" : "floor", 1, "x");
    if (av[0].tag == Tag::integer || av[0].is(OT::bigint)) { out = av[0]; return Res::ok; }
    double d;
    if (need_real(st, av[0], &d) != Res::ok) return Res::error;
    return int_from_double(st, ceil ? std::ceil(d) : std::floor(d), out);
}
Res m_floor(State& st, CallArgs& a, Value& out) { return m_floor_ceil(st, a, out, false); }
Res m_ceil(State& st, CallArgs& a, Value& out) { return m_floor_ceil(st, a, out, true); }
Res m_pow(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("pow", 2, "x", "y");
    double x, y;
    if (need_real(st, av[0], &x) != Res::ok || need_real(st, av[1], &y) != Res::ok) return Res::error;
    out = Value::real(std::pow(x, y));
    return Res::ok;
}
Res m_fabs(State& st, CallArgs& a, Value& out) { return m_unary(st, a, out, "fabs", [](double d) { return std::fabs(d); }); }
Res m_exp(State& st, CallArgs& a, Value& out) { return m_unary(st, a, out, "exp", [](double d) { return std::exp(d); }); }
Res m_sin(State& st, CallArgs& a, Value& out) { return m_unary(st, a, out, "sin", [](double d) { return std::sin(d); }); }
Res m_cos(State& st, CallArgs& a, Value& out) { return m_unary(st, a, out, "cos", [](double d) { return std::cos(d); }); }
}  // namespace

Value make_math_module(State& st) {
    (void)st;
    auto* m = new ModuleObj("math");
    Value v = Value::object(m);
    module_add(m, "sqrt", m_sqrt);
    module_add(m, "floor", m_floor);
    module_add(m, "ceil", m_ceil);
    module_add(m, "pow", m_pow);
    module_add(m, "fabs", m_fabs);
    module_add(m, "exp", m_exp);
    module_add(m, "log", m_log);
    module_add(m, "sin", m_sin);
    module_add(m, "cos", m_cos);
    module_add(m, "gcd", math_gcd);  // builtins_int.cpp: the functions on ints of any size
    module_add(m, "lcm", math_lcm);
    module_add(m, "factorial", math_factorial);
    module_add(m, "isqrt", math_isqrt);
    module_add(m, "comb", math_comb);
    module_add(m, "perm", math_perm);
    module_add(m, "prod", math_prod);
    m->attrs.emplace_back("pi", Value::real(3.141592653589793));
    m->attrs.emplace_back("e", Value::real(2.718281828459045));
    m->attrs.emplace_back("inf", Value::real(HUGE_VAL));
    return v;
}

}  // namespace forklab::lang
