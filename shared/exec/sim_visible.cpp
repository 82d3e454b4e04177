// The Host calls on pipes, queues and synchronisation objects as visible operations
// (exec/sim_schedule.h): each one that completes is reported to the World, which records the
// schedule and, in step mode, ends the step there. A call that blocks did nothing yet: it is
// reported when it is repeated and completes.
#include "exec/sim_world.h"

namespace forklab::sim {

static VisibleOp pipe_op(ConnId c) { return VisibleOp{op_key(OpSpace::pipe, (c.value - 1) / 2), true}; }
static VisibleOp queue_op(QueueId q, bool writes = true) {
    return VisibleOp{op_key(OpSpace::queue, q.value), writes};
}
static VisibleOp sync_key(SyncId id) { return VisibleOp{op_key(OpSpace::sync, id.value), true}; }

OpStatus SimHost::conn_send(ConnId c, std::string_view message, bool* peer_gone) {
    // A message larger than the pipe goes in at once and then only delays the sender's
    // return until it is read: the operation is the first call, not the return.
    const SimProcess& me = world_.proc(self_);
    const bool draining = me.wait_pending && me.wait.kind == Wait::conn_drain;
    const OpStatus s = conn_send_now(c, message, peer_gone);
    if (!draining && (s == OpStatus::done || me.wait.kind == Wait::conn_drain)) {
        world_.observe(s == OpStatus::done && *peer_gone ? 2 : 1);
        world_.charge(self_, cost::kPipeMessage);
        world_.visible(self_, pipe_op(c));
    }
    return s;
}

OpStatus SimHost::conn_recv(ConnId c, std::string* message, bool* eof) {
    const OpStatus s = conn_recv_now(c, message, eof);
    if (s == OpStatus::done) {
        world_.observe(*eof ? 1 : World::observation(*message));
        world_.charge(self_, cost::kPipeMessage);
        world_.visible(self_, pipe_op(c));
    }
    return s;
}

OpStatus SimHost::conn_poll(ConnId c, std::optional<double> timeout_s, bool* ready) {
    const OpStatus s = conn_poll_now(c, timeout_s, ready);
    if (s == OpStatus::done) {
        world_.observe(*ready ? 2 : 1);
        world_.visible(self_, VisibleOp{pipe_op(c).key, false});
    }
    return s;
}

void SimHost::conn_close(ConnId c) {
    conn_close_now(c);
    world_.visible(self_, pipe_op(c));
}

OpStatus SimHost::queue_put(QueueId q, std::string_view item, bool block,
                            std::optional<double> timeout_s, bool* full) {
    const SimProcess& me = world_.proc(self_);  // as conn_send: the item goes in at once
    const bool draining = me.wait_pending && me.wait.kind == Wait::queue_drain;
    const OpStatus s = queue_put_now(q, item, block, timeout_s, full);
    if (!draining && (s == OpStatus::done || me.wait.kind == Wait::queue_drain)) {
        world_.observe(s == OpStatus::done && *full ? 2 : 1);
        world_.charge(self_, cost::kQueueItem);
        world_.visible(self_, queue_op(q));
    }
    return s;
}

OpStatus SimHost::queue_get(QueueId q, bool block, std::optional<double> timeout_s,
                            std::string* item, bool* empty) {
    const OpStatus s = queue_get_now(q, block, timeout_s, item, empty);
    if (s == OpStatus::done) {
        world_.observe(*empty ? 1 : World::observation(*item));
        world_.charge(self_, cost::kQueueItem);
        world_.visible(self_, queue_op(q));
    }
    return s;
}

size_t SimHost::queue_size(QueueId q) {
    const size_t n = queue_size_now(q);
    world_.observe(n);
    world_.visible(self_, queue_op(q, false));
    return n;
}

OpStatus SimHost::sync_op(SyncId id, SyncOp op, int64_t arg, LockId lock,
                          std::optional<double> timeout_s, SyncResult* result) {
    // Two operations when it waits: joining the object (a Barrier counts the arrival, a
    // Condition gives up its lock) and, later, the wait's end.
    const SimProcess& me = world_.proc(self_);
    const bool resuming = me.wait_pending && me.sync_phase != SyncPhase::none && me.sync_id == id;
    const OpStatus s = sync_op_now(id, op, arg, lock, timeout_s, result);
    if (s == OpStatus::done || !resuming) {
        if (s == OpStatus::done)
            world_.observe((uint64_t)result->ok * 3 + (uint64_t)result->value * 7 + (uint64_t)result->error);
        // A Condition's wait gives up its lock and takes it back inside the operation.
        if (lock.value) world_.visible(self_, VisibleOp{op_key(OpSpace::lock, lock.value), true}, false);
        world_.charge(self_, cost::kSyncOp);
        world_.visible(self_, sync_key(id));
    }
    return s;
}

bool SimHost::sync_step(SyncId id, SyncOp op, int64_t arg, SyncStepKind step, SyncTicket* ticket,
                        SyncResult* result) {
    const bool done = sync_step_now(id, op, arg, step, ticket, result);
    if (done || step == SyncStepKind::begin) {
        world_.observe(done ? 1 + (uint64_t)result->ok * 3 + (uint64_t)result->value * 7 + (uint64_t)ticket->index * 11 : 0);
        world_.visible(self_, sync_key(id));
    }
    return done;
}

// [SECTION] the World's side

void World::visible(ProcId actor, VisibleOp op, bool own) {
    // A thread step is one entry of the schedule (P.T) whatever it did: close_step writes it.
    const bool counted = step_mode() && step.open && (step.instructions || step.thread != kAnyThread);
    if (own && !counted) append_step(schedule, actor.value);
    if (!step_mode() || !step.open) return;
    if (request.sim.record_steps) step.record.ops.push_back(op);
    if (own && actor.value == step.proc && !step.instructions) {
        ++step.own_ops;
        proc(actor).interp->end_burst();
    }
}

}  // namespace forklab::sim
