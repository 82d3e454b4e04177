// SimHost's Semaphore, Event, Condition, Barrier and JoinableQueue counter: the rules are
// runtime/sync_logic; here they are driven the sim way. A fresh call begins the operation
// once; when it must wait, the process blocks on Wait::sync and every re-run of the call
// polls with the same ticket (cancelling when the deadline has passed). Condition.wait
// releases its lock completely when it starts waiting and takes it back, same depth, after.
#include "exec/sim_world.h"

namespace forklab::sim {

bool sync_wait_satisfied(const World& w, const Wait& wait) {
    SyncState copy = w.syncs[wait.object - 1];  // poll a copy: looking must change nothing
    return sync_poll(copy, wait.op, wait.ticket).ready;
}

int SimHost::lock_held_by_self(LockId id) {
    if (id.value == 0 || id.value > world_.locks.size()) return 0;
    const SimLock& l = world_.locks[id.value - 1];
    if (!l.held || l.owner != self_) return 0;
    return l.kind == LockKind::rlock ? (int)l.count : 1;
}

bool SimHost::lock_is_held(LockId id) {
    return id.value != 0 && id.value <= world_.locks.size() && world_.locks[id.value - 1].held;
}

SyncId SimHost::sync_create(SyncKind kind, int64_t value, int64_t limit) {
    world_.syncs.push_back(sync_make(kind, value, limit));
    return SyncId{(uint32_t)world_.syncs.size()};
}

bool SimHost::take_lock(LockId id, uint32_t depth) {
    SimLock& l = world_.locks[id.value - 1];
    if (l.held && !(l.kind == LockKind::rlock && l.owner == self_)) return false;
    if (!l.held) {
        l.held = true;
        l.owner = self_;
        l.count = 0;
    }
    l.count += depth;
    world_.trace(self_, EventKind::lock_acquire, id.value);
    return true;
}

OpStatus SimHost::finish_sync(SyncId id, const SyncResult& r, SyncResult* result) {
    SimProcess& me = world_.proc(self_);
    me.sync_phase = SyncPhase::none;
    me.sync_depth = 0;
    finish_wait();
    *result = r;
    world_.trace(self_, EventKind::sync_op, id.value, (int64_t)SyncOp::wait);
    return OpStatus::done;
}

OpStatus SimHost::sync_op_now(SyncId id, SyncOp op, int64_t arg, LockId lock,
                          std::optional<double> timeout_s, SyncResult* result) {
    *result = SyncResult{};
    if (id.value == 0 || id.value > world_.syncs.size()) {
        result->error = SyncError::wrong_kind;
        return OpStatus::done;
    }
    SyncState& s = world_.syncs[id.value - 1];
    SimProcess& me = world_.proc(self_);
    const bool resuming = me.wait_pending && me.sync_phase != SyncPhase::none && me.sync_id == id;
    if (!resuming) {
        // A fresh call: a wait left pending by a call that never came back (it raised inside
        // a nested call) must not be mistaken for this one's.
        if (!sync_never_blocks(op)) finish_wait();
        me.sync_phase = SyncPhase::none;
        SyncTicket t;
        SyncStep step = sync_begin(s, op, arg, &t);
        world_.trace(self_, EventKind::sync_op, id.value, (int64_t)op);
        if (step.changed) world_.wake_all();
        if (step.ready) {
            *result = step.result;
            return OpStatus::done;
        }
        uint32_t depth = 0;
        const bool with_lock = s.kind == SyncKind::condition && lock.value && lock.value <= world_.locks.size();
        if (with_lock) {  // Condition.wait: let go of every level of the lock while waiting
            depth = (uint32_t)lock_held_by_self(lock);
            for (uint32_t i = 0; i < depth; ++i) lock_release(lock);
        }
        if (timeout_s && !(*timeout_s > 0)) {  // a zero timeout never waits
            step = sync_cancel(s, op, t);
            if (step.changed) world_.wake_all();
            if (depth) take_lock(lock, depth);  // nobody ran meanwhile: it is still free
            *result = step.result;
            return OpStatus::done;
        }
        me.sync_phase = SyncPhase::waiting;
        me.sync_id = id;
        me.sync_lock = with_lock ? lock : LockId{};
        me.sync_depth = depth;
        block_on(Wait::sync, id.value, timeout_s);
        me.wait.op = op;
        me.wait.ticket = t;
        return OpStatus::blocked;
    }
    if (me.sync_phase == SyncPhase::waiting) {
        SyncStep step = sync_poll(s, me.wait.op, me.wait.ticket);
        if (!step.ready && timed_out()) step = sync_cancel(s, me.wait.op, me.wait.ticket);
        if (!step.ready) return OpStatus::blocked;
        if (step.changed) world_.wake_all();
        if (me.sync_depth == 0) return finish_sync(id, step.result, result);
        me.sync_result = step.result;
        me.sync_phase = SyncPhase::reacquire;
        me.wait = Wait{};
        me.wait.kind = Wait::lock;
        me.wait.object = me.sync_lock.value;
    }
    // SyncPhase::reacquire: the outcome is known; wait for the lock like any acquire.
    if (!take_lock(me.sync_lock, me.sync_depth)) {
        if (!me.wait_traced) {
            me.wait_traced = true;
            world_.trace(self_, EventKind::lock_wait, me.sync_lock.value);
        }
        return OpStatus::blocked;
    }
    return finish_sync(id, me.sync_result, result);
}

// A thread's polled wait (Host::sync_step): the rules only, never a Wait; the interpreter
// waits in Host::idle, which any wake_all ends.
bool SimHost::sync_step_now(SyncId id, SyncOp op, int64_t arg, SyncStepKind step, SyncTicket* ticket,
                        SyncResult* result) {
    *result = SyncResult{};
    if (id.value == 0 || id.value > world_.syncs.size()) {
        result->error = SyncError::wrong_kind;
        return true;
    }
    SyncState& s = world_.syncs[id.value - 1];
    SyncStep r;
    if (step == SyncStepKind::begin) {
        r = sync_begin(s, op, arg, ticket);
        world_.trace(self_, EventKind::sync_op, id.value, (int64_t)op);
    } else {
        r = step == SyncStepKind::poll ? sync_poll(s, op, *ticket) : sync_cancel(s, op, *ticket);
    }
    if (r.changed) world_.wake_all();
    if (r.ready) *result = r.result;
    return r.ready;
}

}  // namespace forklab::sim
