// See threads_sync.h.
#include "exec/threads_sync.h"

#include <memory>

namespace forklab::threadrt {

namespace {

// The block reason the timeline shows while a process waits on the object.
const char* wait_reason(SyncKind kind, SyncOp op) {
    switch (kind) {
        case SyncKind::semaphore: return "semaphore.acquire()";
        case SyncKind::event: return "event.wait()";
        case SyncKind::condition: return "condition.wait()";
        case SyncKind::barrier: return "barrier.wait()";
        case SyncKind::counter: return op == SyncOp::join ? "queue.join()" : "queue";
    }
    return "sync";
}

}  // namespace

SyncId ThreadSyncs::create(SyncKind kind, int64_t value, int64_t limit) {
    auto o = std::make_unique<Object>();
    o->kind = kind;
    o->state = sync_make(kind, value, limit);
    return SyncId{objects_.add(std::move(o))};
}

bool ThreadSyncs::kind_of(SyncId id, SyncKind* kind) const {
    Object* o = objects_.get(id.value);
    if (!o) return false;
    *kind = o->kind;  // fixed at creation, published by the table's release store
    return true;
}

SyncStep ThreadSyncs::begin(ThreadWaiter& who, SyncId id, SyncOp op, int64_t arg,
                            SyncTicket* ticket) {
    Object* o = objects_.get(id.value);
    if (!o) {
        SyncStep st;
        st.ready = true;
        st.result.error = SyncError::wrong_kind;
        return st;
    }
    SyncStep st;
    {
        std::lock_guard<std::mutex> g(o->m);
        st = sync_begin(o->state, op, arg, ticket);
    }
    if (st.changed) o->signal.notify();
    who.waiter_trace(EventKind::sync_op, id.value, (int64_t)op);
    return st;
}

SyncResult ThreadSyncs::finish(ThreadWaiter& who, SyncId id, SyncOp op, const SyncTicket& ticket,
                               Clock::time_point deadline) {
    Object* o = objects_.get(id.value);
    if (!o) return SyncResult{};
    SyncStep st;
    bool notify = false;
    {
        std::unique_lock<std::mutex> g(o->m);
        wait_until(who, g, o->signal, deadline, wait_reason(o->kind, op), id.value, [&] {
            st = sync_poll(o->state, op, ticket);
            notify = notify || st.changed;
            return st.ready;
        });
        // Timed out: undo what begin registered (a barrier breaks for everyone). A process
        // killed while waiting leaves its arrival or ticket behind, as a terminated CPython
        // process leaves the counts in shared memory.
        if (!st.ready && !who.waiter_killed()) {
            st = sync_cancel(o->state, op, ticket);
            notify = notify || st.changed;
        }
    }
    if (notify) o->signal.notify();
    return st.result;
}

SyncStep ThreadSyncs::step(SyncId id, SyncOp op, const SyncTicket& ticket, bool cancel) {
    SyncStep st;
    Object* o = objects_.get(id.value);
    if (!o) {
        st.ready = true;
        st.result.error = SyncError::wrong_kind;
        return st;
    }
    {
        std::lock_guard<std::mutex> g(o->m);
        st = cancel ? sync_cancel(o->state, op, ticket) : sync_poll(o->state, op, ticket);
    }
    if (st.changed) o->signal.notify();
    return st;
}

}  // namespace forklab::threadrt
