// multiprocessing.Queue, JoinableQueue and SimpleQueue. Items are serialized before the one
// Host call that may block (put, get, join), so the sim backend can re-run the instruction.
// JoinableQueue's count of unfinished tasks is a SyncKind::counter on the Host.
#include "lang/exceptions.h"
#include "lang/module_mp_ipc.h"
#include "lang/module_util.h"
#include "lang/transport.h"

namespace forklab::lang {

#define ARGS FORKLAB_ARGS
#define GIVEN FORKLAB_GIVEN

namespace {

QueueObj* self_queue(CallArgs& a) { return a.self->as<QueueObj>(); }

// queue.Empty / queue.Full: the classes of this process's `queue` module, so that
// `except queue.Empty` catches them (imported here if the scenario has not yet).
Res raise_queue_exception(State& st, const char* name) {
    Value* cls = queue_module_of(st).as<ModuleObj>()->find(name);
    return raise_value(st, new_exception(*cls, {}), true);
}

Res check_not_closed(State& st, const Value& q) {
    if (!q.as<QueueObj>()->closed) return Res::ok;
    return st.raise("ValueError", "Queue " + repr_of(q) + " is closed");
}

Res make_queue(State& st, QueueObj::Kind kind, size_t maxsize, Value& out) {
    auto* q = new QueueObj();
    Value qv = Value::object(q);
    q->kind = kind;
    q->maxsize = maxsize;
    q->id = st.host.queue_create(maxsize, kind == QueueObj::simple);
    if (q->id.value == 0) return st.raise("NotImplementedError", "forklab: this backend has no Queue yet");
    if (kind == QueueObj::joinable) {
        q->unfinished = st.host.sync_create(SyncKind::counter, 0, -1);
        if (q->unfinished.value == 0)
            return st.raise("NotImplementedError", "forklab: this backend has no JoinableQueue yet");
    }
    out = std::move(qv);
    return Res::ok;
}

Res queue_maxsize(State& st, CallArgs& a, const char* fname, size_t* maxsize) {
    ARGS(fname, 0, "maxsize", "ctx");
    *maxsize = 0;
    if (GIVEN(0)) {
        if (av[0].tag == Tag::real)  // CPython's SemLock takes only ints
            return st.raise("TypeError", "'float' object cannot be interpreted as an integer");
        if (av[0].tag == Tag::boolean) av[0] = Value::integer(av[0].u.b);
        if (!av[0].is_int())  // CPython compares `maxsize <= 0` first
            return st.raise("TypeError", std::string("'<=' not supported between instances of '") + type_name(av[0]) + "' and 'int'");
        *maxsize = av[0].u.i > 0 ? size_t(av[0].u.i) : 0;  // CPython: maxsize <= 0 is unbounded
    }
    return Res::ok;
}

// CPython pickles in the feeder thread: an object it cannot pickle is reported on stderr by
// that thread and dropped, and put() itself returns normally.
void report_feeder_error(State& st) {
    Value exc = st.exc;
    st.exc = Value();
    const ClassObj* c = exc.as<InstanceObj>()->cls.as<ClassObj>();
    st.host.write(Stream::err, "Traceback (most recent call last):\n"
                               "  File \"multiprocessing/queues.py\", line 244, in _feed\n"
                               "    obj = _ForkingPickler.dumps(obj)\n" +
                                   exception_display_name(c) + ": " + exception_str(st, exc) + "\n");
}

Res put_item(State& st, const Value& qv, const Value& item, bool block, std::optional<double> timeout, Value& out) {
    QueueObj* q = qv.as<QueueObj>();
    std::string message;
    if (serialize(st, item, message) != Res::ok) {
        if (q->kind == QueueObj::simple) return Res::error;  // SimpleQueue pickles in put()
        report_feeder_error(st);
        out = Value();
        return Res::ok;
    }
    // JoinableQueue counts the task before the item is visible, so a consumer's task_done()
    // can never run ahead of the count; a put that does not happen takes it back.
    SyncResult counted;
    if (q->kind == QueueObj::joinable) st.host.sync_op(q->unfinished, SyncOp::add, 1, LockId{}, std::nullopt, &counted);
    bool full = false;
    const bool poll = block && threads_running(st);  // the process's other threads keep running
    const OpStatus status = st.host.queue_put(q->id, message, block && !poll, timeout, &full);
    if (q->kind == QueueObj::joinable && (status == OpStatus::blocked || full))
        st.host.sync_op(q->unfinished, SyncOp::done, 0, LockId{}, std::nullopt, &counted);
    if (status == OpStatus::blocked) return st.blocked("q.put()");
    if (poll) {
        if (Res r = polled_wait_step(st, !full, timeout, "q.put()"); r != Res::ok) return r;
    }
    if (full) return raise_queue_exception(st, "Full");
    out = Value();
    return Res::ok;
}

Res get_item(State& st, QueueObj* q, bool block, std::optional<double> timeout, Value& out) {
    std::string message;
    bool empty = false;
    const bool poll = block && threads_running(st);  // the process's other threads keep running
    if (st.host.queue_get(q->id, block && !poll, timeout, &message, &empty) == OpStatus::blocked) return st.blocked("q.get()");
    if (poll) {
        if (Res r = polled_wait_step(st, !empty, timeout, "q.get()"); r != Res::ok) return r;
    }
    if (empty) return raise_queue_exception(st, "Empty");
    return deserialize(st, message, out);
}

Res q_put(State& st, CallArgs& a, Value& out) {
    ARGS("put", 1, "obj", "block", "timeout");
    if (check_not_closed(st, *a.self) != Res::ok) return Res::error;
    const bool block = !GIVEN(1) || truthy(av[1]);
    std::optional<double> timeout;
    if (ipc_timeout(st, av[2], &timeout) != Res::ok) return Res::error;
    return put_item(st, *a.self, av[0], block, timeout, out);
}
Res q_put_nowait(State& st, CallArgs& a, Value& out) {
    ARGS("put_nowait", 1, "obj");
    if (check_not_closed(st, *a.self) != Res::ok) return Res::error;
    return put_item(st, *a.self, av[0], false, std::nullopt, out);
}
Res q_get(State& st, CallArgs& a, Value& out) {
    ARGS("get", 0, "block", "timeout");
    if (check_not_closed(st, *a.self) != Res::ok) return Res::error;
    const bool block = !GIVEN(0) || truthy(av[0]);
    std::optional<double> timeout;
    if (ipc_timeout(st, av[1], &timeout) != Res::ok) return Res::error;
    return get_item(st, self_queue(a), block, timeout, out);
}
Res q_get_nowait(State& st, CallArgs& a, Value& out) {
    ARGS("get_nowait", 0, "x");
    if (check_not_closed(st, *a.self) != Res::ok) return Res::error;
    return get_item(st, self_queue(a), false, std::nullopt, out);
}
Res q_qsize(State& st, CallArgs& a, Value& out) {
    ARGS("qsize", 0, "x");
    out = Value::integer(int64_t(st.host.queue_size(self_queue(a)->id)));
    return Res::ok;
}
Res q_empty(State& st, CallArgs& a, Value& out) {
    ARGS("empty", 0, "x");
    out = Value::boolean(st.host.queue_size(self_queue(a)->id) == 0);
    return Res::ok;
}
Res q_full(State& st, CallArgs& a, Value& out) {
    ARGS("full", 0, "x");
    const QueueObj* q = self_queue(a);
    out = Value::boolean(q->maxsize > 0 && st.host.queue_size(q->id) >= q->maxsize);
    return Res::ok;
}
Res q_close(State& st, CallArgs& a, Value& out) {
    ARGS("close", 0, "x");
    self_queue(a)->closed = true;
    out = Value();
    return Res::ok;
}
// The backend flushes a process's feeder when it exits, so joining it is only CPython's check.
Res q_join_thread(State& st, CallArgs& a, Value& out) {
    ARGS("join_thread", 0, "x");
    if (!self_queue(a)->closed) return st.raise("AssertionError", "Queue " + repr_of(*a.self) + " not closed");
    out = Value();
    return Res::ok;
}
Res q_cancel_join_thread(State& st, CallArgs& a, Value& out) {
    ARGS("cancel_join_thread", 0, "x");
    st.host.queue_cancel_join(self_queue(a)->id);
    out = Value();
    return Res::ok;
}
Res q_task_done(State& st, CallArgs& a, Value& out) {
    ARGS("task_done", 0, "x");
    SyncResult r;
    st.host.sync_op(self_queue(a)->unfinished, SyncOp::done, 0, LockId{}, std::nullopt, &r);
    if (r.error != SyncError::none) return st.raise("ValueError", "task_done() called too many times");
    out = Value();
    return Res::ok;
}
Res q_join(State& st, CallArgs& a, Value& out) {
    ARGS("join", 0, "x");
    SyncResult r;
    const bool poll = threads_running(st);  // the process's other threads keep running
    if (st.host.sync_op(self_queue(a)->unfinished, SyncOp::join, 0, LockId{}, poll ? std::optional<double>(0.0) : std::nullopt,
                        &r) == OpStatus::blocked)
        return st.blocked("q.join()");
    if (poll) {
        if (Res e = polled_wait_step(st, r.ok, std::nullopt, "q.join()"); e != Res::ok) return e;
    }
    out = Value();
    return Res::ok;
}

// SimpleQueue: its own closed state is its pipe's ("handle is closed"), and put never
// times out.
Res check_simple_open(State& st, const QueueObj* q) {
    return q->closed ? st.raise("OSError", "handle is closed") : Res::ok;
}
Res sq_put(State& st, CallArgs& a, Value& out) {
    ARGS("put", 1, "obj");
    if (check_simple_open(st, self_queue(a)) != Res::ok) return Res::error;
    return put_item(st, *a.self, av[0], true, std::nullopt, out);
}
Res sq_get(State& st, CallArgs& a, Value& out) {
    ARGS("get", 0, "x");
    if (check_simple_open(st, self_queue(a)) != Res::ok) return Res::error;
    return get_item(st, self_queue(a), true, std::nullopt, out);
}

struct QueueMethod {
    const char* name;
    NativeFn fn;
};
constexpr QueueMethod kQueueMethods[] = {
    {"put", q_put}, {"get", q_get}, {"put_nowait", q_put_nowait}, {"get_nowait", q_get_nowait},
    {"qsize", q_qsize}, {"empty", q_empty}, {"full", q_full}, {"close", q_close},
    {"join_thread", q_join_thread}, {"cancel_join_thread", q_cancel_join_thread},
};
constexpr QueueMethod kJoinableMethods[] = {{"task_done", q_task_done}, {"join", q_join}};
constexpr QueueMethod kSimpleMethods[] = {{"put", sq_put}, {"get", sq_get}, {"empty", q_empty}, {"close", q_close}};

}  // namespace

Value queue_module_of(State& st) {
    for (auto& m : st.modules)
        if (m.first == "queue") return m.second;
    Value m = make_queue_module(st);
    st.modules.emplace_back("queue", m);
    return m;
}

Res mp_queue(State& st, CallArgs& a, Value& out) {
    size_t maxsize;
    if (queue_maxsize(st, a, "Queue", &maxsize) != Res::ok) return Res::error;
    return make_queue(st, QueueObj::plain, maxsize, out);
}
Res mp_joinable_queue(State& st, CallArgs& a, Value& out) {
    size_t maxsize;
    if (queue_maxsize(st, a, "JoinableQueue", &maxsize) != Res::ok) return Res::error;
    return make_queue(st, QueueObj::joinable, maxsize, out);
}
Res mp_simple_queue(State& st, CallArgs& a, Value& out) {
    ARGS("SimpleQueue", 0, "ctx");
    return make_queue(st, QueueObj::simple, 0, out);
}

Res queue_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found) {
    (void)st;
    const auto* q = obj.as<QueueObj>();
    *found = true;
    auto lookup = [&](const QueueMethod* begin, const QueueMethod* end) {
        for (const QueueMethod* m = begin; m != end; ++m) {
            if (name == m->name) {
                out = Value::object(new BuiltinObj(m->fn, m->name, obj));
                return true;
            }
        }
        return false;
    };
    if (q->kind == QueueObj::simple) {
        if (lookup(std::begin(kSimpleMethods), std::end(kSimpleMethods))) return Res::ok;
    } else {
        if (q->kind == QueueObj::joinable && lookup(std::begin(kJoinableMethods), std::end(kJoinableMethods))) return Res::ok;
        if (lookup(std::begin(kQueueMethods), std::end(kQueueMethods))) return Res::ok;
    }
    *found = false;
    return Res::ok;
}

}  // namespace forklab::lang
