// time, os, sys, random and math: the small native modules. Their state (the random
// generator) lives in the Interp, never in statics.
#include <cmath>

#include "lang/exceptions.h"
#include "lang/int_value.h"
#include "lang/interp_state.h"

namespace forklab::lang {

namespace {
#define ARGS(fname, req, ...)                                   \
    Value av[sizeof((const char*[]){__VA_ARGS__}) / sizeof(const char*)]; \
    { Res r_ = parse_args(st, a, fname, {__VA_ARGS__}, req, av); if (r_ != Res::ok) return r_; }
#define GIVEN(i) (av[i].tag != Tag::undef)

bool num(const Value& v, double* d) {
    if (v.tag == Tag::integer) { *d = double(v.u.i); return true; }
    if (v.tag == Tag::real) { *d = v.u.f; return true; }
    if (v.tag == Tag::boolean) { *d = v.u.b; return true; }
    return false;
}
Res need_num(State& st, const Value& v, double* d) {
    if (num(v, d)) return Res::ok;
    if (v.is(OT::bigint)) return int_to_double(st, v, d);
    return st.raise("TypeError", std::string("must be real number, not ") + type_name(v));
}
void add(ModuleObj* m, const char* name, NativeFn fn) { m->attrs.emplace_back(name, Value::object(new BuiltinObj(fn, name))); }

Res t_sleep(State& st, CallArgs& a, Value& out) {
    ARGS("sleep", 1, "secs");
    double d;
    if (need_num(st, av[0], &d) != Res::ok) return Res::error;
    if (d < 0) return st.raise("ValueError", "sleep length must be non-negative");
    if (st.host.sleep(d) == OpStatus::blocked) return st.blocked("time.sleep()");
    out = Value();
    return Res::ok;
}
Res t_time(State& st, CallArgs& a, Value& out) { ARGS("time", 0, "x"); out = Value::real(st.host.now_seconds()); return Res::ok; }
Res t_mono(State& st, CallArgs& a, Value& out) { ARGS("perf_counter", 0, "x"); out = Value::real(st.host.monotonic_seconds()); return Res::ok; }
Res os_getpid(State& st, CallArgs& a, Value& out) { ARGS("getpid", 0, "x"); out = Value::integer(st.host.os_pid(st.host.self())); return Res::ok; }
Res os_getppid(State& st, CallArgs& a, Value& out) { ARGS("getppid", 0, "x"); out = Value::integer(st.host.os_ppid()); return Res::ok; }
Res os_cpu_count(State& st, CallArgs& a, Value& out) { ARGS("cpu_count", 0, "x"); out = Value::integer(st.host.cpu_count()); return Res::ok; }
Res sys_exit(State& st, CallArgs& a, Value& out) {
    ARGS("exit", 0, "status");
    out = Value();
    std::vector<Value> args;
    if (GIVEN(0)) args.push_back(av[0]);
    return raise_with_args(st, "SystemExit", std::move(args));
}
Res sys_noop(State& st, CallArgs& a, Value& out) { (void)st; (void)a; out = Value(); return Res::ok; }
Res sys_write(State& st, CallArgs& a, Value& out) {
    ARGS("write", 1, "s");
    if (!av[0].is(OT::str)) return st.raise("TypeError", std::string("write() argument must be str, not ") + type_name(av[0]));
    bool err = a.self->is(OT::module) && a.self->as<ModuleObj>()->name == "sys.stderr";
    st.host.write(err ? Stream::err : Stream::out, str_of_obj(av[0]));
    out = Value::integer(int64_t(utf8_length(str_of_obj(av[0]))));
    return Res::ok;
}

// xorshift128+: per-Interp state; not CPython's Mersenne Twister, so sequences differ.
uint64_t next_u64(State& st) {
    uint64_t s1 = st.rng[0];
    const uint64_t s0 = st.rng[1];
    st.rng[0] = s0;
    s1 ^= s1 << 23;
    st.rng[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
    return st.rng[1] + s0;
}
double next_double(State& st) { return double(next_u64(st) >> 11) * (1.0 / 9007199254740992.0); }
Res r_seed(State& st, CallArgs& a, Value& out) {
    ARGS("seed", 0, "a");
    uint64_t s = 0;
    if (GIVEN(0)) {
        if (av[0].tag == Tag::integer) s = uint64_t(av[0].u.i);
        else s = uint64_t(std::hash<std::string>()(str_of(av[0])));
    }
    uint64_t z = s + 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 2; ++i) {
        z += 0x9e3779b97f4a7c15ULL;
        uint64_t x = z;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
        st.rng[i] = x ^ (x >> 31);
    }
    if (st.rng[0] == 0 && st.rng[1] == 0) st.rng[0] = 1;
    out = Value();
    return Res::ok;
}
Res r_random(State& st, CallArgs& a, Value& out) { ARGS("random", 0, "x"); out = Value::real(next_double(st)); return Res::ok; }
Res r_randint(State& st, CallArgs& a, Value& out) {
    ARGS("randint", 2, "a", "b");
    if (av[0].tag != Tag::integer || av[1].tag != Tag::integer) return st.raise("TypeError", "randint() arguments must be integers");
    int64_t lo = av[0].u.i, hi = av[1].u.i;
    if (hi < lo) return st.raise("ValueError", "empty range for randrange() (" + std::to_string(lo) + ", " + std::to_string(hi + 1) + ", " + std::to_string(hi + 1 - lo) + ")");
    uint64_t span = uint64_t(hi - lo) + 1;
    out = Value::integer(lo + int64_t(span ? next_u64(st) % span : next_u64(st)));
    return Res::ok;
}
Res r_uniform(State& st, CallArgs& a, Value& out) {
    ARGS("uniform", 2, "a", "b");
    double x, y;
    if (need_num(st, av[0], &x) != Res::ok || need_num(st, av[1], &y) != Res::ok) return Res::error;
    out = Value::real(x + (y - x) * next_double(st));
    return Res::ok;
}
Res r_choice(State& st, CallArgs& a, Value& out) {
    ARGS("choice", 1, "seq");
    std::vector<Value> items;
    Res r = to_vector(st, av[0], items);
    if (r != Res::ok) return r;
    if (items.empty()) return st.raise("IndexError", "Cannot choose from an empty sequence");
    out = items[next_u64(st) % items.size()];
    return Res::ok;
}
Res r_shuffle(State& st, CallArgs& a, Value& out) {
    ARGS("shuffle", 1, "x");
    if (!av[0].is(OT::list)) return st.raise("TypeError", "shuffle() needs a list");
    auto& items = av[0].as<ListObj>()->items;
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[next_u64(st) % i]);
    out = Value();
    return Res::ok;
}

Res m_unary(State& st, CallArgs& a, Value& out, const char* name, double (*f)(double)) {
    ARGS(name, 1, "x");
    double d;
    if (need_num(st, av[0], &d) != Res::ok) return Res::error;
    out = Value::real(f(d));
    return Res::ok;
}
Res m_sqrt(State& st, CallArgs& a, Value& out) {
    ARGS("sqrt", 1, "x");
    double d;
    if (need_num(st, av[0], &d) != Res::ok) return Res::error;
    if (d < 0) return st.raise("ValueError", "math domain error");
    out = Value::real(std::sqrt(d));
    return Res::ok;
}
Res m_log(State& st, CallArgs& a, Value& out) {
    ARGS("log", 1, "x", "base");
    double d, b = 0;
    if (need_num(st, av[0], &d) != Res::ok) return Res::error;
    if (GIVEN(1) && need_num(st, av[1], &b) != Res::ok) return Res::error;
    if (d <= 0) return st.raise("ValueError", "math domain error");
    out = Value::real(GIVEN(1) ? std::log(d) / std::log(b) : std::log(d));
    return Res::ok;
}
Res m_floor_ceil(State& st, CallArgs& a, Value& out, bool ceil) {
    ARGS(ceil ? "ceil" : "floor", 1, "x");
    if (av[0].tag == Tag::integer || av[0].is(OT::bigint)) { out = av[0]; return Res::ok; }
    double d;
    if (need_num(st, av[0], &d) != Res::ok) return Res::error;
    return int_from_double(st, ceil ? std::ceil(d) : std::floor(d), out);
}
Res m_floor(State& st, CallArgs& a, Value& out) { return m_floor_ceil(st, a, out, false); }
Res m_ceil(State& st, CallArgs& a, Value& out) { return m_floor_ceil(st, a, out, true); }
Res m_pow(State& st, CallArgs& a, Value& out) {
    ARGS("pow", 2, "x", "y");
    double x, y;
    if (need_num(st, av[0], &x) != Res::ok || need_num(st, av[1], &y) != Res::ok) return Res::error;
    out = Value::real(std::pow(x, y));
    return Res::ok;
}
Res m_fabs(State& st, CallArgs& a, Value& out) { return m_unary(st, a, out, "fabs", [](double d) { return std::fabs(d); }); }
Res m_exp(State& st, CallArgs& a, Value& out) { return m_unary(st, a, out, "exp", [](double d) { return std::exp(d); }); }
Res m_sin(State& st, CallArgs& a, Value& out) { return m_unary(st, a, out, "sin", [](double d) { return std::sin(d); }); }
Res m_cos(State& st, CallArgs& a, Value& out) { return m_unary(st, a, out, "cos", [](double d) { return std::cos(d); }); }
}  // namespace

