// Semaphore, Event, Condition, Barrier and JoinableQueue's task count on the threads backend:
// each is a SyncState (runtime/sync_logic.h, the rules) behind its own mutex and condition
// variable (the waiting).
//
// An operation is split in two so that ThreadHost can release a Condition's lock between
// them: begin() takes the ticket under the object's mutex, finish() waits for it.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "exec/threads_slots.h"
#include "exec/threads_wait.h"
#include "runtime/sync_logic.h"

namespace forklab::threadrt {

class ThreadSyncs {
public:
    SyncId create(SyncKind kind, int64_t value, int64_t limit);
    // The object's kind; false for an unknown id.
    bool kind_of(SyncId id, SyncKind* kind) const;
    // Begins `op` (traced). When the step is not ready, finish() must follow with `ticket`.
    SyncStep begin(ThreadWaiter& who, SyncId id, SyncOp op, int64_t arg, SyncTicket* ticket);
    // Waits until the operation completes, or cancels it at the deadline (or on a kill).
    SyncResult finish(ThreadWaiter& who, SyncId id, SyncOp op, const SyncTicket& ticket,
                      Clock::time_point deadline);
    // Host::sync_step's poll (or, `cancel`, its giving up): never waits.
    SyncStep step(SyncId id, SyncOp op, const SyncTicket& ticket, bool cancel);

private:
    struct Object {
        SyncKind kind = SyncKind::semaphore;  // a copy of state.kind, read without the mutex
        std::mutex m;
        Signal signal;
        SyncState state;
    };
    SlotTable<Object> objects_;
};

}  // namespace forklab::threadrt
