// Exhaustive exploration of a scenario on the simulator: every order of its visible
// operations (exec/sim_schedule.h), each distinct outcome with how many schedules give it and
// the shortest schedule that does (a witness `forklab run --schedule` replays).
//
// How: a depth-first search over the states of step mode, by re-execution. A state is reached
// by replaying the choices that lead to it in a new SimSession (the program compiled once);
// from it each runnable process is tried in turn. States are merged by fingerprint (the
// observable world, sim_fingerprint.h, plus each process's interpreter state hashed without
// addresses, lang/state_hash.cpp, or where that is not exact, a hash of the process's steps
// and of what they returned, StepRecord::observed): the future of a state depends on nothing
// else, so its
// outcomes are computed once and shared by every path that reaches it. That is what makes it
// fast: two processes doing `counter.value += 1` three times each have 1.8 million orders up
// to commuting independent steps (what a stateless DPOR must still run one by one), but only
// a few thousand states. Counts are exact numbers of schedules (orders of visible steps),
// summed over the state graph; a schedule that only differs by a process finding a lock held
// (it blocks without doing anything visible) is the same schedule.
//
// A process that was chosen but blocked before doing anything visible leaves the world as it
// was except for its own state (now waiting): that state stands in for the one before it.
// Threads: a process that runs several threads is stepped thread by thread (a choice per
// live thread, "P.T": they share the process's memory, so every order of their steps to a
// visible operation or a GIL release point may matter; a retried wait that still cannot go
// on is no choice). A thread that waits on a multiprocessing object (a polled wait, see
// docs/threading.md) is a choice like the others: its turn tries the wait again. Only when no
// thread can go on is the process stepped as a whole (its interpreter then sleeps to the
// first timeout, idles on the Host, or reports the threads' deadlock). A sleeping thread,
// chosen, ends its sleep then, as a process does in step mode. A state where every choice is
// a wait tried again in vain runs on by itself from there (Explorer::stuck_state), so that
// the simulator's own deadlock diagnosis or a timeout ends it.
//
// Known limits: virtual time is not part of a state (step mode lets a sleep end at any moment),
// so programs that print time.time() may have states merged.
//
// Portable (no platform headers): the browser calls it from a Web Worker.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "exec/run.h"
#include "exec/runners.h"

namespace forklab {

// Zero means "default".
struct ExploreLimits {
    uint64_t max_executions = 0;   // runs of the scenario, replays included (default 1'000'000)
    uint64_t max_steps = 0;        // visible steps of one execution (default 10'000)
    double max_seconds = 0;        // wall time (default 60)
    uint64_t max_instructions = 0; // of one execution, local work included (default 20'000'000)
};

struct ExploreProgress {
    uint64_t executions = 0;
    uint64_t states = 0;
    uint64_t outcomes = 0;
    double fraction = 0;  // of the search tree done, by its first levels' branches
    double seconds = 0;
};

struct ExploreOptions {
    ExploreLimits limits;
    std::function<void(const ExploreProgress&)> progress;  // about ten times a second
    const std::atomic<bool>* cancel = nullptr;             // set it to stop with what was found
};

enum class Ending : uint8_t {
    exit,        // every process exited
    deadlock,    // nothing could run (the sim's Deadlock diagnostic)
    step_limit,  // this execution reached ExploreLimits::max_steps: cut short
    error,       // another diagnostic stopped the run (an instruction limit ...)
};
const char* ending_name(Ending e);

struct Outcome {
    Ending ending = Ending::exit;
    int exit_status = 0;
    std::string out;                  // stdout, lines in the order printed
    std::vector<SharedCells> shared;  // every Value/Array at the end
    std::string message;              // the diagnostic, for deadlock and error
    uint64_t count = 0;               // schedules giving it (UINT64_MAX: at least that many)
    std::string witness;              // a shortest schedule giving it (replayable)
    uint64_t witness_steps = 0;       // its visible steps
    uint32_t witness_switches = 0;    // its context switches (ties of length are broken by them)
};
// "#1=4" for a Value, "#2=[1, 2]" for an Array; blank-separated, in creation order.
std::string format_shared(const std::vector<SharedCells>& shared);
// What makes two outcomes the same: ending, exit status, stdout, shared cells (and for a
// deadlock or an error, its explanation).
std::string outcome_key(const Outcome& o);
// The outcome of a finished session (count and witness left empty).
Outcome outcome_of(SimSession& finished, const RunResult& result);

struct ExploreResult {
    std::vector<Outcome> outcomes;   // in the order first found
    std::vector<Diagnostic> errors;  // the program does not compile: nothing was explored
    bool complete = false;           // every schedule was covered
    // Why it is not complete: "executions", "seconds", "cancelled" (a budget or the cancel
    // flag stopped it), "steps" (some executions reached max_steps and were cut short).
    std::string stopped_by;
    uint64_t executions = 0;  // runs of the scenario
    uint64_t states = 0;      // distinct states
    uint64_t schedules = 0;   // N: schedules covered (the counts' sum)
    uint64_t at_least = 0;    // M: schedules there are at least (N plus one per branch left)
    double seconds = 0;
    // Schedules that came back to a state they had passed (a process spinning on a flag, a
    // poll() loop) and were cut there: each such loop could go round any number of times, so
    // the schedules that go round are not counted; every outcome a schedule that leaves the
    // loop can reach is listed (explore_loops_note says so in the reports).
    uint64_t loops = 0;
};
// `scenario`: source and file name (the backend, policy and schedule are set here). Every
// witness replays: RunRequest::sim.schedule = witness gives that outcome.
ExploreResult explore(const RunRequest& scenario, const ExploreOptions& options = {});

// The same search in slices, for a caller that must not block (the viewer explores a slice
// per frame, so the single-threaded browser build can explore too): advance() works for
// about `seconds` and returns true once the search has ended, when result() is final.
// The budgets of `options` still apply (max_seconds counts from the first advance()).
class ExploreSearch {
public:
    ExploreSearch(const RunRequest& scenario, const ExploreOptions& options = {});
    ~ExploreSearch();
    ExploreSearch(const ExploreSearch&) = delete;
    ExploreSearch& operator=(const ExploreSearch&) = delete;
    bool advance(double seconds);
    ExploreProgress progress() const;
    const ExploreResult& result() const;  // errors at once when the program does not compile
    struct Impl;
private:
    std::unique_ptr<Impl> impl_;
};
// "explored N of at least M schedules (stopped: ...)" or "explored all N schedules".
std::string explore_summary(const ExploreResult& r);
// The note for ExploreResult::loops ("" when there were none).
std::string explore_loops_note(const ExploreResult& r);

}  // namespace forklab
