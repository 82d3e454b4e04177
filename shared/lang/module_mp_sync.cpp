// Semaphore, BoundedSemaphore, Event, Condition and Barrier of multiprocessing, with CPython
// 3.11's arguments, results and errors (Lib/multiprocessing/synchronize.py, and
// threading.Barrier, which multiprocessing's Barrier extends).
//
// sim rule (see host.h): each method makes at most one blocking Host call (sync_op), after
// every check that can raise. Condition.wait/wait_for remember in the object that they are
// waiting, so the re-run of a blocked call goes straight back to sync_op (see mp_sync.h).
//
// Threads: while other threads of the process run, a wait must not stop them. Then it is
// begun on the Host once and polled (Host::sync_step, which never blocks), the thread
// waiting in between (wait_on_host's pattern); the ticket and a Condition's re-run flags are
// the thread's (ThreadCtx::host_sync), so threads waiting on one object never mix them up.
// A Condition's lock is then released and taken back here, at the thread's own depth.
#include "lang/mp_sync.h"

#include "lang/classes.h"
#include "lang/exceptions.h"
#include "lang/interp_state.h"
#include "lang/native_args.h"

namespace forklab::lang {

namespace {
#define ARGS FORKLAB_ARGS
#define GIVEN FORKLAB_GIVEN
#define GIVEN_NOT_NONE(i) (GIVEN(i) && !av[i].is_none())

SyncObj* self_of(CallArgs& a) { return a.self->as<SyncObj>(); }

// A timeout argument: None waits for ever; a negative one is 0, as in SemLock.acquire.
Res timeout_arg(State& st, const Value& v, std::optional<double>* out) {
    if (v.tag == Tag::undef || v.is_none()) { *out = std::nullopt; return Res::ok; }
    double t;
    if (v.tag == Tag::integer) t = double(v.u.i);
    else if (v.tag == Tag::real) t = v.u.f;
    else if (v.tag == Tag::boolean) t = v.u.b ? 1 : 0;
    else return st.raise("TypeError", std::string("must be real number, not ") + type_name(v));
    *out = t < 0 ? 0 : t;
    return Res::ok;
}

Res int_arg(State& st, const Value& v, int64_t* out) {
    if (v.tag == Tag::integer) { *out = v.u.i; return Res::ok; }
    if (v.tag == Tag::boolean) { *out = v.u.b; return Res::ok; }
    return st.raise("TypeError", std::string("'") + type_name(v) + "' object cannot be interpreted as an integer");
}

Res raise_broken_barrier(State& st) {
    return raise_value(st, new_exception(broken_barrier_error_class(st), {}), true);
}

// One sync_op; `blocked_reason` names the wait in the process state (sim).
Res op(State& st, SyncObj* s, SyncOp o, int64_t arg, std::optional<double> timeout, SyncResult* r,
       const char* blocked_reason = "", LockId lock = LockId{}) {
    if (st.host.sync_op(s->id, o, arg, lock, timeout, r) == OpStatus::blocked) return st.blocked(blocked_reason);
    if (r->error == SyncError::wrong_kind)
        return st.raise("NotImplementedError", std::string("forklab: ") + sync_type_name(s) + " is not available on this backend");
    return Res::ok;
}

// [SECTION] polled waits (other threads run)

using HostSync = ThreadCtx::HostSync;

void end_host_sync(State& st, HostSync& h) {
    h.id = 0;
    h.phase = 0;
    wait_over(st);
}

// The thread waits until its next turn; another process ends the wait, so the process idles
// on the Host when every thread waits.
Res park(State& st, const char* reason) {
    ThreadCtx& t = current_thread_ctx(st);
    t.waiting = true;
    t.host_wait = true;
    t.reason = reason;
    return st.thread_block(reason);
}

// A Semaphore acquire, Event wait or Barrier arrival, begun on the first try and polled on the
// next ones. Res::ok once complete (*r its outcome, ok false when timed out); *fallback when
// the backend cannot (then the caller makes the blocking sync_op).
Res polled_op(State& st, SyncObj* s, SyncOp o, std::optional<double> timeout, const char* reason, SyncResult* r,
              bool* fallback) {
    *fallback = false;
    HostSync& h = current_thread_ctx(st).host_sync;
    if (h.id != s->id.value || h.phase != 1) {
        h.ticket = SyncTicket{};
        if (st.host.sync_step(s->id, o, 0, SyncStepKind::begin, &h.ticket, r)) {
            *fallback = r->error == SyncError::wrong_kind;
            return Res::ok;
        }
        h.id = s->id.value;
        h.phase = 1;
    } else if (st.host.sync_step(s->id, o, 0, SyncStepKind::poll, &h.ticket, r)) {
        end_host_sync(st, h);
        return Res::ok;
    }
    if (wait_timed_out(st, timeout)) {
        st.host.sync_step(s->id, o, 0, SyncStepKind::cancel, &h.ticket, r);
        end_host_sync(st, h);
        return Res::ok;
    }
    return park(st, reason);
}

// The blocking operation, or its polled form while other threads run.
Res wait_op(State& st, SyncObj* s, SyncOp o, std::optional<double> timeout, SyncResult* r, const char* reason) {
    if (threads_running(st)) {
        bool fallback = false;
        if (Res res = polled_op(st, s, o, timeout, reason, r, &fallback); res != Res::ok || !fallback) return res;
    }
    return op(st, s, o, 0, timeout, r, reason);
}

Value make_sync(State& st, SyncObj* s, SyncKind kind, int64_t value, int64_t limit) {
    s->id = st.host.sync_create(kind, value, limit);
    return Value::object(s);
}

Res not_here(State& st, const char* what) {
    return st.raise("NotImplementedError", std::string("forklab: multiprocessing.") + what + " is not available on this backend");
}

// [SECTION] constructors

Res mp_semaphore_impl(State& st, CallArgs& a, Value& out, bool bounded) {
    ARGS(bounded ? "BoundedSemaphore" : "Semaphore", 0, "value");
    int64_t v = 1;
    if (GIVEN(0)) { Res r = int_arg(st, av[0], &v); if (r != Res::ok) return r; }
    if (v < 0) return raise_os_error(st, 22);
    auto* s = new SyncObj(bounded ? SyncObj::Type::bounded_semaphore : SyncObj::Type::semaphore);
    s->maxvalue = v;
    out = make_sync(st, s, SyncKind::semaphore, v, bounded ? v : -1);
    return s->id.value ? Res::ok : not_here(st, bounded ? "BoundedSemaphore" : "Semaphore");
}
Res mp_semaphore(State& st, CallArgs& a, Value& out) { return mp_semaphore_impl(st, a, out, false); }
Res mp_bounded_semaphore(State& st, CallArgs& a, Value& out) { return mp_semaphore_impl(st, a, out, true); }

Res mp_event(State& st, CallArgs& a, Value& out) {
    ARGS("Event", 0, "ctx");
    auto* s = new SyncObj(SyncObj::Type::event);
    out = make_sync(st, s, SyncKind::event, 0, -1);
    return s->id.value ? Res::ok : not_here(st, "Event");
}

Res mp_condition(State& st, CallArgs& a, Value& out) {
    ARGS("Condition", 0, "lock");
    Value lock;
    if (GIVEN_NOT_NONE(0)) {
        if (!av[0].is(OT::lock))
            return st.raise("TypeError", "forklab: Condition(lock) takes a multiprocessing Lock or RLock");
        lock = av[0];
    } else {
        auto* l = new LockObj();
        l->kind = LockKind::rlock;
        l->id = st.host.lock_create(LockKind::rlock);
        lock = Value::object(l);
    }
    auto* s = new SyncObj(SyncObj::Type::condition);
    s->lock = lock;
    out = make_sync(st, s, SyncKind::condition, 0, -1);
    return s->id.value ? Res::ok : not_here(st, "Condition");
}

Res mp_barrier(State& st, CallArgs& a, Value& out) {
    ARGS("Barrier", 1, "parties", "action", "timeout");
    int64_t parties;
    Res r = int_arg(st, av[0], &parties);
    if (r != Res::ok) return r;
    std::optional<double> timeout;
    r = timeout_arg(st, GIVEN(2) ? av[2] : Value(), &timeout);
    if (r != Res::ok) return r;
    auto* s = new SyncObj(SyncObj::Type::barrier);
    s->parties = parties;
    s->action = GIVEN(1) ? av[1] : Value();
    s->timeout = timeout;
    out = make_sync(st, s, SyncKind::barrier, parties, s->action.is_none() ? -1 : 1);
    return s->id.value ? Res::ok : not_here(st, "Barrier");
}

// [SECTION] Semaphore, BoundedSemaphore

Res sem_acquire(State& st, CallArgs& a, Value& out) {
    ARGS("acquire", 0, "block", "timeout");
    const bool block = !GIVEN(0) || truthy(av[0]);
    std::optional<double> timeout;
    if (block) { Res r = timeout_arg(st, GIVEN(1) ? av[1] : Value(), &timeout); if (r != Res::ok) return r; }
    else timeout = 0.0;
    SyncResult res;
    Res r = block ? wait_op(st, self_of(a), SyncOp::acquire, timeout, &res, "waiting for Semaphore.acquire()")
                  : op(st, self_of(a), SyncOp::acquire, 0, timeout, &res, "waiting for Semaphore.acquire()");
    if (r != Res::ok) return r;
    out = Value::boolean(res.ok);
    return Res::ok;
}
Res sem_release(State& st, CallArgs& a, Value& out) {
    ARGS("release", 0, "x");
    SyncResult res;
    Res r = op(st, self_of(a), SyncOp::release, 0, std::nullopt, &res);
    if (r != Res::ok) return r;
    if (res.error == SyncError::too_many_releases) return st.raise("ValueError", "semaphore or lock released too many times");
    out = Value();
    return Res::ok;
}
Res sem_get_value(State& st, CallArgs& a, Value& out) {
    ARGS("get_value", 0, "x");
    SyncResult res;
    Res r = op(st, self_of(a), SyncOp::get_value, 0, std::nullopt, &res);
    if (r != Res::ok) return r;
    out = Value::integer(res.value);
    return Res::ok;
}
Res sem_enter(State& st, CallArgs& a, Value& out) {
    SyncResult res;
    Res r = wait_op(st, self_of(a), SyncOp::acquire, std::nullopt, &res, "waiting for Semaphore.acquire()");
    if (r != Res::ok) return r;
    out = Value::boolean(true);
    return Res::ok;
}
Res sem_exit(State& st, CallArgs& a, Value& out) {
    SyncResult res;
    Res r = op(st, self_of(a), SyncOp::release, 0, std::nullopt, &res);
    if (r != Res::ok) return r;
    if (res.error == SyncError::too_many_releases) return st.raise("ValueError", "semaphore or lock released too many times");
    out = Value::boolean(false);
    return Res::ok;
}

// [SECTION] Event

Res ev_simple(State& st, CallArgs& a, Value& out, SyncOp o, bool result_is_bool) {
    SyncResult res;
    Res r = op(st, self_of(a), o, 0, std::nullopt, &res);
    if (r != Res::ok) return r;
    out = result_is_bool ? Value::boolean(res.ok) : Value();
    return Res::ok;
}
Res ev_set(State& st, CallArgs& a, Value& out) { ARGS("set", 0, "x"); return ev_simple(st, a, out, SyncOp::set, false); }
Res ev_clear(State& st, CallArgs& a, Value& out) { ARGS("clear", 0, "x"); return ev_simple(st, a, out, SyncOp::clear, false); }
Res ev_is_set(State& st, CallArgs& a, Value& out) { ARGS("is_set", 0, "x"); return ev_simple(st, a, out, SyncOp::is_set, true); }
Res ev_wait(State& st, CallArgs& a, Value& out) {
    ARGS("wait", 0, "timeout");
    std::optional<double> timeout;
    Res r = timeout_arg(st, GIVEN(0) ? av[0] : Value(), &timeout);
    if (r != Res::ok) return r;
    SyncResult res;
    r = wait_op(st, self_of(a), SyncOp::wait, timeout, &res, "waiting on Event.wait()");
    if (r != Res::ok) return r;
    out = Value::boolean(res.ok);
    return Res::ok;
}

// [SECTION] Condition

LockId cond_lock(const SyncObj* s) { return s->lock.as<LockObj>()->id; }

// The lock's own bound method: c.acquire is c._lock.acquire in CPython.
Res cond_delegate(State& st, const Value& obj, const char* name, Value& out) {
    return get_attr(st, obj.as<SyncObj>()->lock, name, out);
}

// Condition.wait while other threads run: begin (a ticket, the lock still held), give up
// this thread's depth of the lock, poll until notified or timed out, then take the lock back
// (polling too) at the same depth. *fallback: the backend has no sync_step.
Res cond_wait_polled(State& st, SyncObj* s, std::optional<double> timeout, bool* notified, bool* fallback) {
    *fallback = false;
    const LockObj* lock = s->lock.as<LockObj>();
    HostSync& h = current_thread_ctx(st).host_sync;
    SyncResult r;
    if (h.id != s->id.value || h.phase == 0) {
        const int depth = lock_depth_of_thread(st, lock->id, lock->kind);
        if (depth <= 0) return st.raise("AssertionError", "must acquire() condition before using wait()");
        h.ticket = SyncTicket{};
        if (st.host.sync_step(s->id, SyncOp::wait, 0, SyncStepKind::begin, &h.ticket, &r)) {
            *fallback = r.error == SyncError::wrong_kind;
            if (!*fallback) { *notified = r.ok; }
            return Res::ok;
        }
        for (int i = 0; i < depth; ++i) (void)host_lock_release(st, lock->id, lock->kind);
        h.id = s->id.value;
        h.phase = 1;
        h.depth = depth;
    }
    ThreadCtx& t = current_thread_ctx(st);
    if (h.phase == 1) {
        if (!st.host.sync_step(s->id, SyncOp::wait, 0, SyncStepKind::poll, &h.ticket, &r)) {
            if (!wait_timed_out(st, timeout)) return park(st, "waiting on Condition.wait()");
            st.host.sync_step(s->id, SyncOp::wait, 0, SyncStepKind::cancel, &h.ticket, &r);
        }
        h.result = r;
        h.phase = 2;
        t.waiting = true;  // the lock is waited for without a timeout, as in CPython
        t.has_deadline = false;
    }
    bool got = false;
    if (Res res = host_lock_acquire(st, lock->id, lock->kind, false, std::nullopt, &got); res != Res::ok) return res;
    if (!got) return park(st, "Condition.wait() taking its lock back");
    for (int i = 1; i < h.depth; ++i) (void)host_lock_acquire(st, lock->id, lock->kind, false, std::nullopt, &got);
    *notified = h.result.ok;
    end_host_sync(st, h);
    return Res::ok;
}

// One wait on the condition (the lock held, unless a re-run after blocked).
Res cond_wait_once(State& st, SyncObj* s, std::optional<double> timeout, bool* notified) {
    if (threads_running(st)) {
        bool fallback = false;
        if (Res r = cond_wait_polled(st, s, timeout, notified, &fallback); r != Res::ok || !fallback) return r;
    }
    if (!s->waiting && st.host.lock_held_by_self(cond_lock(s)) <= 0)
        return st.raise("AssertionError", "must acquire() condition before using wait()");
    SyncResult res;
    Res r = op(st, s, SyncOp::wait, 0, timeout, &res, "waiting on Condition.wait()", cond_lock(s));
    s->waiting = r == Res::blocked;
    if (r != Res::ok) return r;
    *notified = res.ok;
    return Res::ok;
}

Res cond_wait(State& st, CallArgs& a, Value& out) {
    ARGS("wait", 0, "timeout");
    std::optional<double> timeout;
    Res r = timeout_arg(st, GIVEN(0) ? av[0] : Value(), &timeout);
    if (r != Res::ok) return r;
    bool notified = false;
    r = cond_wait_once(st, self_of(a), timeout, &notified);
    if (r != Res::ok) return r;
    out = Value::boolean(notified);
    return Res::ok;
}

// CPython's wait_for: predicate first; then wait and re-check until true or out of time.
// The predicate is Python code run from here, so it must not block on sim (nor wait for
// another thread: a thread cannot switch inside code called from native). Its re-run
// flags are the thread's while other threads run, else the object's.
Res cond_wait_for(State& st, CallArgs& a, Value& out) {
    ARGS("wait_for", 1, "predicate", "timeout");
    SyncObj* s = self_of(a);
    std::optional<double> timeout;
    Res r = timeout_arg(st, GIVEN(1) ? av[1] : Value(), &timeout);
    if (r != Res::ok) return r;
    const bool per_thread = threads_running(st);
    bool& pending = per_thread ? current_thread_ctx(st).host_sync.wait_for_pending : s->wait_for_pending;
    std::optional<double>& end = per_thread ? current_thread_ctx(st).host_sync.wait_for_end : s->wait_for_end;
    Value result;
    bool resuming = pending;
    if (!resuming) {
        r = call_value(st, av[0], nullptr, 0, result);
        if (r != Res::ok) return r;
        if (truthy(result)) { out = result; return Res::ok; }
        end.reset();
        if (GIVEN(1) && !av[1].is_none()) end = st.host.monotonic_seconds() + *timeout;
    }
    for (;;) {
        std::optional<double> wait_time;
        if (!resuming && end) {
            wait_time = *end - st.host.monotonic_seconds();
            if (*wait_time <= 0) break;
        }
        resuming = false;
        bool notified = false;
        r = cond_wait_once(st, s, wait_time, &notified);
        pending = r == Res::blocked;
        if (r != Res::ok) return r;
        r = call_value(st, av[0], nullptr, 0, result);
        if (r != Res::ok) return r;
        if (truthy(result)) break;
    }
    end.reset();
    out = result;
    return Res::ok;
}

Res cond_notify_impl(State& st, SyncObj* s, SyncOp o, int64_t n, Value& out) {
    const LockObj* lock = s->lock.as<LockObj>();
    if (lock_depth_of_thread(st, lock->id, lock->kind) <= 0) return st.raise("AssertionError", "lock is not owned");
    SyncResult res;
    Res r = op(st, s, o, n, std::nullopt, &res);
    if (r != Res::ok) return r;
    out = Value();
    return Res::ok;
}
Res cond_notify(State& st, CallArgs& a, Value& out) {
    ARGS("notify", 0, "n");
    int64_t n = 1;
    if (GIVEN(0)) { Res r = int_arg(st, av[0], &n); if (r != Res::ok) return r; }
    return cond_notify_impl(st, self_of(a), SyncOp::notify, n, out);
}
Res cond_notify_all(State& st, CallArgs& a, Value& out) {
    ARGS("notify_all", 0, "x");
    return cond_notify_impl(st, self_of(a), SyncOp::notify_all, 0, out);
}

// [SECTION] Barrier

Res bar_wait(State& st, CallArgs& a, Value& out) {
    ARGS("wait", 0, "timeout");
    SyncObj* s = self_of(a);
    std::optional<double> timeout = s->timeout;
    if (GIVEN_NOT_NONE(0)) { Res r = timeout_arg(st, av[0], &timeout); if (r != Res::ok) return r; }
    SyncResult res;
    Res r = wait_op(st, s, SyncOp::wait, timeout, &res, "waiting at Barrier.wait()");
    if (r != Res::ok) return r;
    if (res.error == SyncError::broken_barrier) return raise_broken_barrier(st);
    // The last arrival runs the action while the others still wait, then releases them; if
    // the action raises, the barrier breaks instead (threading.Barrier._release). Both
    // operations never block.
    if (res.value == s->parties - 1 && !s->action.is_none()) {
        Value ignored;
        r = call_value(st, s->action, nullptr, 0, ignored);
        Value exc = st.exc;
        SyncResult end;
        (void)st.host.sync_op(s->id, r == Res::ok ? SyncOp::release : SyncOp::abort, 0, LockId{}, std::nullopt, &end);
        if (r != Res::ok) {
            st.exc = exc;
            return r;
        }
    }
    out = Value::integer(res.value);
    return Res::ok;
}
Res bar_simple(State& st, CallArgs& a, Value& out, SyncOp o) {
    SyncResult res;
    Res r = op(st, self_of(a), o, 0, std::nullopt, &res);
    if (r != Res::ok) return r;
    out = Value();
    return Res::ok;
}
Res bar_abort(State& st, CallArgs& a, Value& out) { ARGS("abort", 0, "x"); return bar_simple(st, a, out, SyncOp::abort); }
Res bar_reset(State& st, CallArgs& a, Value& out) { ARGS("reset", 0, "x"); return bar_simple(st, a, out, SyncOp::reset); }

struct Method { SyncObj::Type type; const char* name; NativeFn fn; };
const Method kMethods[] = {
    {SyncObj::Type::semaphore, "acquire", sem_acquire},
    {SyncObj::Type::semaphore, "release", sem_release},
    {SyncObj::Type::semaphore, "get_value", sem_get_value},
    {SyncObj::Type::semaphore, "__enter__", sem_enter},
    {SyncObj::Type::semaphore, "__exit__", sem_exit},
    {SyncObj::Type::event, "set", ev_set},
    {SyncObj::Type::event, "clear", ev_clear},
    {SyncObj::Type::event, "is_set", ev_is_set},
    {SyncObj::Type::event, "wait", ev_wait},
    {SyncObj::Type::condition, "wait", cond_wait},
    {SyncObj::Type::condition, "wait_for", cond_wait_for},
    {SyncObj::Type::condition, "notify", cond_notify},
    {SyncObj::Type::condition, "notify_all", cond_notify_all},
    {SyncObj::Type::barrier, "wait", bar_wait},
    {SyncObj::Type::barrier, "abort", bar_abort},
    {SyncObj::Type::barrier, "reset", bar_reset},
};

void add(ModuleObj* m, const char* name, NativeFn fn) { m->attrs.emplace_back(name, Value::object(new BuiltinObj(fn, name))); }

}  // namespace

const char* sync_type_name(const SyncObj* s) {
    switch (s->type) {
        case SyncObj::Type::semaphore: return "Semaphore";
        case SyncObj::Type::bounded_semaphore: return "BoundedSemaphore";
        case SyncObj::Type::event: return "Event";
        case SyncObj::Type::condition: return "Condition";
        case SyncObj::Type::barrier: return "Barrier";
    }
    return "?";
}

const char* sync_inheritance_name(const SyncObj* s) {
    switch (s->type) {
        case SyncObj::Type::semaphore: return "Semaphore";
        case SyncObj::Type::bounded_semaphore: return "BoundedSemaphore";
        default: return "Condition";
    }
}

std::string sync_repr(const SyncObj* s) {
    switch (s->type) {
        case SyncObj::Type::semaphore: return "<Semaphore(value=unknown)>";
        case SyncObj::Type::bounded_semaphore: return "<BoundedSemaphore(value=unknown, maxvalue=unknown)>";
        case SyncObj::Type::event: return "<Event unknown>";
        case SyncObj::Type::condition: return "<Condition(" + repr_of(s->lock) + ", unknown)>";
        case SyncObj::Type::barrier:
            return "<multiprocessing.synchronize.Barrier: waiters=unknown/" + std::to_string(s->parties) + ">";
    }
    return "<?>";
}

// The owner's name in multiprocessing's reprs: current_process().name, and "|" and the
// thread's name when a thread other than the main one asks.
static std::string owner_name(State& st) {
    std::string name = st.process_name;
    if (!st.threads.empty() && st.threads[st.cur]->number != 0) {
        const Value thread = current_thread_object(st);
        const Value* t = thread.is(OT::instance) ? thread.as<InstanceObj>()->dict.as<DictObj>()->find_str("name") : nullptr;
        if (t && t->is(OT::str)) name += "|" + t->as<StrObj>()->s;
    }
    return name;
}

Res mp_lock_repr(State& st, const Value& lock, std::string& out) {
    const auto* l = lock.as<LockObj>();
    const uint32_t me = st.threads.empty() ? 0 : st.threads[st.cur]->number;
    // Held by this process: by this thread (the RLock's owner, the Lock's acquirer) or
    // another of its threads; else free, or held by another process.
    const bool here = st.host.lock_held_by_self(l->id) > 0;
    const bool mine = here && (l->kind == LockKind::rlock ? lock_depth_of_thread(st, l->id, l->kind) > 0
                                                          : lock_taker_thread(st, l->id) == me);
    std::string who, count;
    if (mine) {
        who = owner_name(st);
        count = std::to_string(l->kind == LockKind::rlock ? lock_depth_of_thread(st, l->id, l->kind) : 1);
    } else if (!st.host.lock_is_held(l->id)) {
        who = "None", count = "0";
    } else {
        who = here ? "SomeOtherThread" : "SomeOtherProcess", count = "nonzero";
    }
    out = l->kind == LockKind::lock ? "<Lock(owner=" + who + ")>" : "<RLock(" + who + ", " + count + ")>";
    return Res::ok;
}

Res sync_repr_value(State& st, const Value& obj, std::string& out) {
    SyncObj* s = obj.as<SyncObj>();
    SyncResult res;
    switch (s->type) {
        case SyncObj::Type::semaphore:
        case SyncObj::Type::bounded_semaphore: {
            if (Res r = op(st, s, SyncOp::get_value, 0, std::nullopt, &res); r != Res::ok) return r;
            out = s->type == SyncObj::Type::semaphore
                      ? "<Semaphore(value=" + std::to_string(res.value) + ")>"
                      : "<BoundedSemaphore(value=" + std::to_string(res.value) + ", maxvalue=" + std::to_string(s->maxvalue) + ")>";
            return Res::ok;
        }
        case SyncObj::Type::condition: {
            std::string lock;
            if (Res r = mp_lock_repr(st, s->lock, lock); r != Res::ok) return r;
            if (Res r = op(st, s, SyncOp::n_waiting, 0, std::nullopt, &res); r != Res::ok) return r;
            out = "<Condition(" + lock + ", " + std::to_string(res.value) + ")>";
            return Res::ok;
        }
        case SyncObj::Type::barrier: {
            if (Res r = op(st, s, SyncOp::broken, 0, std::nullopt, &res); r != Res::ok) return r;
            const std::string head = "<multiprocessing.synchronize.Barrier at " + fake_address(s) + ":";
            if (res.ok) {
                out = head + " broken>";
                return Res::ok;
            }
            if (Res r = op(st, s, SyncOp::n_waiting, 0, std::nullopt, &res); r != Res::ok) return r;
            out = head + " waiters=" + std::to_string(res.value) + "/" + std::to_string(s->parties) + ">";
            return Res::ok;
        }
        case SyncObj::Type::event:
            if (Res r = op(st, s, SyncOp::is_set, 0, std::nullopt, &res); r != Res::ok) return r;
            out = "<Event at " + fake_address(s) + (res.ok ? " set>" : " unset>");
            return Res::ok;
    }
    out = sync_repr(s);
    return Res::ok;
}

Res sync_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found) {
    SyncObj* s = obj.as<SyncObj>();
    *found = true;
    if (s->type == SyncObj::Type::condition &&
        (name == "acquire" || name == "release" || name == "__enter__" || name == "__exit__"))
        return cond_delegate(st, obj, name.c_str(), out);
    if (s->type == SyncObj::Type::barrier) {
        if (name == "parties") { out = Value::integer(s->parties); return Res::ok; }
        if (name == "n_waiting" || name == "broken") {
            SyncResult res;
            Res r = op(st, s, name == "broken" ? SyncOp::broken : SyncOp::n_waiting, 0, std::nullopt, &res);
            if (r != Res::ok) return r;
            out = name == "broken" ? Value::boolean(res.ok) : Value::integer(res.value);
            return Res::ok;
        }
    }
    const SyncObj::Type family = s->type == SyncObj::Type::bounded_semaphore ? SyncObj::Type::semaphore : s->type;
    for (const Method& m : kMethods) {
        if (m.type == family && name == m.name) {
            out = Value::object(new BuiltinObj(m.fn, m.name, obj));
            return Res::ok;
        }
    }
    *found = false;
    return Res::ok;
}

void add_sync_constructors(ModuleObj* m) {
    add(m, "Semaphore", mp_semaphore);
    add(m, "BoundedSemaphore", mp_bounded_semaphore);
    add(m, "Event", mp_event);
    add(m, "Condition", mp_condition);
    add(m, "Barrier", mp_barrier);
}

Value broken_barrier_error_class(State& st) {
    // Kept as a module in the process's import list under a name no import can reach, so a
    // child's copy of the list carries the same class (interp.cpp: make_child).
    static const char* const kKey = "<threading.BrokenBarrierError>";
    for (auto& m : st.modules)
        if (m.first == kKey) return m.second.as<ModuleObj>()->attrs[0].second;
    auto* c = new ClassObj();
    Value cv = Value::object(c);
    c->name = "BrokenBarrierError";
    c->module = "threading";
    c->base = exception_class(st, "RuntimeError");
    c->is_exception = true;
    c->dict = Value::object(new DictObj());
    compute_mro(c);
    auto* holder = new ModuleObj("threading");
    holder->attrs.emplace_back("BrokenBarrierError", cv);
    st.modules.emplace_back(kKey, Value::object(holder));
    return cv;
}

}  // namespace forklab::lang
