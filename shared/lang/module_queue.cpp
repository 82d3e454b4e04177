// queue.Queue, LifoQueue, PriorityQueue and SimpleQueue: in-process queues between the
// threads of one process (multiprocessing.Queue is the one that crosses processes). A full or
// empty queue waits by switching threads (thread_scheduler.cpp), with the same retry rule as
// every wait: check first, change nothing until the call can complete.
#include "lang/ast.h"
#include "lang/thread_objects.h"
#include "lang/native_args.h"

namespace forklab::lang {

namespace {
#define ARGS FORKLAB_ARGS
#define GIVEN FORKLAB_GIVEN

enum Kind : int64_t { fifo, lifo, priority, simple };

std::vector<Value>& items_of(const Value& q) { return field(q, "_items")->as<ListObj>()->items; }

Res init_kind(State& st, CallArgs& a, Value& out, Kind k) {
    ARGS(k == simple ? "SimpleQueue" : "Queue", 1, "self", "maxsize");
    int64_t maxsize = 0;
    if (GIVEN(1)) {
        if (av[1].tag != Tag::integer) return st.raise("TypeError", "'<=' not supported between instances of 'int' and '" + std::string(type_name(av[1])) + "'");
        maxsize = av[1].u.i;
    }
    put(av[0], "maxsize", Value::integer(maxsize));
    put(av[0], "_items", make_list());
    put(av[0], "_kind", Value::integer(k));
    put(av[0], "unfinished_tasks", Value::integer(0));
    out = Value();
    return Res::ok;
}
Res q_init(State& st, CallArgs& a, Value& out) { return init_kind(st, a, out, fifo); }
Res lifo_init(State& st, CallArgs& a, Value& out) { return init_kind(st, a, out, lifo); }
Res prio_init(State& st, CallArgs& a, Value& out) { return init_kind(st, a, out, priority); }
Res simple_init(State& st, CallArgs& a, Value& out) {
    if (a.npos > 1 || a.nkw) return st.raise("TypeError", "SimpleQueue() takes no arguments");
    return init_kind(st, a, out, simple);
}

// block/timeout as Queue.get/put read them: a timeout only matters when blocking.
Res wait_args(State& st, const Value* av, bool* block, std::optional<double>* timeout) {
    *block = av[0].tag == Tag::undef || truthy(av[0]);
    *timeout = std::nullopt;
    if (!*block || av[1].tag == Tag::undef || av[1].is_none()) return Res::ok;
    double d;
    if (need_real(st, av[1], &d) != Res::ok) return Res::error;
    if (d < 0) return st.raise("ValueError", "'timeout' must be a non-negative number");
    *timeout = d;
    return Res::ok;
}

Res put_impl(State& st, const Value& self, const Value& item, bool block, std::optional<double> timeout) {
    auto& items = items_of(self);
    const int64_t maxsize = int_field(self, "maxsize");
    const Kind kind = Kind(int_field(self, "_kind"));
    if (kind != simple && maxsize > 0 && int64_t(items.size()) >= maxsize) {
        if (!block || wait_timed_out(st, timeout)) { wait_over(st); return raise_class(st, "Full", ""); }
        current_thread_ctx(st).reason = "queue.put()";
        return st.thread_block("queue.put()");
    }
    wait_over(st);
    size_t at = items.size();
    if (kind == priority) {  // sorted, equal items in arrival order (what heapq gives here)
        size_t lo = 0, hi = items.size();
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            Value lt;
            if (compare_op(st, cmp_lt, item, items[mid], lt) != Res::ok) return Res::error;
            bool less = false;
            if (truth_value(st, lt, &less) != Res::ok) return Res::error;
            if (less) hi = mid; else lo = mid + 1;
        }
        at = lo;
    }
    items.insert(items.begin() + long(at), item);
    if (kind != simple) put(self, "unfinished_tasks", Value::integer(int_field(self, "unfinished_tasks") + 1));
    return Res::ok;
}

Res get_impl(State& st, const Value& self, bool block, std::optional<double> timeout, Value& out) {
    auto& items = items_of(self);
    if (items.empty()) {
        if (!block || wait_timed_out(st, timeout)) { wait_over(st); return raise_class(st, "Empty", ""); }
        current_thread_ctx(st).reason = "queue.get()";
        return st.thread_block("queue.get()");
    }
    wait_over(st);
    if (Kind(int_field(self, "_kind")) == lifo) {
        out = std::move(items.back());
        items.pop_back();
    } else {
        out = std::move(items.front());
        items.erase(items.begin());
    }
    return Res::ok;
}

Res q_put(State& st, CallArgs& a, Value& out) {
    ARGS("put", 2, "self", "item", "block", "timeout");
    bool block;
    std::optional<double> timeout;
    if (wait_args(st, av + 2, &block, &timeout) != Res::ok) return Res::error;
    out = Value();
    return put_impl(st, av[0], av[1], block, timeout);
}
Res q_put_nowait(State& st, CallArgs& a, Value& out) {
    ARGS("put_nowait", 2, "self", "item");
    out = Value();
    return put_impl(st, av[0], av[1], false, std::nullopt);
}
Res q_get(State& st, CallArgs& a, Value& out) {
    ARGS("get", 1, "self", "block", "timeout");
    bool block;
    std::optional<double> timeout;
    if (wait_args(st, av + 1, &block, &timeout) != Res::ok) return Res::error;
    return get_impl(st, av[0], block, timeout, out);
}
Res q_get_nowait(State& st, CallArgs& a, Value& out) {
    ARGS("get_nowait", 1, "self");
    return get_impl(st, av[0], false, std::nullopt, out);
}
Res q_qsize(State& st, CallArgs& a, Value& out) {
    ARGS("qsize", 1, "self");
    out = Value::integer(int64_t(items_of(av[0]).size()));
    return Res::ok;
}
Res q_empty(State& st, CallArgs& a, Value& out) {
    ARGS("empty", 1, "self");
    out = Value::boolean(items_of(av[0]).empty());
    return Res::ok;
}
Res q_full(State& st, CallArgs& a, Value& out) {
    ARGS("full", 1, "self");
    const int64_t maxsize = int_field(av[0], "maxsize");
    out = Value::boolean(maxsize > 0 && int64_t(items_of(av[0]).size()) >= maxsize);
    return Res::ok;
}
Res q_task_done(State& st, CallArgs& a, Value& out) {
    ARGS("task_done", 1, "self");
    const int64_t n = int_field(av[0], "unfinished_tasks");
    if (n <= 0) return st.raise("ValueError", "task_done() called too many times");
    put(av[0], "unfinished_tasks", Value::integer(n - 1));
    out = Value();
    return Res::ok;
}
Res q_join(State& st, CallArgs& a, Value& out) {
    ARGS("join", 1, "self");
    out = Value();
    if (int_field(av[0], "unfinished_tasks") == 0) { wait_over(st); return Res::ok; }
    wait_timed_out(st, std::nullopt);
    current_thread_ctx(st).reason = "queue.join()";
    return st.thread_block("queue.join()");
}

}  // namespace

void add_queue_classes(State& st, ModuleObj* m) {
    Value queue = native_class(st, "Queue", "queue", Value(), {
        {"__init__", q_init}, {"put", q_put}, {"get", q_get}, {"put_nowait", q_put_nowait},
        {"get_nowait", q_get_nowait}, {"qsize", q_qsize}, {"empty", q_empty}, {"full", q_full},
        {"task_done", q_task_done}, {"join", q_join}});
    m->attrs.emplace_back("Queue", queue);
    m->attrs.emplace_back("LifoQueue", native_class(st, "LifoQueue", "queue", queue, {{"__init__", lifo_init}}));
    m->attrs.emplace_back("PriorityQueue", native_class(st, "PriorityQueue", "queue", queue, {{"__init__", prio_init}}));
    m->attrs.emplace_back("SimpleQueue", native_class(st, "SimpleQueue", "_queue", Value(), {
        {"__init__", simple_init}, {"put", q_put}, {"get", q_get}, {"put_nowait", q_put_nowait},
        {"get_nowait", q_get_nowait}, {"qsize", q_qsize}, {"empty", q_empty}}));
}

}  // namespace forklab::lang
