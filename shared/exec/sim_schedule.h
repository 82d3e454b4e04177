// Schedules and steps of the simulator: what "the order in which things happened" means, so a
// run can be replayed, stepped by hand, undone and explored.
//
// A *step* is one scheduling decision in step mode (SimPolicy::steps): the chosen process
// runs until it has completed its next visible operation (anything another process can
// observe or influence: shared memory, locks and synchronisation objects, pipes, queues,
// start/join/exit of processes, output), or until it blocks or exits. What it executes in
// between touches only its own memory, so the order of visible operations decides the
// outcome (stdout and final shared state) of any program whose behaviour does not depend on
// timing. A step may instead be a given number of bytecode instructions (manual stepping).
//
// A *schedule* is the list of steps, written as a compact string:
//     0x3,1,0+40,2x2
// "P" is one visible step of process P (ProcId: 0 is MainProcess, 1 the first child...),
// "PxN" N visible steps in a row, "P+N" N instructions. Every sim run records the order of
// its visible operations in this form (RunResult::schedule), whatever its policy, and
// RunRequest::sim.schedule replays one.
//
// A *thread step* (manual stepping only) names a thread of the process too: "P.T" (T: the
// thread's number, 0 for MainThread, then in start order). Thread T alone holds P's GIL and
// runs until its next visible operation or its next GIL release point (Interp::pin_thread:
// a loop's backward jump, a Python function's entry, Thread.start(), a wait that cannot go
// on, its end), whichever comes first; "P.TxN" is N such steps, "P.T+N" N instructions of T.
// A step without ".T" leaves the choice of thread to the interpreter's own GIL hand-offs
// (the switch interval), so schedules without threads replay as they always did.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace forklab {

constexpr uint32_t kAnyThread = UINT32_MAX;  // a process step: the interpreter picks the thread

struct ScheduleStep {
    uint32_t proc = 0;
    uint32_t count = 1;         // visible steps, or instructions when `instructions`
    bool instructions = false;
    uint32_t thread = kAnyThread;  // a thread step: the thread's number (Interp::ThreadView)
    // Not part of the string: a stepper's own choice of a process step, which also ends right
    // after a Thread.start() so that the new thread can be chosen (it is then written P+N).
    bool stop_at_thread_start = false;
};

std::string format_schedule(const std::vector<ScheduleStep>& steps);
// False with a message naming the offending character position on a malformed string.
bool parse_schedule(std::string_view text, std::vector<ScheduleStep>* out, std::string* error);
// Appends one step, merging it into the last one when both are visible steps, or both
// instruction counts, of one process (and the same thread).
void append_step(std::vector<ScheduleStep>& steps, uint32_t proc, uint32_t count = 1,
                 bool instructions = false, uint32_t thread = kAnyThread);
// Visible steps and instruction counts in all (for progress and bounds).
uint64_t schedule_length(const std::vector<ScheduleStep>& steps);

// [SECTION] visible operations, as an explorer sees them
//
// Each visible operation touches one object, named by a key; two operations of different
// processes are dependent (their order may change the outcome) when they touch the same key
// and at least one of them writes. Keys are namespaced so that ids of different kinds never
// collide.
enum class OpSpace : uint8_t {
    cell = 1,     // one element of a Value/Array: (SharedId, index)
    lock = 2,     // LockId (acquire and release both write)
    sync = 3,     // SyncId: Semaphore, Event, Condition, Barrier ...
    pipe = 4,     // a Pipe, both directions (ConnId / 2)
    queue = 5,    // QueueId
    process = 6,  // ProcId: its exit is a write, join()/is_alive() reads it
    output = 7,   // stdout and stderr (the order of lines is part of the outcome)
    global = 8,   // terminate()/kill(): conservatively dependent with everything
};
constexpr uint64_t op_key(OpSpace space, uint32_t id, uint32_t index = 0) {
    return (uint64_t)space << 56 | (uint64_t)(id & 0xffffffu) << 32 | index;
}
constexpr OpSpace op_space(uint64_t key) { return (OpSpace)(key >> 56); }

struct VisibleOp {
    uint64_t key = 0;
    bool writes = true;
};
inline bool ops_conflict(const VisibleOp& a, const VisibleOp& b) {
    if (op_space(a.key) == OpSpace::global || op_space(b.key) == OpSpace::global) return true;
    return a.key == b.key && (a.writes || b.writes);
}

// What one step did, recorded in step mode when RunRequest::sim.record_steps is set.
struct StepRecord {
    uint32_t proc = 0;
    std::vector<uint32_t> enabled;   // the processes that could have taken this step (sorted)
    std::vector<VisibleOp> ops;      // usually one; more when the step could not stop at its
                                     // first (an operation inside a generator or key function)
    std::vector<uint32_t> spawned;   // children it started (their steps happen after this one)
    // A hash of what its operations returned to the process (values read, items and messages
    // got, acquired or not, a child's exit code): with `ops`, what the process learnt, so an
    // explorer can tell apart states whose processes saw different things (exec/explore.h).
    uint64_t observed = 0;
    bool instructions = false;       // a counted-instructions step, not a visible one
    uint32_t thread = kAnyThread;    // a thread step: the thread's number
};

}  // namespace forklab
