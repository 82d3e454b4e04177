// The time module: sleep (blocking through the Host), time, perf_counter, monotonic.
#include "lang/module_util.h"

namespace forklab::lang {

namespace {
Res t_sleep(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("sleep", 1, "secs");
    double d;
    if (need_real(st, av[0], &d) != Res::ok) return Res::error;
    if (d < 0) return st.raise("ValueError", "sleep length must be non-negative");
    out = Value();
    // With threads, sleeping is a wait of this thread only (the interpreter keeps the deadline).
    if (!st.threads.empty()) return thread_sleep(st, d);
    if (st.host.sleep(d) == OpStatus::blocked) return st.blocked("time.sleep()");
    out = Value();
    return Res::ok;
}
Res t_time(State& st, CallArgs& a, Value& out) { FORKLAB_ARGS("time", 0, "x"); out = Value::real(st.host.now_seconds()); return Res::ok; }
Res t_mono(State& st, CallArgs& a, Value& out) { FORKLAB_ARGS("perf_counter", 0, "x"); out = Value::real(st.host.monotonic_seconds()); return Res::ok; }
}  // namespace

Value make_time_module(State& st) {
    (void)st;
    auto* m = new ModuleObj("time");
    Value v = Value::object(m);
    module_add(m, "sleep", t_sleep);
    module_add(m, "time", t_time);
    module_add(m, "perf_counter", t_mono);
    module_add(m, "monotonic", t_mono);
    return v;
}

}  // namespace forklab::lang
