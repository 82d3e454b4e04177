// One event model for every backend. sim stamps events with virtual ticks, fork and threads
// with wall-clock nanoseconds since the run started; `Trace::time_unit` says which.
// Events are plain data (handles, not pointers) so they can be merged from several OS
// processes, written to Chrome Trace Event JSON, and read back.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/ids.h"

namespace forklab {

// X-macro: name, short label used in JSON and in the viewer.
#define FORKLAB_EVENT_KINDS(X)             \
    X(proc_created, "created")             \
    X(proc_started, "started")             \
    X(proc_running, "running")             \
    X(proc_ready, "ready")                 \
    X(proc_blocked, "blocked")             \
    X(proc_exited, "exited")               \
    X(proc_joined, "joined")               \
    X(lock_wait, "lock wait")              \
    X(lock_acquire, "lock acquire")        \
    X(lock_release, "lock release")        \
    X(shared_read, "read")                 \
    X(shared_write, "write")               \
    X(stdout_write, "stdout")              \
    X(stderr_write, "stderr")              \
    X(msg_send, "send")                    \
    X(msg_recv, "recv")                    \
    X(queue_put, "put")                    \
    X(queue_get, "get")                    \
    X(sync_op, "sync")                     \
    X(thread_switch, "GIL hand-off")

enum class EventKind : uint8_t {
#define X(name, label) name,
    FORKLAB_EVENT_KINDS(X)
#undef X
};
const char* event_label(EventKind k);

// Detail events (shared reads and writes, lock operations) can number millions in a short
// run; structural ones (process states, output) are what the timeline lanes are drawn from.
// The run's event cap is split between the families (a third for detail, the rest for
// structure: trace_family_caps), so a run that floods the trace with counter updates still
// shows every process's whole life.
inline bool event_is_detail(EventKind k) {
    return k == EventKind::shared_read || k == EventKind::shared_write ||
           k == EventKind::lock_wait || k == EventKind::lock_acquire ||
           k == EventKind::lock_release || k == EventKind::sync_op ||
           k == EventKind::thread_switch;
}
// Lifecycle events (created, started, exited, joined) are a handful per process, bounded by
// RunLimits::max_processes, and are never dropped: a truncated trace still tells how every
// process began and ended.
inline bool event_is_lifecycle(EventKind k) {
    return k == EventKind::proc_created || k == EventKind::proc_started ||
           k == EventKind::proc_exited || k == EventKind::proc_joined;
}
struct TraceCaps {
    uint64_t detail, structural;
};
inline TraceCaps trace_family_caps(uint64_t total) {
    return TraceCaps{total / 3, total - total / 3};
}

// Fields ordered widest first: 32 bytes, and a run keeps millions of them.
struct TraceEvent {
    uint64_t time = 0;       // ticks (sim) or ns since start (fork, threads)
    int64_t value = 0;       // shared read/write value; exit code for proc_exited; flow id
                             // of a message (send/recv, put/get: the same id at both ends);
                             // SyncOp for sync
    ProcId proc;             // who did it
    uint32_t object = 0;     // ProcId (created/started/joined: the child), LockId, SharedId,
                             // ConnId (send/recv), QueueId (put/get), SyncId (sync)
    uint32_t text = 0;       // index+1 into Trace::strings (stdout text, block reason); 0 = none
    uint16_t cell = 0;       // shared read/write: the Array element (0 for a Value); elements
                             // from kCellOverflow on are all recorded as kCellOverflow
    EventKind kind = EventKind::proc_created;
};
inline constexpr uint16_t kCellOverflow = UINT16_MAX;
inline uint16_t trace_cell(size_t index) { return index < kCellOverflow ? (uint16_t)index : kCellOverflow; }
static_assert(sizeof(TraceEvent) == 32, "TraceEvent grew: traces hold millions of them");

struct ProcessInfo {
    ProcId id;
    ProcId parent;
    std::string name;        // "MainProcess", "Process-1"
    int os_pid = 0;
    int exitcode = 0;
    bool exited = false;
};

enum class TimeUnit : uint8_t { ticks, nanoseconds };

// The program a trace was recorded from, so a replay shows the code that ran and not
// whatever the editor held before (older traces have none: Trace::scenario is empty).
struct TraceScenario {
    std::string file;    // the scenario's name as the run was given it ("race.py")
    std::string source;  // its full text
};

struct Trace {
    TimeUnit time_unit = TimeUnit::ticks;
    std::string backend;                 // "sim", "fork", "threads"
    std::vector<ProcessInfo> processes;  // indexed by ProcId.value
    std::vector<TraceEvent> events;      // sorted by time (stable)
    std::vector<std::string> strings;
    std::optional<TraceScenario> scenario;  // set by the backends when the run records a trace
    uint64_t dropped_events = 0;         // events over the per-run cap, counted but not kept
    // Process states are complete up to this time; from here on, state changes past the cap
    // were dropped (lifecycle events are still all there). UINT64_MAX: nothing was dropped.
    uint64_t states_complete_until = UINT64_MAX;

    uint32_t intern(std::string s) { strings.push_back(std::move(s)); return (uint32_t)strings.size(); }
    const std::string* text_of(const TraceEvent& e) const {
        return e.text ? &strings[e.text - 1] : nullptr;
    }
};

}  // namespace forklab
