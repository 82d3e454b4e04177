// The os module: process ids, the core count and the working directory, from the Host; the
// path constants of a POSIX system (os.name is "posix" on every backend, the browser too).
// os.environ is an empty dict: a scenario's output must not depend on the machine's
// environment (os.getenv reads that dict, so os.environ["X"] = "1" is seen by getenv).
#include "lang/module_util.h"

namespace forklab::lang {

namespace {
// posix.getpid() and friends: "posix.getpid() takes no arguments (1 given)".
Res no_args(State& st, CallArgs& a, const char* name) {
    if (a.nkw) return st.raise("TypeError", std::string("posix.") + name + "() takes no keyword arguments");
    if (a.npos) return st.raise("TypeError", std::string("posix.") + name + "() takes no arguments (" + std::to_string(a.npos) + " given)");
    return Res::ok;
}
Res os_getpid(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "getpid") != Res::ok) return Res::error;
    out = Value::integer(st.host.os_pid(st.host.self()));
    return Res::ok;
}
Res os_getppid(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "getppid") != Res::ok) return Res::error;
    out = Value::integer(st.host.os_ppid());
    return Res::ok;
}
Res os_cpu_count(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "cpu_count") != Res::ok) return Res::error;
    out = Value::integer(st.host.cpu_count());
    return Res::ok;
}
Res os_getcwd(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "getcwd") != Res::ok) return Res::error;
    out = make_str(st.host.current_dir());
    return Res::ok;
}
// _exit(n): the process ends now with status n: no handler, finally block or with-exit runs
// (the frames unwind as a killed process's do, State::halted), nor does sys.exit's flush.
Res os_exit(State& st, CallArgs& a, Value& out) {
    (void)out;
    if (a.nkw) return st.raise("TypeError", "_exit() takes no keyword arguments");
    if (a.npos != 1) return st.raise("TypeError", "_exit() takes exactly one argument (" + std::to_string(a.npos) + " given)");
    const Value& n = a.pos[0];
    if (n.tag != Tag::integer && n.tag != Tag::boolean)
        return st.raise("TypeError", std::string("'") + type_name(n) + "' object cannot be interpreted as an integer");
    st.os_exit_code = int((n.tag == Tag::boolean ? int64_t(n.u.b) : n.u.i) & 0xff);  // what waitpid reports
    st.halted = true;
    return st.raise("SystemExit", "");
}
// getenv(key, default=None): a Python function in CPython, so its messages are a function's.
Res os_getenv(State& st, CallArgs& a, Value& out) {
    Value key = Value::undef(), dflt;
    if (a.npos > 2) return st.raise("TypeError", "getenv() takes from 1 to 2 positional arguments but " + std::to_string(a.npos) + " were given");
    if (a.npos > 0) key = a.pos[0];
    if (a.npos > 1) dflt = a.pos[1];
    for (int k = 0; k < a.nkw; ++k) {
        const std::string& kn = str_of_obj(a.kwnames[k]);
        const int idx = kn == "key" ? 0 : kn == "default" ? 1 : -1;
        if (idx < 0) return st.raise("TypeError", "getenv() got an unexpected keyword argument '" + kn + "'");
        if (idx < a.npos) return st.raise("TypeError", "getenv() got multiple values for argument '" + kn + "'");
        (idx == 0 ? key : dflt) = a.kwvals[k];
    }
    if (key.tag == Tag::undef) return st.raise("TypeError", "getenv() missing 1 required positional argument: 'key'");
    if (!key.is(OT::str)) return st.raise("TypeError", std::string("str expected, not ") + type_name(key));
    Value environ;
    if (get_attr(st, *a.self, "environ", environ) != Res::ok) return Res::error;
    Value* v = environ.is(OT::dict) ? environ.as<DictObj>()->find(key) : nullptr;
    out = v ? *v : dflt;
    return Res::ok;
}
}  // namespace

Value make_os_module(State& st) {
    (void)st;
    auto* m = new ModuleObj("os");
    Value v = Value::object(m);
    module_add(m, "getpid", os_getpid);
    module_add(m, "getppid", os_getppid);
    module_add(m, "cpu_count", os_cpu_count);
    module_add(m, "getcwd", os_getcwd);
    module_add(m, "_exit", os_exit);
    m->attrs.emplace_back("getenv", Value::object(new BuiltinObj(os_getenv, "getenv", v)));  // bound: reads os.environ
    m->attrs.emplace_back("environ", Value::object(new DictObj()));
    m->attrs.emplace_back("name", make_str("posix"));
    m->attrs.emplace_back("sep", make_str("/"));
    m->attrs.emplace_back("altsep", Value());
    m->attrs.emplace_back("linesep", make_str("\n"));
    m->attrs.emplace_back("pathsep", make_str(":"));
    m->attrs.emplace_back("curdir", make_str("."));
    m->attrs.emplace_back("pardir", make_str(".."));
    m->attrs.emplace_back("extsep", make_str("."));
    m->attrs.emplace_back("devnull", make_str("/dev/null"));
    return v;
}

}  // namespace forklab::lang
