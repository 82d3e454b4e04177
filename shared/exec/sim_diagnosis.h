// The simulator explains a run that cannot finish, in the run's language (RunRequest::lang):
// a deadlock (nothing can progress) as the wait-for cycle or the wait nobody can satisfy, and
// a budget hit (instructions, virtual time) as what every process was still doing. Also the
// words a blocked process's state carries in the trace ("waiting for lock `candado`").
//
// The analysis reads the World only; the scheduler decides when to call it.
#pragma once
#include <string>
#include <vector>

#include "exec/sim_world.h"

namespace forklab::sim {

// waits_for[i]: the one process that process i waits for (the holder of the lock it wants,
// the child it joins), or -1. Returns every cycle once, in wait order (each member waits for
// the next, the last for the first), starting at its smallest index, cycles ordered by that
// index. A process that waits for itself (a Lock taken twice) is a cycle of one.
std::vector<std::vector<int>> find_wait_cycles(const std::vector<int>& waits_for);

// A blocked process's state in words: "waiting for lock `candado`", "waiting on `q.get()`".
std::string blocked_state(const World& w, const SimProcess& p);

// Every process still alive is blocked and no wait has a deadline: why, as a Deadlock.
Diagnostic diagnose_deadlock(const World& w);

// The run reached RunLimits::max_instructions, or its virtual time reached
// World::max_ticks: what every process still alive was doing, as a LimitExceeded.
Diagnostic diagnose_instruction_budget(const World& w);
Diagnostic diagnose_time_budget(const World& w);

}  // namespace forklab::sim
