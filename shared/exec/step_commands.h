// The stepper's little command language, shared by `forklab step` (typed or piped lines) and
// the browser page API (forklab.step(...)), and the stepper's state as JSON for pages and tools.
//
//   P         P takes one visible step          P i [N]   N instructions (default 1)
//   P l       one source line                   b [K]     back one step, or to step K
//   P.T, P.T i [N], P.T l   the same as a thread step of thread T of P (exec/sim_schedule.h)
//   s         the schedule                      c         run to the end by itself
//   p         show the processes                h         help        q   quit
#pragma once
#include <string>
#include <string_view>

#include "exec/stepper.h"

namespace forklab {

enum class StepAction : uint8_t {
    show,      // nothing changed ("p", an empty line)
    stepped,   // a step, back or run to the end changed the state
    schedule,  // "s"
    help,      // "h"
    quit,      // "q"
    error,     // a bad command, or a process that cannot take a step: nothing changed
};
struct StepCommandOutcome {
    StepAction action = StepAction::show;
    std::string error;  // for StepAction::error: one sentence
};

StepCommandOutcome run_step_command(Stepper& s, std::string_view line);
extern const char* const kStepCommandsHelp;

// {"step", "schedule", "finished", "exitStatus" (null while live), "stdout", "stderr",
//  "processes": [{"id", "name", "state", "line", "source", "runnable", "waitingFor",
//  "exitCode", "threads": [{"choice" ("0.1"), "number", "name", "state", "line", "source",
//  "waitsIn"}]}], "diagnostics": [{"kind", "line", "message"}]}
// A process lists its threads once it has started one; each may take a thread step
// whenever the process is runnable.
std::string stepper_state_json(const Stepper& s);

const char* step_state_name(SimProcState s);  // "ready", "running", "blocked", "exited"
const char* thread_state_name(const SimThreadView& t);  // "has GIL", "ready", "waiting"
const char* thread_state_name(const SimThreadView& t);  // "has GIL", "ready", "waiting"

}  // namespace forklab
