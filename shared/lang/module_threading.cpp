// threading: Thread (subclassable), current_thread, main_thread, enumerate, active_count,
// get_ident, Lock, RLock, Event, Condition, Semaphore, BoundedSemaphore, Barrier.
//
// Threads are interpreter-level (thread_scheduler.cpp): a wait never reaches the Host, it
// returns thread_block() and is repeated on the thread's next turn. So every method below
// that may wait checks its condition first and changes nothing until it can complete (the
// sim's retry rule); Condition.wait and Barrier.wait, which have several steps, keep their
// step in the waiting thread's ThreadCtx.
#include "lang/mp_sync.h"
#include "lang/thread_objects.h"
#include "lang/native_args.h"

namespace forklab::lang {

namespace {
#define ARGS FORKLAB_ARGS
#define GIVEN FORKLAB_GIVEN

ThreadCtx* ctx_of_ident(State& st, int64_t ident) {
    for (auto& t : st.threads) if (t->ident == ident) return t.get();
    return nullptr;
}

// [SECTION] Thread ---------------------------------------------------------------------------------
Res th_init(State& st, CallArgs& a, Value& out) {
    ARGS("Thread", 1, "self", "group", "target", "name", "args", "kwargs", "daemon");
    const Value& self = av[0];
    if (GIVEN(1) && !av[1].is_none()) return st.raise("AssertionError", "group argument must be None for now");
    Value target = GIVEN(2) ? av[2] : Value();
    std::string name;
    if (GIVEN(3) && !av[3].is_none()) {
        if (str_value(st, av[3], name) != Res::ok) return Res::error;
    } else {
        name = "Thread-" + std::to_string(++st.thread_counter);
        if (!target.is_none()) {
            Value n;
            if (get_attr(st, target, "__name__", n) == Res::ok && n.is(OT::str)) name += " (" + str_of_obj(n) + ")";
            else st.exc = Value();
        }
    }
    Value args = make_tuple();
    if (GIVEN(4)) {
        std::vector<Value> items;
        if (to_vector(st, av[4], items) != Res::ok) return Res::error;
        args = make_tuple(std::move(items));
    }
    bool daemon = current_thread_ctx_daemon(st);
    if (GIVEN(6) && !av[6].is_none()) daemon = truthy(av[6]);
    put(self, "_target", target);
    put(self, "_args", args);
    put(self, "_kwargs", GIVEN(5) && !av[5].is_none() ? av[5] : Value::object(new DictObj()));
    put(self, "name", make_str(name));
    put(self, "daemon", Value::boolean(daemon));
    put(self, "ident", Value());
    put(self, "native_id", Value());
    put(self, "_started", Value::boolean(false));
    put(self, "_is_stopped", Value::boolean(false));
    out = Value();
    return Res::ok;
}

Res th_run(State& st, CallArgs& a, Value& out) {
    ARGS("run", 1, "self");
    out = Value();
    Value* target = field(av[0], "_target");
    if (!target || target->is_none()) return Res::ok;
    Value* args = field(av[0], "_args");
    Value* kw = field(av[0], "_kwargs");
    const auto items = args->as<ListObj>()->items;
    Value target_copy = *target;
    return call_value_dict(st, target_copy, items, kw ? *kw : Value(), out);
}

Res th_start(State& st, CallArgs& a, Value& out) {
    ARGS("start", 1, "self");
    const Value& self = av[0];
    if (!field(self, "_started")) return st.raise("RuntimeError", "thread.__init__() not called");
    if (bool_field(self, "_started")) return st.raise("RuntimeError", "threads can only be started once");
    out = Value();
    Value run;
    if (get_attr(st, self, "run", run) != Res::ok) return Res::error;
    Value target = run, args = make_tuple(), kwargs;
    // The default run() is not called from native code: the thread calls the target itself,
    // so the target may block (a nested call could not switch threads).
    if (run.is(OT::method) && run.as<MethodObj>()->fn.is(OT::builtin) && run.as<MethodObj>()->fn.as<BuiltinObj>()->fn == th_run) {
        target = *field(self, "_target");
        args = *field(self, "_args");
        kwargs = *field(self, "_kwargs");
    }
    ensure_threads(st);
    put(self, "_started", Value::boolean(true));
    const int64_t ident = next_thread_ident(st);
    put(self, "ident", Value::integer(ident));
    put(self, "native_id", Value::integer(st.host.os_pid(st.host.self()) + int64_t(st.threads.size() + st.threads_started)));
    ++st.threads_started;
    if (target.is_none()) {  // nothing to run: the thread ends at once
        put(self, "_is_stopped", Value::boolean(true));
        return Res::ok;
    }
    auto t = new_thread_ctx(st, target, args, kwargs);
    t->thread = self;
    t->ident = ident;
    t->number = uint32_t(st.threads_started);
    t->daemon = bool_field(self, "daemon");
    st.threads.push_back(std::move(t));
    // CPython's start() waits until the new thread runs, which then keeps the GIL for a
    // while: hand over now, so short threads print in the same order as there.
    yield_thread(st);
    return Res::ok;
}

Res th_join(State& st, CallArgs& a, Value& out) {
    ARGS("join", 1, "self", "timeout");
    const Value& self = av[0];
    out = Value();
    if (!bool_field(self, "_started")) return st.raise("RuntimeError", "cannot join thread before it is started");
    if (self.u.o == current_thread_object(st).u.o) return st.raise("RuntimeError", "cannot join current thread");
    std::optional<double> timeout;
    if (timeout_arg(st, GIVEN(1) ? av[1] : Value(), &timeout) != Res::ok) return Res::error;
    return thread_wait_step(st, bool_field(self, "_is_stopped"), timeout, "thread.join()");
}

Res th_is_alive(State& st, CallArgs& a, Value& out) {
    ARGS("is_alive", 1, "self");
    out = Value::boolean(bool_field(av[0], "_started") && !bool_field(av[0], "_is_stopped"));
    return Res::ok;
}

Res th_repr(State& st, CallArgs& a, Value& out) {
    ARGS("__repr__", 1, "self");
    const Value& self = av[0];
    std::string status = bool_field(self, "_started") ? "started" : "initial";
    if (bool_field(self, "_is_stopped")) status = "stopped";
    if (bool_field(self, "daemon")) status += " daemon";
    Value* ident = field(self, "ident");
    if (ident && ident->tag == Tag::integer) status += " " + std::to_string(ident->u.i);
    Value* name = field(self, "name");
    out = make_str("<" + self.as<InstanceObj>()->cls.as<ClassObj>()->name + "(" + (name ? str_of(*name) : "?") + ", " + status + ")>");
    return Res::ok;
}

Res th_get_name(State& st, CallArgs& a, Value& out) {
    ARGS("getName", 1, "self");
    Value* n = field(av[0], "name");
    out = n ? *n : Value();
    return Res::ok;
}

// [SECTION] module functions ---------------------------------------------------------------------
Res fn_current_thread(State& st, CallArgs& a, Value& out) {
    ARGS("current_thread", 0, "x");
    out = current_thread_object(st);
    return Res::ok;
}
Res fn_main_thread(State& st, CallArgs& a, Value& out) {
    ARGS("main_thread", 0, "x");
    out = main_thread_object(st);
    return Res::ok;
}
Res fn_enumerate(State& st, CallArgs& a, Value& out) {
    ARGS("enumerate", 0, "x");
    std::vector<Value> items;
    if (st.threads.empty()) items.push_back(main_thread_object(st));
    for (auto& t : st.threads) if (!t->done) items.push_back(t->thread);
    out = make_list(std::move(items));
    return Res::ok;
}
Res fn_active_count(State& st, CallArgs& a, Value& out) {
    ARGS("active_count", 0, "x");
    int64_t n = 0;
    for (auto& t : st.threads) if (!t->done) ++n;
    out = Value::integer(st.threads.empty() ? 1 : n);
    return Res::ok;
}
Res fn_get_ident(State& st, CallArgs& a, Value& out) {
    ARGS("get_ident", 0, "x");
    out = Value::integer(current_ident(st));
    return Res::ok;
}
Res fn_get_native_id(State& st, CallArgs& a, Value& out) {
    ARGS("get_native_id", 0, "x");
    Value* v = field(current_thread_object(st), "native_id");
    out = v ? *v : Value();
    return Res::ok;
}

// [SECTION] Lock and RLock -----------------------------------------------------------------------
bool is_rlock(const Value& lock) { return bool_field(lock, "_reentrant"); }

Res lk_init(State& st, CallArgs& a, Value& out, bool reentrant) {
    ARGS(reentrant ? "RLock" : "lock", 1, "self");
    put(av[0], "_reentrant", Value::boolean(reentrant));
    put(av[0], "_owner", Value::integer(0));
    put(av[0], "_count", Value::integer(0));
    out = Value();
    return Res::ok;
}
Res lock_init(State& st, CallArgs& a, Value& out) { return lk_init(st, a, out, false); }
Res rlock_init(State& st, CallArgs& a, Value& out) { return lk_init(st, a, out, true); }

Res lk_acquire(State& st, CallArgs& a, Value& out) {
    ARGS("acquire", 1, "self", "blocking", "timeout");
    const Value& self = av[0];
    const bool blocking = !GIVEN(1) || truthy(av[1]);
    double t = -1;
    if (GIVEN(2) && need_real(st, av[2], &t) != Res::ok) return Res::error;
    if (!blocking && t != -1) return st.raise("ValueError", "can't specify a timeout for a non-blocking call");
    if (t < 0 && t != -1) return st.raise("ValueError", "timeout value must be a non-negative number");
    const bool got = lock_try_acquire(st, self);
    out = Value::boolean(got);
    if (!got && !blocking) return Res::ok;
    return thread_wait_step(st, got, t < 0 ? std::nullopt : std::optional<double>(t), "lock.acquire()");
}
Res lk_release(State& st, CallArgs& a, Value& out) {
    ARGS("release", 1, "self");
    const Value& self = av[0];
    out = Value();
    int64_t count = int_field(self, "_count");
    if (is_rlock(self)) {
        if (count == 0 || int_field(self, "_owner") != current_ident(st))
            return st.raise("RuntimeError", "cannot release un-acquired lock");
    } else if (count == 0) {
        return st.raise("RuntimeError", "release unlocked lock");
    }
    put(self, "_count", Value::integer(count - 1));
    if (count == 1) put(self, "_owner", Value::integer(0));
    return Res::ok;
}
Res lk_locked(State& st, CallArgs& a, Value& out) {
    ARGS("locked", 1, "self");
    out = Value::boolean(int_field(av[0], "_count") > 0);
    return Res::ok;
}
// CPython's reprs: <unlocked _thread.lock object at 0x...>, and the RLock's owner and count.
Res lk_repr(State& st, CallArgs& a, Value& out) {
    ARGS("__repr__", 1, "self");
    const Value& self = av[0];
    const int64_t count = int_field(self, "_count");
    std::string r = std::string("<") + (count > 0 ? "locked" : "unlocked") + " _thread." + (is_rlock(self) ? "RLock" : "lock") + " object";
    if (is_rlock(self)) r += " owner=" + std::to_string(int_field(self, "_owner")) + " count=" + std::to_string(count);
    out = make_str(r + " at " + fake_address(self.u.o) + ">");
    return Res::ok;
}
Res lk_exit(State& st, CallArgs& a, Value& out) {
    if (a.npos < 1) return st.raise("TypeError", "__exit__ needs self");
    CallArgs b;
    b.pos = a.pos;
    b.npos = 1;
    return lk_release(st, b, out);
}

// [SECTION] Event -------------------------------------------------------------------------------------
Res ev_init(State& st, CallArgs& a, Value& out) {
    ARGS("Event", 1, "self");
    put(av[0], "_flag", Value::boolean(false));
    out = Value();
    return Res::ok;
}
Res ev_repr(State& st, CallArgs& a, Value& out) {
    ARGS("__repr__", 1, "self");
    out = make_str("<threading.Event at " + fake_address(av[0].u.o) + ": " + (bool_field(av[0], "_flag") ? "set" : "unset") + ">");
    return Res::ok;
}
Res ev_set(State& st, CallArgs& a, Value& out) {
    ARGS("set", 1, "self");
    put(av[0], "_flag", Value::boolean(true));
    out = Value();
    return Res::ok;
}
Res ev_clear(State& st, CallArgs& a, Value& out) {
    ARGS("clear", 1, "self");
    put(av[0], "_flag", Value::boolean(false));
    out = Value();
    return Res::ok;
}
Res ev_is_set(State& st, CallArgs& a, Value& out) {
    ARGS("is_set", 1, "self");
    out = Value::boolean(bool_field(av[0], "_flag"));
    return Res::ok;
}
Res ev_wait(State& st, CallArgs& a, Value& out) {
    ARGS("wait", 1, "self", "timeout");
    std::optional<double> timeout;
    if (timeout_arg(st, GIVEN(1) ? av[1] : Value(), &timeout) != Res::ok) return Res::error;
    const bool set = bool_field(av[0], "_flag");
    out = Value::boolean(set);
    return thread_wait_step(st, set, timeout, "event.wait()");
}

// [SECTION] Condition ---------------------------------------------------------------------------------
Res cond_init(State& st, CallArgs& a, Value& out) {
    ARGS("Condition", 1, "self", "lock");
    Value lock = GIVEN(1) && !av[1].is_none() ? av[1] : Value();
    if (lock.is_none()) {
        Value cls = thread_class(st, "RLock");
        if (call_value(st, cls, nullptr, 0, lock) != Res::ok) return Res::error;
    }
    if (!field(lock, "_reentrant")) return st.raise("TypeError", "forklab: Condition needs a threading.Lock or RLock");
    put(av[0], "_lock", lock);
    put(av[0], "_waiters", make_list());
    out = Value();
    return Res::ok;
}
Value cond_lock(const Value& self) {
    Value* l = field(self, "_lock");
    return l ? *l : Value();
}
Res cond_acquire(State& st, CallArgs& a, Value& out) {
    if (a.npos < 1) return st.raise("TypeError", "acquire needs self");
    std::vector<Value> pos(a.pos, a.pos + a.npos);
    pos[0] = cond_lock(a.pos[0]);
    CallArgs b = a;
    b.pos = pos.data();
    return lk_acquire(st, b, out);
}
Res cond_release(State& st, CallArgs& a, Value& out) {
    if (a.npos < 1) return st.raise("TypeError", "release needs self");
    Value lock = cond_lock(a.pos[0]);
    CallArgs b;
    b.pos = &lock;
    b.npos = 1;
    return lk_release(st, b, out);
}
// wait(): give up the lock and join the waiters (step 0), wait for a notify or the timeout
// (step 1), take the lock back at the same depth (step 2). wait_for() repeats the three
// around its predicate, with one deadline for the whole call.
void cond_begin_wait(State& st, const Value& self, ThreadCtx& t, std::optional<double> deadline) {
    t.saved = lock_release_all(st, cond_lock(self));
    field(self, "_waiters")->as<ListObj>()->items.push_back(Value::integer(t.ident));
    t.waiting = true;
    t.has_deadline = deadline.has_value();
    t.deadline = deadline ? *deadline : 0;
    t.notified = false;
    t.phase = 1;
}
// Steps 1 and 2: Res::ok once the lock is held again (t.index: notified).
Res cond_finish_wait(State& st, const Value& self, ThreadCtx& t) {
    const double now = st.host.monotonic_seconds();
    if (t.phase == 1) {
        if (!t.notified && !(t.has_deadline && now >= t.deadline)) return st.thread_block("condition.wait()");
        if (!t.notified) {  // timed out: leave the waiters
            auto& w = field(self, "_waiters")->as<ListObj>()->items;
            for (size_t i = 0; i < w.size(); ++i)
                if (w[i].tag == Tag::integer && w[i].u.i == t.ident) { w.erase(w.begin() + long(i)); break; }
        }
        t.index = t.notified;
        t.phase = 2;
    }
    if (!lock_try_acquire(st, cond_lock(self))) return st.thread_block("condition.wait() (taking the lock back)");
    lock_restore(st, cond_lock(self), t.saved);
    return Res::ok;
}
Res cond_wait(State& st, CallArgs& a, Value& out) {
    ARGS("wait", 1, "self", "timeout");
    const Value& self = av[0];
    ThreadCtx& t = current_thread_ctx(st);
    if (t.phase == 0) {
        std::optional<double> timeout;
        if (timeout_arg(st, GIVEN(1) ? av[1] : Value(), &timeout) != Res::ok) return Res::error;
        if (!lock_owned(st, cond_lock(self))) return st.raise("RuntimeError", "cannot wait on un-acquired lock");
        const double now = st.host.monotonic_seconds();
        cond_begin_wait(st, self, t, timeout ? std::optional<double>(now + *timeout) : std::nullopt);
    }
    Res r = cond_finish_wait(st, self, t);
    if (r != Res::ok) return r;
    out = Value::boolean(t.index != 0);
    wait_over(st);
    return Res::ok;
}
Res cond_wait_for(State& st, CallArgs& a, Value& out) {
    ARGS("wait_for", 2, "self", "predicate", "timeout");
    const Value& self = av[0];
    ThreadCtx& t = current_thread_ctx(st);
    if (t.phase != 0) {
        Res r = cond_finish_wait(st, self, t);
        if (r != Res::ok) return r;
    }
    Value result;
    if (call_value(st, av[1], nullptr, 0, result) != Res::ok) { wait_over(st); return Res::error; }
    bool ok = false;
    if (truth_value(st, result, &ok) != Res::ok) { wait_over(st); return Res::error; }
    const double now = st.host.monotonic_seconds();
    std::optional<double> deadline;
    if (t.phase == 0) {
        std::optional<double> timeout;
        if (timeout_arg(st, GIVEN(2) ? av[2] : Value(), &timeout) != Res::ok) return Res::error;
        if (timeout) deadline = now + *timeout;
        if (!ok && !lock_owned(st, cond_lock(self))) return st.raise("RuntimeError", "cannot wait on un-acquired lock");
    } else if (t.has_deadline) {
        deadline = t.deadline;
    }
    if (ok || (deadline && now >= *deadline)) {
        out = result;
        wait_over(st);
        return Res::ok;
    }
    cond_begin_wait(st, self, t, deadline);
    return st.thread_block("condition.wait_for()");
}
Res cond_notify_n(State& st, const Value& self, int64_t n) {
    if (!lock_owned(st, cond_lock(self))) return st.raise("RuntimeError", "cannot notify on un-acquired lock");
    auto& w = field(self, "_waiters")->as<ListObj>()->items;
    while (n-- > 0 && !w.empty()) {
        if (ThreadCtx* t = ctx_of_ident(st, w.front().u.i)) t->notified = true;
        w.erase(w.begin());
    }
    return Res::ok;
}
Res cond_notify(State& st, CallArgs& a, Value& out) {
    ARGS("notify", 1, "self", "n");
    out = Value();
    return cond_notify_n(st, av[0], GIVEN(1) && av[1].tag == Tag::integer ? av[1].u.i : 1);
}
Res cond_notify_all(State& st, CallArgs& a, Value& out) {
    ARGS("notify_all", 1, "self");
    out = Value();
    return cond_notify_n(st, av[0], INT64_MAX);
}

// [SECTION] Semaphore and BoundedSemaphore ------------------------------------------------------------
Res sem_init_impl(State& st, CallArgs& a, Value& out, bool bounded) {
    ARGS(bounded ? "BoundedSemaphore" : "Semaphore", 1, "self", "value");
    int64_t v = GIVEN(1) ? (av[1].tag == Tag::integer ? av[1].u.i : -1) : 1;
    if (v < 0) return st.raise("ValueError", "semaphore initial value must be >= 0");
    put(av[0], "_value", Value::integer(v));
    put(av[0], "_initial", Value::integer(bounded ? v : -1));
    out = Value();
    return Res::ok;
}
Res sem_repr(State& st, CallArgs& a, Value& out) {
    ARGS("__repr__", 1, "self");
    const Value& self = av[0];
    const int64_t initial = int_field(self, "_initial");
    std::string value = std::to_string(int_field(self, "_value"));
    if (initial >= 0) value += "/" + std::to_string(initial);
    out = make_str("<threading." + self.as<InstanceObj>()->cls.as<ClassObj>()->name + " at " + fake_address(self.u.o) +
                   ": value=" + value + ">");
    return Res::ok;
}
Res sem_init(State& st, CallArgs& a, Value& out) { return sem_init_impl(st, a, out, false); }
Res bsem_init(State& st, CallArgs& a, Value& out) { return sem_init_impl(st, a, out, true); }
Res sem_acquire(State& st, CallArgs& a, Value& out) {
    ARGS("acquire", 1, "self", "blocking", "timeout");
    const bool blocking = !GIVEN(1) || truthy(av[1]);
    std::optional<double> timeout;
    if (timeout_arg(st, GIVEN(2) ? av[2] : Value(), &timeout) != Res::ok) return Res::error;
    if (!blocking && timeout) return st.raise("ValueError", "can't specify timeout for non-blocking acquire");
    const int64_t v = int_field(av[0], "_value");
    const bool got = v > 0;
    if (got) put(av[0], "_value", Value::integer(v - 1));
    out = Value::boolean(got);
    if (!got && !blocking) return Res::ok;
    return thread_wait_step(st, got, timeout, "semaphore.acquire()");
}
Res sem_release(State& st, CallArgs& a, Value& out) {
    ARGS("release", 1, "self", "n");
    int64_t n = GIVEN(1) && av[1].tag == Tag::integer ? av[1].u.i : 1;
    if (n < 1) return st.raise("ValueError", "n must be one or more");
    int64_t v = int_field(av[0], "_value"), init = int_field(av[0], "_initial");
    if (init >= 0 && v + n > init) return st.raise("ValueError", "Semaphore released too many times");
    put(av[0], "_value", Value::integer(v + n));
    out = Value();
    return Res::ok;
}
Res sem_exit(State& st, CallArgs& a, Value& out) {
    CallArgs b;
    b.pos = a.pos;
    b.npos = a.npos ? 1 : 0;
    return sem_release(st, b, out);
}

// [SECTION] Barrier ---------------------------------------------------------------------------------
Res bar_init(State& st, CallArgs& a, Value& out) {
    ARGS("Barrier", 2, "self", "parties", "action", "timeout");
    if (av[1].tag != Tag::integer || av[1].u.i < 1) return st.raise("ValueError", "parties must be > 0");
    put(av[0], "parties", av[1]);
    put(av[0], "n_waiting", Value::integer(0));
    put(av[0], "broken", Value::boolean(false));
    put(av[0], "_generation", Value::integer(0));
    put(av[0], "_action", GIVEN(2) ? av[2] : Value());
    put(av[0], "_timeout", GIVEN(3) ? av[3] : Value());
    out = Value();
    return Res::ok;
}
Res broken_barrier(State& st) { return raise_class(st, "BrokenBarrierError", ""); }
Res bar_wait(State& st, CallArgs& a, Value& out) {
    ARGS("wait", 1, "self", "timeout");
    const Value& self = av[0];
    ThreadCtx& t = current_thread_ctx(st);
    const double now = st.host.monotonic_seconds();
    if (t.phase == 0) {
        std::optional<double> timeout;
        if (timeout_arg(st, GIVEN(1) && !av[1].is_none() ? av[1] : *field(self, "_timeout"), &timeout) != Res::ok) return Res::error;
        if (bool_field(self, "broken")) return broken_barrier(st);
        const int64_t index = int_field(self, "n_waiting");
        if (index + 1 == int_field(self, "parties")) {
            Value action = *field(self, "_action");
            if (!action.is_none()) {
                Value r;
                if (call_value(st, action, nullptr, 0, r) != Res::ok) {
                    put(self, "broken", Value::boolean(true));
                    return Res::error;
                }
            }
            put(self, "n_waiting", Value::integer(0));
            put(self, "_generation", Value::integer(int_field(self, "_generation") + 1));
            wait_over(st);
            out = Value::integer(index);
            return Res::ok;
        }
        put(self, "n_waiting", Value::integer(index + 1));
        t.waiting = true;
        t.has_deadline = timeout.has_value();
        t.deadline = now + (timeout ? *timeout : 0);
        t.saved = int_field(self, "_generation");
        t.index = index;
        t.phase = 1;
    }
    if (int_field(self, "_generation") != t.saved) {
        out = Value::integer(t.index);
        wait_over(st);
        return Res::ok;
    }
    if (bool_field(self, "broken") || (t.has_deadline && now >= t.deadline)) {
        put(self, "broken", Value::boolean(true));
        put(self, "n_waiting", Value::integer(std::max<int64_t>(0, int_field(self, "n_waiting") - 1)));
        wait_over(st);
        return broken_barrier(st);
    }
    return st.thread_block("barrier.wait()");
}
Res bar_abort(State& st, CallArgs& a, Value& out) {
    ARGS("abort", 1, "self");
    put(av[0], "broken", Value::boolean(true));
    out = Value();
    return Res::ok;
}
Res bar_reset(State& st, CallArgs& a, Value& out) {
    ARGS("reset", 1, "self");
    put(av[0], "broken", Value::boolean(false));
    put(av[0], "n_waiting", Value::integer(0));
    put(av[0], "_generation", Value::integer(int_field(av[0], "_generation") + 1));
    out = Value();
    return Res::ok;
}

// [SECTION] Timer ---------------------------------------------------------------------------------------
Res timer_init(State& st, CallArgs& a, Value& out) {
    ARGS("Timer", 3, "self", "interval", "function", "args", "kwargs");
    CallArgs b;
    b.pos = av;
    b.npos = 1;
    if (th_init(st, b, out) != Res::ok) return Res::error;
    double d;
    if (need_real(st, av[1], &d) != Res::ok) return Res::error;
    put(av[0], "interval", Value::real(d));
    put(av[0], "function", av[2]);
    Value args = make_tuple();
    if (GIVEN(3) && !av[3].is_none()) {
        std::vector<Value> items;
        if (to_vector(st, av[3], items) != Res::ok) return Res::error;
        args = make_tuple(std::move(items));
    }
    put(av[0], "args", args);
    put(av[0], "kwargs", GIVEN(4) && !av[4].is_none() ? av[4] : Value::object(new DictObj()));
    put(av[0], "_cancelled", Value::boolean(false));
    return Res::ok;
}
// The timer thread's run(): called by the thread's bootstrap (not from native code), so its
// wait is an ordinary thread wait; the function itself runs as a nested call.
Res timer_run(State& st, CallArgs& a, Value& out) {
    ARGS("run", 1, "self");
    const Value& self = av[0];
    out = Value();
    if (!bool_field(self, "_cancelled")) {
        Value* iv = field(self, "interval");
        if (!wait_timed_out(st, iv && iv->tag == Tag::real ? iv->u.f : 0)) return st.thread_block("Timer (waiting)");
    }
    wait_over(st);
    if (bool_field(self, "_cancelled")) return Res::ok;
    put(self, "_cancelled", Value::boolean(true));  // finished
    Value* kw = field(self, "kwargs");
    Value fn = *field(self, "function");
    const auto items = field(self, "args")->as<ListObj>()->items;
    Value r;
    return call_value_dict(st, fn, items, kw ? *kw : Value(), r);
}
Res timer_cancel(State& st, CallArgs& a, Value& out) {
    ARGS("cancel", 1, "self");
    put(av[0], "_cancelled", Value::boolean(true));
    out = Value();
    return Res::ok;
}

Res ctx_enter_acquire(State& st, CallArgs& a, Value& out) {
    // `with lock:` is acquire() with its defaults; the result is True.
    if (a.npos < 1) return st.raise("TypeError", "__enter__ needs self");
    CallArgs b;
    b.pos = a.pos;
    b.npos = 1;
    const Value& self = a.pos[0];
    if (field(self, "_lock")) return cond_acquire(st, b, out);
    if (field(self, "_value")) return sem_acquire(st, b, out);
    return lk_acquire(st, b, out);
}
Res cond_exit(State& st, CallArgs& a, Value& out) {
    CallArgs b;
    b.pos = a.pos;
    b.npos = a.npos ? 1 : 0;
    return cond_release(st, b, out);
}

}  // namespace

// [SECTION] shared helpers ---------------------------------------------------------------------------
int64_t current_ident(State& st) {
    if (st.threads.empty()) return int_field(main_thread_object(st), "ident");
    return st.threads[st.cur]->ident;
}

bool lock_try_acquire(State& st, const Value& lock) {
    const int64_t count = int_field(lock, "_count"), me = current_ident(st);
    if (count > 0 && !(is_rlock(lock) && int_field(lock, "_owner") == me)) return false;
    put(lock, "_count", Value::integer(count + 1));
    put(lock, "_owner", Value::integer(me));
    return true;
}
bool lock_owned(State& st, const Value& lock) {
    if (int_field(lock, "_count") == 0) return false;
    return !is_rlock(lock) || int_field(lock, "_owner") == current_ident(st);
}
int64_t lock_release_all(State& st, const Value& lock) {
    (void)st;
    const int64_t count = int_field(lock, "_count");
    put(lock, "_count", Value::integer(0));
    put(lock, "_owner", Value::integer(0));
    return count;
}
void lock_restore(State& st, const Value& lock, int64_t depth) {
    put(lock, "_count", Value::integer(depth));
    put(lock, "_owner", Value::integer(current_ident(st)));
}

Res raise_class(State& st, const char* cls, const char* msg) {
    Value c = thread_class(st, cls), exc;
    Value arg = make_str(msg);
    if (call_value(st, c, &arg, *msg ? 1 : 0, exc) != Res::ok) return Res::error;
    return raise_value(st, exc, true);
}

Value native_class(State& st, const char* name, const char* module, const Value& base,
                   std::initializer_list<std::pair<const char*, NativeFn>> methods) {
    auto* c = new ClassObj();
    Value cv = Value::object(c);
    c->name = name;
    c->module = module;
    c->base = base;
    if (base.is(OT::cls) && base.as<ClassObj>()->is_exception) c->is_exception = true;
    c->dict = Value::object(new DictObj());
    for (auto& m : methods) c->dict.as<DictObj>()->set(make_str(m.first), Value::object(new BuiltinObj(m.second, m.first)));
    compute_mro(c);
    (void)st;
    return cv;
}

Value thread_class(State& st, const char* name) {
    for (const char* mod : {"threading", "queue"}) {
        for (auto& m : st.modules)
            if (m.first == mod)
                if (Value* v = m.second.as<ModuleObj>()->find(name)) return *v;
    }
    // threading is made on demand (queue and time.sleep need the main thread object).
    Value m = make_threading_module(st);
    st.modules.emplace_back("threading", m);
    Value* v = m.as<ModuleObj>()->find(name);
    return v ? *v : Value();
}

Value main_thread_object(State& st) {
    if (st.main_thread.is_none()) {
        Value cls = thread_class(st, "_MainThread");
        Value self = new_instance(cls);
        st.main_thread = self;
        put(self, "_target", Value());
        put(self, "_args", make_tuple());
        put(self, "_kwargs", Value::object(new DictObj()));
        put(self, "name", make_str("MainThread"));
        put(self, "daemon", Value::boolean(false));
        put(self, "ident", Value::integer(main_thread_ident()));
        put(self, "native_id", Value::integer(st.host.os_pid(st.host.self())));
        put(self, "_started", Value::boolean(true));
        put(self, "_is_stopped", Value::boolean(false));
    }
    return st.main_thread;
}

Value current_thread_object(State& st) {
    if (st.threads.empty()) return main_thread_object(st);
    return st.threads[st.cur]->thread;
}

Value make_threading_module(State& st) {
    auto* m = new ModuleObj("threading");
    Value mv = Value::object(m);
    auto cls = [&](const char* name, const Value& c) { m->attrs.emplace_back(name, c); return c; };
    Value thread = cls("Thread", native_class(st, "Thread", "threading", Value(), {
        {"__init__", th_init}, {"start", th_start}, {"run", th_run}, {"join", th_join},
        {"is_alive", th_is_alive}, {"__repr__", th_repr}, {"getName", th_get_name}}));
    cls("_MainThread", native_class(st, "_MainThread", "threading", thread, {}));
    cls("Timer", native_class(st, "Timer", "threading", thread, {
        {"__init__", timer_init}, {"run", timer_run}, {"cancel", timer_cancel}}));
    cls("Lock", native_class(st, "lock", "_thread", Value(), {
        {"__init__", lock_init}, {"acquire", lk_acquire}, {"release", lk_release}, {"locked", lk_locked},
        {"__enter__", ctx_enter_acquire}, {"__exit__", lk_exit}, {"__repr__", lk_repr}}));
    cls("RLock", native_class(st, "RLock", "_thread", Value(), {
        {"__init__", rlock_init}, {"acquire", lk_acquire}, {"release", lk_release},
        {"__enter__", ctx_enter_acquire}, {"__exit__", lk_exit}, {"__repr__", lk_repr}}));
    // threading.local: every thread sees its own attributes (classes.cpp, attr_dict).
    Value local = cls("local", native_class(st, "_local", "_thread", Value(), {}));
    local.as<ClassObj>()->thread_local_attrs = true;
    cls("Event", native_class(st, "Event", "threading", Value(), {
        {"__init__", ev_init}, {"set", ev_set}, {"clear", ev_clear}, {"is_set", ev_is_set}, {"wait", ev_wait}, {"__repr__", ev_repr}}));
    cls("Condition", native_class(st, "Condition", "threading", Value(), {
        {"__init__", cond_init}, {"acquire", cond_acquire}, {"release", cond_release}, {"wait", cond_wait},
        {"wait_for", cond_wait_for}, {"notify", cond_notify}, {"notify_all", cond_notify_all}, {"__enter__", ctx_enter_acquire}, {"__exit__", cond_exit}}));
    Value sem = cls("Semaphore", native_class(st, "Semaphore", "threading", Value(), {
        {"__init__", sem_init}, {"acquire", sem_acquire}, {"release", sem_release},
        {"__enter__", ctx_enter_acquire}, {"__exit__", sem_exit}, {"__repr__", sem_repr}}));
    cls("BoundedSemaphore", native_class(st, "BoundedSemaphore", "threading", sem, {{"__init__", bsem_init}}));
    cls("Barrier", native_class(st, "Barrier", "threading", Value(), {
        {"__init__", bar_init}, {"wait", bar_wait}, {"abort", bar_abort}, {"reset", bar_reset}}));
    // One class for threading's and multiprocessing's barriers, as in CPython (multiprocessing
    // raises threading.BrokenBarrierError).
    cls("BrokenBarrierError", broken_barrier_error_class(st));
    module_add(m, "current_thread", fn_current_thread);
    module_add(m, "main_thread", fn_main_thread);
    module_add(m, "enumerate", fn_enumerate);
    module_add(m, "active_count", fn_active_count);
    module_add(m, "get_ident", fn_get_ident);
    module_add(m, "get_native_id", fn_get_native_id);
    m->attrs.emplace_back("TIMEOUT_MAX", Value::real(9223372036.0));
    return mv;
}

}  // namespace forklab::lang
