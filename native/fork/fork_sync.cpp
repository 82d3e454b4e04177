// The fork backend's locks and synchronisation objects, in the shared arena.
//
// Lock/RLock: a futex word; an acquire that finds it free costs one atomic exchange, so a
// synchronized Value's per-access RLock is cheap when uncontended. A contended acquire spins
// briefly (the holder is usually on another core and about to release) before it sleeps.
//
// Semaphore, Event, Condition, Barrier and the JoinableQueue counter: a SyncState under an
// ArenaMutex; every change that sync_logic reports bumps the slot's ArenaSignal, on which the
// waiters sleep and re-poll.
#include "fork/fork_host.h"

namespace forklab::forkrt {

namespace {

constexpr int kLockSpins = 400;


bool try_word(LockSlot& l) {
    uint32_t expected = 0;
    return l.word.load(std::memory_order_relaxed) == 0 &&
           l.word.compare_exchange_strong(expected, 1, std::memory_order_acquire);
}

}  // namespace

LockId ForkHost::lock_create(LockKind kind) {
    ForkArena& a = *g_run->arena;
    const uint32_t i = a.next_lock.fetch_add(1);
    if (i >= kMaxLocks) {
        a.limit_hit.store(3);
        return LockId{0};
    }
    LockSlot& l = a.locks[i];
    l.kind = (int)kind;
    l.owner.store(0);
    l.count = 0;
    l.word.store(0);
    return LockId{i + 1};
}

bool ForkHost::take(LockId id, bool block, std::optional<double> timeout_s, bool traced) {
    LockSlot* l = lock(id);
    if (!l) return false;
    const uint32_t me = self_.value + 1;
    if (l->kind == (int)LockKind::rlock && l->owner.load(std::memory_order_relaxed) == me) {
        ++l->count;
        if (traced && tracing()) rec.record(now_ns(), EventKind::lock_acquire, id.value);
        return true;
    }
    bool got = try_word(*l);
    if (!got && block) {
        for (int i = 0; i < kLockSpins && !got; ++i) {
            cpu_relax();
            got = try_word(*l);
        }
    }
    if (!got && block) {
        if (traced && tracing()) {
            rec.record(now_ns(), EventKind::lock_wait, id.value);
            rec.record(now_ns(), EventKind::proc_blocked, id.value, 0, "lock.acquire()");
        }
        const auto deadline = deadline_after(timeout_s);
        l->sleepers.fetch_add(1);
        while (!got) {
            if (Clock::now() >= deadline || check_limits()) break;
            flush_feeders();
            if (l->word.load() != 0) futex_wait_until(&l->word, 1, feeders_pending_ ? Clock::now() + std::chrono::milliseconds(1) : deadline);
            uint32_t expected = 0;
            got = l->word.compare_exchange_strong(expected, 1, std::memory_order_acquire);
        }
        l->sleepers.fetch_sub(1);
        if (traced && tracing()) rec.record(now_ns(), EventKind::proc_running);
    }
    if (!got) return false;
    l->owner.store(me, std::memory_order_relaxed);
    l->count = 1;
    if (traced && tracing()) rec.record(now_ns(), EventKind::lock_acquire, id.value);
    return true;
}

bool ForkHost::give(LockId id, bool traced) {
    LockSlot* l = lock(id);
    if (!l) return false;
    if (l->kind == (int)LockKind::rlock) {
        if (l->owner.load(std::memory_order_relaxed) != self_.value + 1) return false;
        if (--l->count > 0) {
            if (traced && tracing()) rec.record(now_ns(), EventKind::lock_release, id.value);
            return true;
        }
    } else if (l->word.load(std::memory_order_relaxed) == 0) {
        return false;  // not held: ValueError in the interpreter
    }
    l->owner.store(0, std::memory_order_relaxed);
    l->count = 0;
    if (traced && tracing()) rec.record(now_ns(), EventKind::lock_release, id.value);
    l->word.store(0, std::memory_order_seq_cst);
    if (l->sleepers.load(std::memory_order_seq_cst) > 0) futex_wake(&l->word, 1);
    return true;
}

int ForkHost::lock_held_by_self(LockId id) {
    LockSlot* l = lock(id);
    if (!l || l->word.load() == 0 || l->owner.load() != self_.value + 1) return 0;
    return l->kind == (int)LockKind::rlock ? (int)l->count : 1;
}

bool ForkHost::lock_is_held(LockId id) {
    LockSlot* l = lock(id);
    return l && l->word.load() != 0;
}

SyncSlot* ForkHost::sync_slot(SyncId id) {
    ForkArena& a = *g_run->arena;
    if (id.value == 0 || id.value > std::min(a.next_sync.load(), kMaxSyncs)) return nullptr;
    return &a.syncs[id.value - 1];
}

SyncId ForkHost::sync_create(SyncKind kind, int64_t value, int64_t limit) {
    ForkArena& a = *g_run->arena;
    const uint32_t i = a.next_sync.fetch_add(1);
    if (i >= kMaxSyncs) {
        a.limit_hit.store(3);
        return SyncId{0};
    }
    a.syncs[i].state = sync_make(kind, value, limit);
    return SyncId{i + 1};
}

OpStatus ForkHost::sync_op(SyncId id, SyncOp op, int64_t arg, LockId lock_id,
                           std::optional<double> timeout_s, SyncResult* result) {
    if (terminating()) return OpStatus::blocked;  // fork_terminate.cpp
    *result = SyncResult{};
    SyncSlot* s = sync_slot(id);
    if (!s) {
        result->error = SyncError::wrong_kind;
        return OpStatus::done;
    }
    if (tracing()) rec.record(now_ns(), EventKind::sync_op, id.value, (int64_t)op);
    SyncTicket ticket;
    SyncStep step;
    uint32_t seen;
    {
        ArenaGuard g(s->mutex);
        seen = s->changed.ticket();
        step = sync_begin(s->state, op, arg, &ticket);
        if (step.changed) s->changed.notify_all();
        if (step.changed) seen = s->changed.ticket();
    }
    if (step.ready) {
        *result = step.result;
        return OpStatus::done;
    }
    // Condition.wait: the lock is let go completely while waiting (after the ticket was
    // taken, so a notify() by the next holder cannot be missed).
    const bool condition = s->state.kind == SyncKind::condition && op == SyncOp::wait;
    int depth = 0;
    if (condition && lock_id.value) {
        depth = lock_held_by_self(lock_id);
        for (int k = 0; k < depth; ++k) give(lock_id, true);
    }
    if (tracing()) rec.record(now_ns(), EventKind::proc_blocked, id.value, 0, sync_op_name(op));
    const auto deadline = deadline_after(timeout_s);
    for (;;) {
        const bool timed_out = Clock::now() >= deadline || check_limits();
        ArenaGuard g(s->mutex);
        step = sync_poll(s->state, op, ticket);
        if (!step.ready && timed_out) step = sync_cancel(s->state, op, ticket);
        if (step.changed) s->changed.notify_all();
        if (step.ready || timed_out) break;
        seen = s->changed.ticket();
        s->mutex.unlock();
        flush_feeders();
        s->changed.wait(seen, feeders_pending_ ? Clock::now() + std::chrono::milliseconds(1) : deadline);
        s->mutex.lock();
    }
    *result = step.result;
    if (tracing()) rec.record(now_ns(), EventKind::proc_running);
    for (int k = 0; k < depth; ++k) take(lock_id, true, std::nullopt, true);
    return OpStatus::done;
}

// A thread's polled wait (Host::sync_step): one step under the slot's mutex; a change wakes
// the processes sleeping in sync_op (the polling one just polls again, Host::idle).
bool ForkHost::sync_step(SyncId id, SyncOp op, int64_t arg, SyncStepKind step, SyncTicket* ticket,
                         SyncResult* result) {
    if (terminating()) return false;  // fork_terminate.cpp: never completes
    *result = SyncResult{};
    SyncSlot* s = sync_slot(id);
    if (!s) {
        result->error = SyncError::wrong_kind;
        return true;
    }
    if (step == SyncStepKind::begin && tracing()) rec.record(now_ns(), EventKind::sync_op, id.value, (int64_t)op);
    SyncStep r;
    {
        ArenaGuard g(s->mutex);
        if (step == SyncStepKind::begin) r = sync_begin(s->state, op, arg, ticket);
        else r = step == SyncStepKind::poll ? sync_poll(s->state, op, *ticket) : sync_cancel(s->state, op, *ticket);
        if (r.changed) s->changed.notify_all();
    }
    if (r.ready) *result = r.result;
    return r.ready;
}

}  // namespace forklab::forkrt
