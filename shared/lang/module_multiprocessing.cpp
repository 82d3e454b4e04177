// multiprocessing: Process, Value, Array, Lock, RLock, current_process, cpu_count. Every
// operation that reaches another process goes through the Host, and every Host call that may
// block (join, acquire, shared loads/stores) happens before any state changes, so the sim
// backend can re-run the instruction after `blocked`.
#include <cmath>

#include "lang/exceptions.h"
#include "lang/interp_state.h"
#include "lang/module_mp_ipc.h"
#include "lang/mp_sync.h"

namespace forklab::lang {

namespace {
#define ARGS(fname, req, ...)                                   \
    Value av[sizeof((const char*[]){__VA_ARGS__}) / sizeof(const char*)]; \
    { Res r_ = parse_args(st, a, fname, {__VA_ARGS__}, req, av); if (r_ != Res::ok) return r_; }
#define GIVEN(i) (av[i].tag != Tag::undef)

Res mp_process(State& st, CallArgs& a, Value& out) {
    ARGS("Process", 0, "group", "target", "name", "args", "kwargs", "daemon");
    auto* p = new ProcessObj();
    out = Value::object(p);
    if (GIVEN(0) && !av[0].is_none()) return st.raise("AssertionError", "group argument must be None for now");
    p->target = GIVEN(1) ? av[1] : Value();
    p->args = GIVEN(3) ? av[3] : make_tuple();
    if (GIVEN(3) && !(av[3].is(OT::tuple) || av[3].is(OT::list))) {
        std::vector<Value> items;
        Res r = to_vector(st, av[3], items);
        if (r != Res::ok) return r;
        p->args = make_tuple(std::move(items));
    }
    p->kwargs = GIVEN(4) && !av[4].is_none() ? av[4] : Value();
    if (!p->kwargs.is_none() && !p->kwargs.is(OT::dict)) return st.raise("TypeError", "kwargs must be a dict");
    ++st.process_counter;
    p->identity = (st.identity.empty() ? "" : st.identity + ":") + std::to_string(st.process_counter);
    p->name = GIVEN(2) && !av[2].is_none() ? str_of(av[2]) : "Process-" + p->identity;
    p->daemon = GIVEN(5) && truthy(av[5]);
    return Res::ok;
}

Res p_start(State& st, CallArgs& a, Value& out) {
    ARGS("start", 0, "x");
    auto* p = a.self->as<ProcessObj>();
    if (p->started) return st.raise("AssertionError", "cannot start a process twice");
    if (p->is_current) return st.raise("AssertionError", "cannot start a process twice");
    ChildSpec spec{*a.self};
    int os_error = 0;
    const ProcId pid = st.host.start_process(*st.self, spec, p->name, p->daemon, &os_error);
    if (pid.value == kNoProcess) {
        if (os_error) return raise_os_error(st, os_error);
        out = Value();  // the backend stopped the run (a limit): this process is being killed
        return Res::ok;
    }
    p->pid = pid;
    p->started = true;
    out = Value();
    return Res::ok;
}
Res p_join(State& st, CallArgs& a, Value& out) {
    ARGS("join", 0, "timeout");
    auto* p = a.self->as<ProcessObj>();
    if (p->is_current) return st.raise("AssertionError", "can only join a child process");
    if (!p->started) return st.raise("AssertionError", "can only join a started process");
    out = Value();
    if (p->exitcode) return Res::ok;
    std::optional<double> timeout;
    double t;
    if (GIVEN(0) && !av[0].is_none()) {
        if (av[0].tag == Tag::integer) t = double(av[0].u.i);
        else if (av[0].tag == Tag::real) t = av[0].u.f;
        else return st.raise("TypeError", "timeout must be a number");
        timeout = t < 0 ? 0 : t;
    }
    bool ended = false;
    int code = 0;
    if (st.host.join_process(p->pid, timeout, &ended, &code) == OpStatus::blocked) return st.blocked("join()");
    if (ended) p->exitcode = code;
    return Res::ok;
}
Res p_is_alive(State& st, CallArgs& a, Value& out) {
    ARGS("is_alive", 0, "x");
    auto* p = a.self->as<ProcessObj>();
    if (p->is_current) { out = Value::boolean(true); return Res::ok; }
    if (!p->started || p->exitcode) { out = Value::boolean(false); return Res::ok; }
    int code = 0;
    bool alive = st.host.poll_process(p->pid, &code);
    if (!alive) p->exitcode = code;
    out = Value::boolean(alive);
    return Res::ok;
}
Res p_run(State& st, CallArgs& a, Value& out) {
    (void)a; (void)out;
    return st.raise("NotImplementedError", "forklab does not support calling Process.run() directly yet; use start()");
}

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
Res mp_current_process(State& st, CallArgs& a, Value& out) {
    ARGS("current_process", 0, "x");
    out = current_process_object(st);
    return Res::ok;
}
Res mp_cpu_count(State& st, CallArgs& a, Value& out) {
    ARGS("cpu_count", 0, "x");
    out = Value::integer(st.host.cpu_count());
    return Res::ok;
}

void add(ModuleObj* m, const char* name, NativeFn fn) { m->attrs.emplace_back(name, Value::object(new BuiltinObj(fn, name))); }
}  // namespace

Value current_process_object(State& st) {
    if (st.current_process.is_none()) {
        auto* p = new ProcessObj();
        p->name = "MainProcess";
        p->is_current = true;
        p->started = true;
        p->pid = st.host.self();
        st.current_process = Value::object(p);
    }
    return st.current_process;
}

Res process_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found) {
    auto* p = obj.as<ProcessObj>();
    *found = true;
    if (name == "name") { out = make_str(p->name); return Res::ok; }
    if (name == "daemon") { out = Value::boolean(p->daemon); return Res::ok; }
    if (name == "pid" || name == "ident") {
        if (p->is_current) out = Value::integer(st.host.os_pid(st.host.self()));
        else out = p->started ? Value::integer(st.host.os_pid(p->pid)) : Value();
        return Res::ok;
    }
    if (name == "exitcode") {
        if (p->is_current || !p->started) { out = Value(); return Res::ok; }
        if (!p->exitcode) {
            int code = 0;
            if (!st.host.poll_process(p->pid, &code)) p->exitcode = code;
        }
        out = p->exitcode ? Value::integer(*p->exitcode) : Value();
        return Res::ok;
    }
    NativeFn fn = nullptr;
    const char* n = nullptr;
    if (name == "start") { fn = p_start; n = "start"; }
    else if (name == "join") { fn = p_join; n = "join"; }
    else if (name == "is_alive") { fn = p_is_alive; n = "is_alive"; }
    else if (name == "run") { fn = p_run; n = "run"; }
    if (fn) { out = Value::object(new BuiltinObj(fn, n, obj)); return Res::ok; }
    *found = false;
    return Res::ok;
}

Res process_set_attr(State& st, const Value& obj, const std::string& name, const Value& v, bool* found) {
    auto* p = obj.as<ProcessObj>();
    *found = true;
    if (name == "name") { p->name = str_of(v); return Res::ok; }
    if (name == "daemon") {
        if (p->started && !p->is_current) return st.raise("AssertionError", "process has already started");
        p->daemon = truthy(v);
        return Res::ok;
    }
    *found = false;
    return Res::ok;
}

Value make_multiprocessing_module(State& st) {
    (void)st;
    auto* m = new ModuleObj("multiprocessing");
    Value mv = Value::object(m);
    add(m, "Process", mp_process);
    add(m, "Value", mp_value_fn);
    add(m, "Array", mp_array_fn);
    add(m, "Lock", mp_lock);
    add(m, "RLock", mp_rlock);
    add_sync_constructors(m);
    add(m, "current_process", mp_current_process);
    add(m, "cpu_count", mp_cpu_count);
    add(m, "Pipe", mp_pipe);
    add(m, "Queue", mp_queue);
    add(m, "JoinableQueue", mp_joinable_queue);
    add(m, "SimpleQueue", mp_simple_queue);
    return mv;
}

}  // namespace forklab::lang
