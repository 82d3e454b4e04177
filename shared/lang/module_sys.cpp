// The sys module: exit, stdout/stderr (write through the Host), argv, the interpreter's
// identity (forklab emulates CPython 3.11: version, version_info, hexversion, platform),
// float_info/int_info/maxsize, the recursion limit and the int <-> str digit limit
// (builtins_int.cpp).
//
// sys.setrecursionlimit(n) is checked as CPython checks it and getrecursionlimit() returns n,
// but forklab's own limit stays 1000 frames (deeper recursion needs a bigger C++ stack than
// every backend has); a program that raises the limit to recurse deeper still gets
// RecursionError past 1000 frames.
#include "lang/builtins_number.h"
#include "lang/exceptions.h"
#include "lang/module_util.h"

namespace forklab::lang {

namespace {
const char* const kVersionInfo[] = {"sys.version_info", "major", "minor", "micro", "releaselevel", "serial", nullptr};
const char* const kFloatInfo[] = {"sys.float_info", "max", "max_exp", "max_10_exp", "min", "min_exp", "min_10_exp",
                                  "dig", "mant_dig", "epsilon", "radix", "rounds", nullptr};
const char* const kIntInfo[] = {"sys.int_info", "bits_per_digit", "sizeof_digit", "default_max_str_digits",
                                "str_digits_check_threshold", nullptr};

#if defined(__EMSCRIPTEN__)
constexpr const char* kPlatform = "emscripten";
#elif defined(__APPLE__)
constexpr const char* kPlatform = "darwin";
#elif defined(_WIN32)
constexpr const char* kPlatform = "win32";
#else
constexpr const char* kPlatform = "linux";
#endif

Res sys_exit(State& st, CallArgs& a, Value& out) {
    if (a.nkw) return st.raise("TypeError", "sys.exit() takes no keyword arguments");
    if (a.npos > 1) return st.raise("TypeError", "exit expected at most 1 argument, got " + std::to_string(a.npos));
    out = Value();
    std::vector<Value> args;
    if (a.npos == 1) args.push_back(a.pos[0]);
    return raise_with_args(st, "SystemExit", std::move(args));
}
Res sys_noop(State& st, CallArgs& a, Value& out) { (void)st; (void)a; out = Value(); return Res::ok; }
Res sys_write(State& st, CallArgs& a, Value& out) {
    if (a.nkw) return st.raise("TypeError", "TextIOWrapper.write() takes no keyword arguments");
    if (a.npos != 1)
        return st.raise("TypeError", "TextIOWrapper.write() takes exactly one argument (" + std::to_string(a.npos) + " given)");
    const Value& s = a.pos[0];
    if (!s.is(OT::str)) return st.raise("TypeError", std::string("write() argument must be str, not ") + type_name(s));
    bool err = a.self->is(OT::module) && a.self->as<ModuleObj>()->name == "sys.stderr";
    st.host.write(err ? Stream::err : Stream::out, str_of_obj(s));
    out = Value::integer(int64_t(utf8_length(str_of_obj(s))));
    return Res::ok;
}
Res sys_getrecursionlimit(State& st, CallArgs& a, Value& out) {
    if (a.nkw) return st.raise("TypeError", "sys.getrecursionlimit() takes no keyword arguments");
    if (a.npos) return st.raise("TypeError", "sys.getrecursionlimit() takes no arguments (" + std::to_string(a.npos) + " given)");
    out = Value::integer(st.recursion_limit);
    return Res::ok;
}
Res sys_setrecursionlimit(State& st, CallArgs& a, Value& out) {
    if (a.nkw) return st.raise("TypeError", "sys.setrecursionlimit() takes no keyword arguments");
    if (a.npos != 1)
        return st.raise("TypeError", "sys.setrecursionlimit() takes exactly one argument (" + std::to_string(a.npos) + " given)");
    const Value& v = a.pos[0];
    if (!is_int_value(v))
        return st.raise("TypeError", std::string("'") + type_name(v) + "' object cannot be interpreted as an integer");
    const BigInt n = to_bigint(v);
    if (n > BigInt(INT32_MAX) || n < BigInt(INT32_MIN)) return st.raise("OverflowError", "Python int too large to convert to C int");
    const int64_t limit = n.to_int64();
    if (limit < 1) return st.raise("ValueError", "recursion limit must be greater or equal than 1");
    const int64_t depth = int64_t(st.frames.size()) + 1;  // CPython counts this call too
    if (depth >= limit)
        return st.raise("RecursionError", "cannot set the recursion limit to " + std::to_string(limit) +
                                              " at the recursion depth " + std::to_string(depth) + ": the limit is too low");
    st.recursion_limit = limit;
    out = Value();
    return Res::ok;
}
}  // namespace

Value make_sys_module(State& st) {
    auto* m = new ModuleObj("sys");
    Value v = Value::object(m);
    module_add(m, "exit", sys_exit);
    for (const char* s : {"sys.stdout", "sys.stderr"}) {
        auto* f = new ModuleObj(s);
        Value fv = Value::object(f);
        f->attrs.emplace_back("write", Value::object(new BuiltinObj(sys_write, "write", fv)));
        f->attrs.emplace_back("flush", Value::object(new BuiltinObj(sys_noop, "flush")));
        m->attrs.emplace_back(s + 4, fv);
    }
    m->attrs.emplace_back("argv", make_list({make_str(st.program->filename)}));
    m->attrs.emplace_back("version", make_str("3.11.0 (forklab)"));
    m->attrs.emplace_back("version_info", make_named_tuple(kVersionInfo, {Value::integer(3), Value::integer(11),
                                                                          Value::integer(0), make_str("final"), Value::integer(0)}));
    m->attrs.emplace_back("hexversion", Value::integer(0x030B00F0));
    m->attrs.emplace_back("platform", make_str(kPlatform));
    m->attrs.emplace_back("byteorder", make_str("little"));
    m->attrs.emplace_back("maxsize", Value::integer(INT64_MAX));
    m->attrs.emplace_back("float_info", make_named_tuple(kFloatInfo, {
        Value::real(1.7976931348623157e+308), Value::integer(1024), Value::integer(308), Value::real(2.2250738585072014e-308),
        Value::integer(-1021), Value::integer(-307), Value::integer(15), Value::integer(53), Value::real(2.220446049250313e-16),
        Value::integer(2), Value::integer(1)}));
    m->attrs.emplace_back("int_info", make_named_tuple(kIntInfo, {Value::integer(30), Value::integer(4), Value::integer(4300),
                                                                  Value::integer(640)}));
    module_add(m, "getrecursionlimit", sys_getrecursionlimit);
    module_add(m, "setrecursionlimit", sys_setrecursionlimit);
    module_add(m, "set_int_max_str_digits", sys_set_int_max_str_digits);  // builtins_int.cpp
    module_add(m, "get_int_max_str_digits", sys_get_int_max_str_digits);
    return v;
}

}  // namespace forklab::lang
