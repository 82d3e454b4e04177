// The experiments of `forklab bench`: scripts/bench/ipc/*.py, embedded at build time by
// cmake/EmbedPython.cmake (the same files scripts/bench_ipc.py runs under CPython).
#pragma once
#include <vector>

namespace forklab {

struct BenchScenario {
    const char* name;    // file name without ".py", e.g. "pipe_throughput"
    const char* source;  // the whole file; its `SCALE = 1.0` line sets the amount of work
};

// Sorted by name.
const std::vector<BenchScenario>& bench_scenarios();

}  // namespace forklab
