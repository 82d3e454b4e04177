// What a trace knows about the run at one moment, for the Inspector of a run that was not
// simulated here (a fork or threads run, a trace file opened): each shared Value/Array cell's
// last value read or written, each lock's holders and waiters, each queue's length, the
// messages on their way through pipes, and each process's state. Everything is derived from
// the recorded events; the trace has no variable names, so objects go by their ids
// ("shared #2", "lock #3"), and float cells by their whole part (TraceEvent::value).
//
// Cost: TraceStateIndex::build() is one pass over the events that keeps a copy of the
// object state every few thousand events (more apart when there are many objects, so the
// copies together stay near one entry per eight events); at() replays from the nearest copy,
// so picking a moment on a 100,000-event trace touches a few thousand events, not all.
//
// The rules are the trace writer's (chrome_json.cpp), so the Inspector agrees with what
// Perfetto draws: a release frees the releasing process's own hold, else the latest holder's
// (a Lock may be released by another process); a process that does anything but change state
// has stopped waiting for locks (a timed-out acquire leaves no event of its own); a queue's
// length is its puts minus its gets, never below 0. Process states come from the timeline's
// lanes (trace/lanes.h), so the Inspector and the timeline never disagree.
// Plain C++ (no ImGui) so unit tests reach it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "trace/event.h"
#include "trace/lanes.h"

namespace forklab {

struct TracedCell {
    uint32_t object = 0;   // SharedId
    uint16_t cell = 0;     // the Array element; kCellOverflow: one of the elements past it
    int64_t value = 0;     // of the last read or write at or before the moment
    uint64_t reads = 0, writes = 0;
};

struct TracedLock {
    uint32_t id = 0;                 // LockId
    std::vector<ProcId> holders;     // in order of acquisition; a process twice: an RLock's depth
    std::vector<ProcId> waiters;     // in order of their wait
    uint64_t acquisitions = 0;
};

struct TracedQueue {
    uint32_t id = 0;  // QueueId
    int64_t items = 0;
    uint64_t puts = 0, gets = 0;
};

struct TracedPipeEnd {
    uint32_t conn = 0;       // ConnId of the end the messages were sent from
    uint64_t sent = 0;
    uint64_t in_flight = 0;  // sent and not received yet (as far as the trace kept both ends)
};

struct TracedProcess {
    ProcId id;
    std::string name;
    bool exists = false;     // created (or MainProcess) by the moment
    lanes::LaneState state = lanes::LaneState::created;
    uint32_t reason = 0;     // blocked: Trace::strings index+1 of what it waits for; 0 = none
    int exitcode = 0;        // when exited
};

struct TraceMoment {
    uint64_t time = 0;
    size_t events = 0;  // events at or before `time` (the state is after all of them)
    std::vector<TracedCell> cells;        // by (object, cell)
    std::vector<TracedLock> locks;        // by id
    std::vector<TracedQueue> queues;      // by id
    std::vector<TracedPipeEnd> pipes;     // by conn
    std::vector<TracedProcess> processes; // by ProcId
};

class TraceStateIndex {
public:
    // Reads `trace` once; the index answers for this trace until the next build.
    void build(const Trace& trace);
    void clear();
    bool built() const { return built_; }
    // The state after every event with time <= `time`. `trace` is the one built from and
    // `lanes` its lanes (LaneBuilder over the same events). UINT64_MAX: the end of the run.
    TraceMoment at(const Trace& trace, const std::vector<lanes::Lane>& lanes, uint64_t time) const;

private:
    struct CellAcc { int64_t value = 0; uint64_t reads = 0, writes = 0; bool seen = false; };
    struct LockAcc { std::vector<uint32_t> holders, waiters; uint64_t acquisitions = 0; bool seen = false; };
    struct QueueAcc { int64_t items = 0; uint64_t puts = 0, gets = 0; bool seen = false; };
    struct PipeAcc { uint64_t sent = 0, in_flight = 0; bool seen = false; };
    // Dense slots (assigned in order of first appearance) so a state copies as flat vectors.
    struct State {
        std::vector<CellAcc> cells;
        std::vector<LockAcc> locks;
        std::vector<QueueAcc> queues;
        std::vector<PipeAcc> pipes;
        std::vector<std::vector<uint32_t>> waiting;  // per ProcId: lock slots it waits for
        std::unordered_map<uint64_t, uint32_t> flows;  // message flow id -> sender pipe slot
        size_t size() const;
    };
    struct Checkpoint {
        size_t event = 0;  // the state before trace.events[event]
        State state;
    };

    void apply(State& s, const TraceEvent& e) const;
    static uint32_t slot_of(const std::unordered_map<uint64_t, uint32_t>& m, uint64_t key);

    bool built_ = false;
    std::unordered_map<uint64_t, uint32_t> cell_slot_;   // object << 16 | cell
    std::unordered_map<uint64_t, uint32_t> lock_slot_, queue_slot_, pipe_slot_;
    std::vector<uint64_t> cell_key_;                     // slot -> key, the other way round
    std::vector<uint32_t> lock_id_, queue_id_, pipe_id_;
    std::vector<Checkpoint> checkpoints_;
};

}  // namespace forklab
