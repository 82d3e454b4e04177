// Stepper: a sim run taken one step at a time by a person (CLI `forklab step`, the viewer's
// Step mode, the page API), with undo to any earlier point.
//
// It owns a SimSession in manual step mode (exec/sim_schedule.h) and the list of choices
// made so far. A choice is one visible step of a process, a number of its bytecode
// instructions, one source line (instructions until the process's line changes), or "run to
// the end". Each of the first three may name one thread of the process instead (a thread
// step, exec/sim_schedule.h): that thread alone holds the GIL while it runs, and a visible
// thread step also ends at the thread's next GIL release point. Going back is replaying the first k choices in a fresh session: the simulator is
// deterministic, so the replay reaches the very same state (output, processes, schedule).
// The program is compiled once and every replay reuses it.
//
// Known limitation: a process whose threads wait by polling multiprocessing objects
// (Host::idle, e.g. a thread blocked in a Queue.get while another thread works) depends on
// how often the world changed, which a replay of its schedule string may not reproduce
// exactly; undo replays the choices themselves and stays exact.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exec/runners.h"

namespace forklab {

// A process as the stepper shows it. `state` reads as a person expects of a stepper: the
// process that took the last step and may go on is running, the others that may go are
// ready (step mode gives every process a core of its own, so the simulator calls them all
// running).
// Its `threads` (SimProcessView) may each take a thread step whenever the process is
// runnable; a waiting one then tries its wait again.
struct StepperProcess : SimProcessView {
    bool runnable = false;  // may take the next step (a sleeper may: its sleep then ends)
};

struct StepChoice {
    enum Kind : uint8_t { visible, instructions, line, to_end } kind = visible;
    uint32_t proc = 0;
    uint32_t count = 1;  // visible: operations; instructions: how many; line: how many it took
    uint32_t thread = kAnyThread;  // a thread step of this thread (its number)
    // A visible process step taken from a schedule string (apply(ScheduleStep)) goes on past a
    // Thread.start(), as the schedule's replay does; one chosen by hand stops there, so that
    // the new thread can be chosen (ScheduleStep::stop_at_thread_start).
    bool from_schedule = false;
};

struct StepOutput {
    ProcId proc;
    Stream stream;
    std::string text;
};

class Stepper {
public:
    // `request.source` and `filename` name the program; backend, policy and manual are set
    // here (sim, steps, manual). A zero limits.max_instructions becomes kDefaultMaxInstructions,
    // so a step into an endless loop ends the run with LimitExceeded instead of hanging.
    explicit Stepper(RunRequest request);
    ~Stepper();
    static constexpr uint64_t kDefaultMaxInstructions = 200'000'000;
    // A line step that has not left its line after this many instructions stops there.
    static constexpr uint32_t kLineStepCap = 10'000;

    // Each step returns false with a sentence in *error, changing nothing, when `p` cannot
    // take it (no such process, it has exited, it waits, the run is over, no such thread).
    // `count` visible operations in one choice (a schedule's PxN: a step may complete more
    // than one operation, so N single steps are not always the same). With `thread`, a thread
    // step of that thread of `p` (count: thread steps, P.TxN).
    bool step_visible(ProcId p, std::string* error, uint32_t count = 1, uint32_t thread = kAnyThread);
    bool step_instructions(ProcId p, uint32_t count, std::string* error, uint32_t thread = kAnyThread);
    bool step_line(ProcId p, std::string* error, uint32_t thread = kAnyThread);
    // Makes a choice again as it was recorded (choices()), e.g. to redo an undone step.
    bool apply(const StepChoice& c, std::string* error);
    // One entry of a schedule string (sim_schedule.h) as one choice: PxN, P+N, P.T, P.T+N.
    bool apply(const ScheduleStep& st, std::string* error);
    // Undo: back one choice, or to the state after the first k choices (0: the start).
    bool back(std::string* error);
    bool back_to(size_t k, std::string* error);
    // The continuation (the last process goes on while it can, then the lowest runnable one)
    // until the run ends; undone by back() like any other choice.
    void run_to_end();

    // --- what a front end shows --------------------------------------------------------
    size_t step_count() const { return choices_.size(); }
    const std::vector<StepChoice>& choices() const { return choices_; }
    // The run's schedule so far; `forklab run --schedule S` replays it.
    std::string schedule() const;
    bool finished() const;
    std::vector<StepperProcess> processes() const;
    std::vector<ProcId> runnable() const;
    // Output so far, in the order written; reset by back().
    const std::vector<StepOutput>& output() const;
    std::string out() const;  // stdout so far
    std::string err() const;  // stderr so far
    // Diagnostics (compile errors, deadlock, limits) and exit status once finished.
    const RunResult* result() const;
    const Trace& trace() const;
    // The live session at the current step (exec/sim_inspect.h's inspect() reads it); a
    // fresh one after back(), so do not keep the reference across steps.
    const SimSession& session() const;
    // Counts the fresh sessions made (by back/back_to): a UI rebuilds what it derived from
    // the trace and output when this changes.
    uint64_t generation() const { return generation_; }
    const RunRequest& request() const { return request_; }
    std::string_view source_line(int line) const;  // the text of a 1-based line, no newline

    struct Live;
private:
    void fresh_session();
    bool check_runnable(ProcId p, uint32_t thread, std::string* error) const;
    bool visible_choice(StepChoice c, std::string* error);
    void take(const StepChoice& c);  // makes the choice in the live session
    void settle();                   // advances until the session waits or finishes
    RunRequest request_;
    std::shared_ptr<const Program> program_;
    std::vector<Diagnostic> compile_errors_;
    std::unique_ptr<Live> live_;
    std::vector<StepChoice> choices_;
    uint64_t generation_ = 0;
};

}  // namespace forklab
