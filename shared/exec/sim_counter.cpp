// JoinableQueue's count of unfinished tasks (SyncKind::counter) on the simulator, with the
// portable rules of runtime/sync_logic. Only counters: the other sync objects (Semaphore,
// Event, Condition, Barrier) are a separate part of the sim backend; when they land, their
// sync_create/sync_op replace this file.
#include "exec/sim_world.h"

namespace forklab::sim {

SyncId SimHost::sync_create(SyncKind kind, int64_t value, int64_t limit) {
    if (kind != SyncKind::counter) return SyncId{0};
    world_.syncs.push_back(sync_make(kind, value, limit));
    return SyncId{(uint32_t)world_.syncs.size()};
}

OpStatus SimHost::sync_op(SyncId id, SyncOp op, int64_t arg, LockId lock,
                          std::optional<double> timeout_s, SyncResult* result) {
    (void)lock;
    *result = SyncResult{};
    if (id.value == 0 || id.value > world_.syncs.size()) {
        result->error = SyncError::wrong_kind;
        return OpStatus::done;
    }
    SyncState& s = world_.syncs[id.value - 1];
    SyncTicket ticket;
    const SimProcess& me = world_.proc(self_);
    // A repeated join only polls (sync_logic.h: never begin twice).
    SyncStep step = me.wait_pending && me.wait.kind == Wait::counter ? sync_poll(s, op, ticket)
                                                                     : sync_begin(s, op, arg, &ticket);
    if (step.changed) world_.wake_all();
    if (step.ready) {
        finish_wait();
        *result = step.result;
        world_.trace(self_, EventKind::sync_op, id.value, (int64_t)op);
        return OpStatus::done;
    }
    if (timed_out() || (timeout_s && !(*timeout_s > 0))) {
        step = sync_cancel(s, op, ticket);
        if (step.changed) world_.wake_all();
        finish_wait();
        *result = step.result;
        return OpStatus::done;
    }
    return block_on(Wait::counter, id.value, timeout_s);
}

}  // namespace forklab::sim
