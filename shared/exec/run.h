// Running a scenario: the request, the live output sink and the result, shared by every
// backend and every front end (CLI, desktop viewer, browser page API).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/diagnostic.h"
#include "runtime/host.h"
#include "trace/event.h"

namespace forklab {

struct Program;  // lang/interp.h

enum class Backend { sim, fork, threads };
// Virtual cores of a sim run when RunRequest::cores is 0: the machine the course assumes.
constexpr int kDefaultSimCores = 2;
const char* backend_name(Backend b);
bool backend_from_name(std::string_view s, Backend* out);

// Zero means "default" in every field.
struct RunLimits {
    uint64_t max_instructions = 0;   // whole run; default 2'000'000'000
    uint32_t max_processes = 0;      // default 64
    uint64_t max_trace_events = 0;   // kept in memory, split by trace_family_caps();
                                     // default 3'000'000; the rest are counted
    double max_wall_seconds = 0;     // fork/threads; default 120
    double max_virtual_seconds = 0;  // sim: virtual time a run may reach; default 3600
    uint64_t max_memory_bytes = 0;   // heap of each scenario process; default 512 MiB
                                     // (Interp::set_memory_limit; MemoryError when exceeded)
};

// How the simulator picks who runs next (see exec/sim_world.h and exec/sim_schedule.h).
enum class SimPolicy : uint8_t {
    random,       // seeded bursts of 1..8 instructions on the virtual cores (default)
    round_robin,  // each core runs a quantum, the cores in turn, no randomness
    steps,        // one visible operation per decision: the schedule, then the continuation
};
struct SimOptions {
    SimPolicy policy = SimPolicy::random;
    uint64_t quantum = 0;       // instructions a process keeps a core (default kQuantum, 2000)
    // steps: the decisions to replay first (format in sim_schedule.h). After them the run goes
    // on by itself (the process that took the last step keeps going while it can, else the
    // lowest runnable one) unless `manual`: then SimSession::advance stops and waits for
    // SimSession::step.
    std::string schedule;
    bool manual = false;
    bool record_steps = false;  // keep a StepRecord per step (SimSession::steps; the explorer)
    // The source already compiled (compile_program is deterministic): the explorer re-runs a
    // scenario thousands of times and compiles it once. Null: compile RunRequest::source.
    std::shared_ptr<const Program> program;
};

struct RunRequest {
    std::string source;
    std::string filename = "scenario.py";
    Backend backend = Backend::fork;
    uint64_t seed = 1;      // sim only
    int cores = 0;          // sim: virtual cores (default 2); others ignore it
    bool trace = true;      // record events
    Lang lang = Lang::en;   // of the diagnostics the run explains (sim)
    RunLimits limits;
    SimOptions sim;         // sim only
};

// Receives program output as it happens (the CLI forwards it to stdout/stderr at once).
// Called from the thread that runs the scenario process; implementations must be thread-safe
// for the threads backend.
class OutputSink {
public:
    virtual ~OutputSink() = default;
    virtual void write(ProcId proc, Stream stream, std::string_view text) = 0;
    // input() in MainProcess: the next line of the run's standard input (newline included);
    // false at its end. Child processes read nothing, as in CPython (their stdin is
    // /dev/null). The default front end has no input.
    virtual bool read_line(std::string& out) { (void)out; return false; }
};

struct RunResult {
    int exit_status = 0;                  // like CPython's: 0, 1 on uncaught exception, n from sys.exit
    std::vector<Diagnostic> diagnostics;  // compile errors, limits hit, deadlock
    Trace trace;                          // processes (with exit codes) and events
    std::string out;                      // everything written to stdout, in order seen
    std::string err;                      // everything written to stderr
    uint64_t instructions = 0;            // total bytecode instructions executed
    // sim: the order of the run's visible operations (sim_schedule.h); replaying it with
    // SimPolicy::steps gives the same outcome.
    std::string schedule;
    uint64_t virtual_ticks = 0;           // sim: virtual time when the run ended (0 elsewhere)
};

}  // namespace forklab
