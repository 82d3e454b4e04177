// multiprocessing: the module, Value, Array, Lock, RLock, cpu_count (Process: mp_process.cpp). Every
// operation that reaches another process goes through the Host, and every Host call that may
// block (join, acquire, shared loads/stores) happens before any state changes, so the sim
// backend can re-run the instruction after `blocked`.
#include <cmath>

#include "lang/exceptions.h"
#include "lang/interp_state.h"
#include "lang/module_mp_ipc.h"
#include "lang/mp_sync.h"
#include "lang/mp_process.h"

namespace forklab::lang {

namespace {
#define ARGS(fname, req, ...)                                   \
    Value av[sizeof((const char*[]){__VA_ARGS__}) / sizeof(const char*)]; \
    { Res r_ = parse_args(st, a, fname, {__VA_ARGS__}, req, av); if (r_ != Res::ok) return r_; }
#define GIVEN(i) (av[i].tag != Tag::undef)

Res mp_value(State& st, CallArgs& a, Value& out, bool is_array) {
    ARGS(is_array ? "Array" : "Value", 1, "typecode_or_type", is_array ? "size_or_initializer" : "value", "lock");
    if (!av[0].is(OT::str) || str_of_obj(av[0]).size() != 1)
        return st.raise("TypeError", "forklab: the type must be a one-letter typecode such as 'i' or 'd'");
    TypeCode tc;
    if (!typecode_from_char(str_of_obj(av[0])[0], &tc))
        return st.raise("TypeError", "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)");
    bool sync = !GIVEN(2) || truthy(av[2]);
    auto* s = new SharedObj();
    s->tc = tc;
    s->is_array = is_array;
    s->synchronized = sync;
    Value sv = Value::object(s);
    std::vector<Value> init;
    if (is_array) {
        if (av[1].tag == Tag::integer) {
            if (av[1].u.i < 0) return st.raise("ValueError", "array size must be non-negative");
            s->count = size_t(av[1].u.i);
        } else {
            Res r = to_vector(st, av[1], init);
            if (r != Res::ok) return r;
            s->count = init.size();
        }
    } else {
        s->count = 1;
        if (GIVEN(1)) init.push_back(av[1]);
    }
    // Validate before allocating so a retry never allocates twice.
    std::vector<Scalar> vals;
    for (auto& v : init) {
        Scalar sc;
        if (typecode_is_float(tc) && (v.tag == Tag::real || v.tag == Tag::integer || v.tag == Tag::boolean))
            sc = Scalar::real(v.tag == Tag::real ? v.u.f : double(v.tag == Tag::integer ? v.u.i : v.u.b));
        else if (v.tag == Tag::integer || v.tag == Tag::boolean) sc = Scalar::integer(v.tag == Tag::integer ? v.u.i : v.u.b);
        else if (v.tag == Tag::real) return st.raise("TypeError", "int expected instead of float");
        else return st.raise("TypeError", std::string("an integer is required (got type ") + type_name(v) + ")");
        vals.push_back(typecode_wrap(tc, sc));
    }
    s->id = st.host.shared_alloc(tc, s->count, sync);
    // Initial stores of a fresh block: no other process can see it yet, so they never block.
    for (size_t i = 0; i < vals.size(); ++i) {
        while (st.host.shared_store(s->id, i, vals[i]) == OpStatus::blocked) {}
    }
    out = std::move(sv);
    return Res::ok;
}
Res mp_value_fn(State& st, CallArgs& a, Value& out) { return mp_value(st, a, out, false); }
Res mp_array_fn(State& st, CallArgs& a, Value& out) { return mp_value(st, a, out, true); }
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
    add(m, "Lock", mp_lock);
    add(m, "RLock", mp_rlock);
    add_sync_constructors(m);
    add(m, "current_process", mp_current_process);
    add(m, "parent_process", mp_parent_process);
    add(m, "active_children", mp_active_children);
    add(m, "cpu_count", mp_cpu_count);
    add(m, "Pipe", mp_pipe);
    add(m, "Queue", mp_queue);
    add(m, "JoinableQueue", mp_joinable_queue);
    add(m, "SimpleQueue", mp_simple_queue);
    if (install_pool(st, m, mv) != Res::ok) return Value();  // st.exc: the prelude failed
    return mv;
}

}  // namespace forklab::lang