Value make_time_module(State& st) {
    (void)st;
    auto* m = new ModuleObj("time");
    Value v = Value::object(m);
    add(m, "sleep", t_sleep);
    add(m, "time", t_time);
    add(m, "perf_counter", t_mono);
    add(m, "monotonic", t_mono);
    return v;
}
Value make_os_module(State& st) {
    (void)st;
    auto* m = new ModuleObj("os");
    Value v = Value::object(m);
    add(m, "getpid", os_getpid);
    add(m, "getppid", os_getppid);
    add(m, "cpu_count", os_cpu_count);
    return v;
}
Value make_sys_module(State& st) {
    auto* m = new ModuleObj("sys");
    Value v = Value::object(m);
    add(m, "exit", sys_exit);
    for (const char* s : {"sys.stdout", "sys.stderr"}) {
        auto* f = new ModuleObj(s);
        Value fv = Value::object(f);
        f->attrs.emplace_back("write", Value::object(new BuiltinObj(sys_write, "write", fv)));
        f->attrs.emplace_back("flush", Value::object(new BuiltinObj(sys_noop, "flush")));
        m->attrs.emplace_back(s + 4, fv);
    }
    m->attrs.emplace_back("argv", make_list({make_str(st.program->filename)}));
    m->attrs.emplace_back("maxsize", Value::integer(INT64_MAX));
    add(m, "set_int_max_str_digits", sys_set_int_max_str_digits);  // builtins_int.cpp
    add(m, "get_int_max_str_digits", sys_get_int_max_str_digits);
    return v;
}
Value make_random_module(State& st) {
    (void)st;
    auto* m = new ModuleObj("random");
    Value v = Value::object(m);
    add(m, "seed", r_seed);
    add(m, "random", r_random);
    add(m, "randint", r_randint);
    add(m, "uniform", r_uniform);
    add(m, "choice", r_choice);
    add(m, "shuffle", r_shuffle);
    return v;
}
Value make_math_module(State& st) {
    (void)st;
    auto* m = new ModuleObj("math");
    Value v = Value::object(m);
    add(m, "sqrt", m_sqrt);
    add(m, "floor", m_floor);
    add(m, "ceil", m_ceil);
    add(m, "pow", m_pow);
    add(m, "fabs", m_fabs);
    add(m, "exp", m_exp);
    add(m, "log", m_log);
    add(m, "sin", m_sin);
    add(m, "cos", m_cos);
    add(m, "gcd", math_gcd);  // builtins_int.cpp: the functions on ints of any size
    add(m, "lcm", math_lcm);
    add(m, "factorial", math_factorial);
    add(m, "isqrt", math_isqrt);
    add(m, "comb", math_comb);
    add(m, "perm", math_perm);
    add(m, "prod", math_prod);
    m->attrs.emplace_back("pi", Value::real(3.141592653589793));
    m->attrs.emplace_back("e", Value::real(2.718281828459045));
    m->attrs.emplace_back("inf", Value::real(HUGE_VAL));
    return v;
}

}  // namespace forklab::lang
