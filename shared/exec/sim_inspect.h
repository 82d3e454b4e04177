// What a sim run holds at one moment, as the viewer's inspectors show it: every shared
// Value/Array with its cells, every Lock with its owner and waiters, every Queue with the items
// in it, every Pipe with the messages on their way, and each process's variables.
// Objects are named by the scenario's own variables (Interp::variable_for: MainProcess first,
// then the others), and values by their repr, cut short: this is read every frame of a live
// run, so it costs what a screenful costs, never what the whole heap costs.
//
// Read-only: taking an inspection changes nothing the run will later do.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "exec/runners.h"
#include "lang/interp.h"

namespace forklab {

struct InspectOptions {
    size_t max_chars = 0;      // of one repr (default 80)
    size_t max_items = 0;      // listed per queue or pipe end (default 32; the count is exact)
    bool variables = true;     // each process's variables (the costliest part)
};

struct InspectedShared {
    uint32_t id = 0;           // SharedId, in creation order
    std::string name;          // the variable holding it ("" when none does)
    char typecode = 'i';       // 'i', 'd', ... (the array module's letters)
    bool is_array = false;     // an Array (a Value has one cell)
    std::vector<Scalar> cells;
    uint32_t lock = 0;         // LockId its accesses take (0: a Raw one)
};

struct InspectedLock {
    uint32_t id = 0;           // LockId
    std::string name;          // "candado"; the lock of a Value reads "lock of contador"
    LockKind kind = LockKind::lock;
    bool held = false;
    ProcId owner;              // when held
    std::string owner_name;
    uint32_t depth = 0;        // an RLock's recursion count
    std::vector<std::string> waiters;  // processes blocked acquiring it, in ProcId order
};

struct InspectedQueue {
    uint32_t id = 0;           // QueueId
    std::string name;
    size_t items = 0;          // qsize(): put and not yet got
    size_t maxsize = 0;        // 0: unbounded
    // The items in order of arrival (the shared buffer first, then each producer's feeder),
    // at most InspectOptions::max_items of them, as reprs.
    std::vector<std::string> contents;
    std::vector<std::string> waiting_get;  // processes blocked in get()
    std::vector<std::string> waiting_put;  // ... in put() (a full queue)
};

struct InspectedPipeEnd {
    uint32_t conn = 0;         // ConnId of this end
    std::string name;          // the variable holding this end
    std::vector<std::string> holders;  // processes with an open copy of it
    size_t messages = 0;       // sent to this end and not received yet
    size_t bytes = 0;
    std::vector<std::string> inbox;    // their reprs, oldest first, at most max_items
    std::vector<std::string> waiting;  // processes blocked in recv() on it
};
struct InspectedPipe {
    uint32_t id = 0;           // pipe index + 1
    bool duplex = true;
    InspectedPipeEnd end[2];
};

struct InspectedProcess {
    ProcId id;
    std::string name;
    SimProcState state = SimProcState::ready;
    int line = 0;
    int exit_code = 0;
    std::vector<Interp::Variable> variables;
};

struct SimInspection {
    std::vector<InspectedShared> shared;
    std::vector<InspectedLock> locks;
    std::vector<InspectedQueue> queues;
    std::vector<InspectedPipe> pipes;
    std::vector<InspectedProcess> processes;
};

// The inspection of `session` now (also once finished: the final state).
inline SimInspection inspect(const SimSession& session, const InspectOptions& options = {}) {
    return session.inspect(options);
}

namespace sim {
class World;
SimInspection inspect_world(const World& w, const InspectOptions& options);  // sim_inspect.cpp
}  // namespace sim

}  // namespace forklab
