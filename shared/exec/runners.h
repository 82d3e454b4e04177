// The backends' entry points. sim and threads are portable C++ (std::thread only) and live
// in shared/exec; fork needs POSIX and lives in native/fork. A front end picks one through
// run_scenario(), which each platform defines with the backends it has.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "exec/run.h"
#include "exec/sim_schedule.h"

namespace forklab {

// One shared Value (one cell) or Array, as it is at some point of a sim run.
struct SharedCells {
    uint32_t id = 0;  // SharedId, in creation order
    bool is_float = false;
    std::vector<Scalar> cells;
};

struct Program;  // lang/compiler.h
struct SimInspection;   // exec/sim_inspect.h
struct InspectOptions;

// One process of a sim run as a stepper or viewer shows it (SimSession::processes).
enum class SimProcState : uint8_t { ready, running, blocked, exited };
// A thread of a scenario process (Interp::ThreadView), for manual stepping.
struct SimThreadView {
    uint32_t number = 0;       // 0 for MainThread, then in start order: the T of a step P.T
    std::string name;          // "MainThread", "Thread-1 (f)", ...
    int line = 0;
    bool holds_gil = false;    // it ran last and goes on unless another thread is chosen
    bool waiting = false;      // in a threading/queue wait or time.sleep (tried again on its turn)
    std::string waits_in;      // "lock.acquire()", "time.sleep()", ...
};

struct SimProcessView {
    ProcId id;
    ProcId parent;
    std::string name;          // "MainProcess", "Process-1", ...
    SimProcState state = SimProcState::ready;
    int line = 0;              // source line about to execute (0 once exited, or started
                               // and not run yet)
    std::string waiting_for;   // blocked: "waits for lock.acquire() (lock 1 held by MainProcess)"
    int exit_code = 0;         // once exited
    uint64_t instructions = 0; // executed so far
    std::vector<SimThreadView> threads;  // its live threads, once it has started one
};

// Deterministic simulation on virtual cores and virtual time, all processes on the calling
// thread. Incremental, so a UI can advance it a little every frame without freezing.
class SimSession {
public:
    SimSession(const RunRequest& request, OutputSink* sink);
    // The same with `request.source` compiled already (compile_program of the same source
    // and filename): a stepper replays many sessions of one program without recompiling.
    SimSession(const RunRequest& request, OutputSink* sink, std::shared_ptr<const Program> compiled);
    ~SimSession();
    // Executes up to `budget` instructions in total; returns true while the run is unfinished.
    bool advance(uint64_t budget);
    bool finished() const;
    const Trace& trace() const;          // grows as the run advances
    RunResult take_result();             // once finished

    // Step mode (RunRequest::sim.policy == SimPolicy::steps; exec/sim_schedule.h).
    // The processes that may take the next step (empty once finished).
    std::vector<ProcId> runnable() const;
    // Chooses the next step: `p` does `count` visible operations, or `count` instructions;
    // with `thread`, those are thread steps of that thread (sim_schedule.h: "P.T"); with
    // `stop_at_thread_start`, a visible process step also ends after a Thread.start().
    // advance() takes it; a choice of a process that cannot run ends the run with a
    // ScheduleError diagnostic. Going back is replaying a shorter schedule in a new session.
    void step(ProcId p, uint32_t count = 1, bool instructions = false, uint32_t thread = kAnyThread,
              bool stop_at_thread_start = false);
    // Manual mode: every chosen step is done and advance() waits for the next choice.
    bool waiting_for_choice() const;
    // Turns manual mode off (or on) mid-run: off, advance() goes on by itself with the
    // continuation after the chosen steps (a stepper's "run to the end").
    void set_manual(bool manual);
    const std::vector<StepRecord>& steps() const;  // with RunRequest::sim.record_steps
    std::string schedule() const;                  // the steps so far, replayable
    // Exploration (exec/explore.h). The cells of every shared Value/Array now (the final
    // shared state once finished), and a hash of the state (sim_fingerprint.h): the world
    // every process can observe or wait on, and for each process that has not exited its
    // interpreter's state (Interp::state_hash) or, where that cannot be hashed exactly,
    // `histories[p]` (the explorer's hash of what process p did and learnt,
    // StepRecord::observed). Equal fingerprints mean equal futures.
    std::vector<SharedCells> shared_state() const;
    uint64_t state_fingerprint(const std::vector<uint64_t>& histories) const;
    // Every process started so far, in ProcId order, as it is now.
    std::vector<SimProcessView> processes() const;
    // The first process whose threads deadlocked among themselves: its report on one line
    // (Interp::thread_deadlock), else "".
    std::string thread_deadlock() const;
    // The explorer's look at one process (cheap: no views are made): when it has more than one
    // live thread (the explorer then steps it thread by thread), their numbers, else empty;
    // the instructions it has run; the threads it has started.
    std::vector<uint32_t> live_threads(ProcId p) const;
    uint64_t instructions_of(ProcId p) const;
    uint32_t threads_started_of(ProcId p) const;
    // What the viewer's inspectors show now (exec/sim_inspect.h, which defines the types).
    SimInspection inspect(const InspectOptions& options) const;
    struct Impl;
private:
    std::unique_ptr<Impl> impl_;
};
RunResult run_sim(const RunRequest& request, OutputSink* sink);

// One OS thread per scenario process (Web Workers in the browser), each with its own Interp.
RunResult run_threads(const RunRequest& request, OutputSink* sink);

// Real fork() per Process (native only: native/fork).
RunResult run_fork(const RunRequest& request, OutputSink* sink);

// Defined per platform: native has sim, fork, threads; wasm has sim and, when built with
// pthreads, threads. An unavailable backend gives exit_status 2 and a diagnostic.
RunResult run_scenario(const RunRequest& request, OutputSink* sink);

}  // namespace forklab
