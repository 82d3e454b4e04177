// The Inspector tab: what a sim run holds now (exec/sim_inspect.h), in collapsible sections:
// shared Values and Arrays, Locks (owner, waiters), Queues (items in order), Pipes (messages
// on their way, per end), and each process's variables. Shown live while the simulator runs,
// at every step of Step mode and, after a run, its final state. Internal to shared/ui.
#pragma once
#include "exec/sim_inspect.h"

namespace forklab::ui {

// Draws `in` into the current window's remaining space.
void draw_inspector(const SimInspection& in);

// The text of one cell as the scenario prints it (ints as ints, floats as CPython's repr).
std::string cell_text(const Scalar& s);

}  // namespace forklab::ui
