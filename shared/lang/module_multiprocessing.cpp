// multiprocessing: the module, Lock, RLock, cpu_count (Process: mp_process.cpp; Value and
// Array: mp_shared.cpp). Every
// operation that reaches another process goes through the Host, and every Host call that may
// block (join, acquire, shared loads/stores) happens before any state changes, so the sim
// backend can re-run the instruction after `blocked`.
#include <cmath>

#include "lang/exceptions.h"
#include "lang/interp_state.h"
#include "lang/module_mp_ipc.h"
#include "lang/mp_sync.h"
#include "lang/mp_process.h"
#include "lang/mp_shared.h"
#include "lang/native_args.h"

namespace forklab::lang {

namespace {
#define ARGS FORKLAB_ARGS
#define GIVEN FORKLAB_GIVEN

Res mp_lock_impl(State& st, CallArgs& a, Value& out, LockKind k) {
    ARGS(k == LockKind::lock ? "Lock" : "RLock", 0, "ctx");
    auto* l = new LockObj();
    l->kind = k;
    l->id = st.host.lock_create(k);
    out = Value::object(l);
    return Res::ok;
}
Res mp_lock(State& st, CallArgs& a, Value& out) { return mp_lock_impl(st, a, out, LockKind::lock); }
Res mp_rlock(State& st, CallArgs& a, Value& out) { return mp_lock_impl(st, a, out, LockKind::rlock); }
Res mp_cpu_count(State& st, CallArgs& a, Value& out) {
    ARGS("cpu_count", 0, "x");
    out = Value::integer(st.host.cpu_count());
    return Res::ok;
}

void add(ModuleObj* m, const char* name, NativeFn fn) { m->attrs.emplace_back(name, Value::object(new BuiltinObj(fn, name))); }
}  // namespace

Value make_multiprocessing_module(State& st) {
    auto* m = new ModuleObj("multiprocessing");
    Value mv = Value::object(m);
    m->attrs.emplace_back("Process", make_process_class(st));
    add(m, "Value", mp_value_fn);
    add(m, "Array", mp_array_fn);
    add(m, "RawValue", mp_raw_value_fn);
    add(m, "RawArray", mp_raw_array_fn);
    add(m, "Lock", mp_lock);
    add(m, "RLock", mp_rlock);
    add_sync_constructors(m);
    add(m, "current_process", mp_current_process);
    add(m, "parent_process", mp_parent_process);
    add(m, "active_children", mp_active_children);
    add_start_method_functions(m);
    add(m, "cpu_count", mp_cpu_count);
    add(m, "Pipe", mp_pipe);
    add(m, "Queue", mp_queue);
    add(m, "JoinableQueue", mp_joinable_queue);
    add(m, "SimpleQueue", mp_simple_queue);
    if (install_pool(st, m, mv) != Res::ok) return Value();  // st.exc: the prelude failed
    return mv;
}

}  // namespace forklab::lang
