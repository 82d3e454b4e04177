// What a run cost: instructions executed, virtual time (sim), wall time and the trace size,
// as one line of key=value pairs. The CLI prints it for `forklab run --stats` and the wasm
// benchmark executable (wasm/bench/) prints the same line, so scripts/bench_sim.py reads both
// with one parser. The core never reads a clock: the front end measures the wall time.
#pragma once
#include <string>

#include "exec/run.h"

namespace forklab {

// "forklab-stats: backend=sim instructions=... virtual_ticks=... wall_seconds=... cpu_seconds=...
//  instructions_per_second=... instructions_per_cpu_second=... trace=on trace_events=...
//  trace_dropped=...\n". cpu_seconds: the processor time the run used (std::clock), which a
// busy machine disturbs less than the wall time.
std::string format_run_stats(const RunRequest& request, const RunResult& result, double wall_seconds,
                             double cpu_seconds);

}  // namespace forklab
