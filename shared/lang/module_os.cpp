// The os module: process ids and the core count, from the Host.
#include "lang/module_util.h"

namespace forklab::lang {

namespace {
Res os_getpid(State& st, CallArgs& a, Value& out) { FORKLAB_ARGS("getpid", 0, "x"); out = Value::integer(st.host.os_pid(st.host.self())); return Res::ok; }
Res os_getppid(State& st, CallArgs& a, Value& out) { FORKLAB_ARGS("getppid", 0, "x"); out = Value::integer(st.host.os_ppid()); return Res::ok; }
Res os_cpu_count(State& st, CallArgs& a, Value& out) { FORKLAB_ARGS("cpu_count", 0, "x"); out = Value::integer(st.host.cpu_count()); return Res::ok; }
}  // namespace

Value make_os_module(State& st) {
    (void)st;
    auto* m = new ModuleObj("os");
    Value v = Value::object(m);
    module_add(m, "getpid", os_getpid);
    module_add(m, "getppid", os_getppid);
    module_add(m, "cpu_count", os_cpu_count);
    return v;
}

}  // namespace forklab::lang
