// Handles for the things a scenario creates: processes, shared memory blocks, locks,
// synchronisation objects, pipe ends and queues.
// They are small, copyable and backend-neutral, so they can be written into a trace
// as they are and passed between the interpreter and any backend (sim, fork, threads).
#pragma once
#include <cstdint>

namespace forklab {

// ProcId 0 is always the main scenario process ("MainProcess"); children count up in start order.
struct ProcId {
    uint32_t value = 0;
    friend bool operator==(ProcId a, ProcId b) { return a.value == b.value; }
    friend bool operator!=(ProcId a, ProcId b) { return a.value != b.value; }
};
struct SharedId {
    uint32_t value = 0;
    friend bool operator==(SharedId a, SharedId b) { return a.value == b.value; }
};
struct LockId {
    uint32_t value = 0;
    friend bool operator==(LockId a, LockId b) { return a.value == b.value; }
};
// Semaphore, Event, Condition, Barrier and JoinableQueue's task count (runtime/sync_logic.h).
struct SyncId {
    uint32_t value = 0;
    friend bool operator==(SyncId a, SyncId b) { return a.value == b.value; }
};
// One end of a Pipe (a multiprocessing Connection).
struct ConnId {
    uint32_t value = 0;
    friend bool operator==(ConnId a, ConnId b) { return a.value == b.value; }
};
struct QueueId {
    uint32_t value = 0;
    friend bool operator==(QueueId a, QueueId b) { return a.value == b.value; }
};
// start_process() could not create the process (see its os_error).
constexpr uint32_t kNoProcess = UINT32_MAX;

}  // namespace forklab
