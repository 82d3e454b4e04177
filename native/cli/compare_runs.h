// Real runs for `forklab compare`: the scenario on the fork backend, in a `forklab run`
// child of its own process group so that its stdout can be read in the order the processes
// printed it (fork children write straight to fd 1, see fork/fork_backend.h) and a run that
// hangs can be stopped with everything it started.
#pragma once
#include <atomic>
#include <string>

namespace forklab {

struct RealRun {
    std::string out;
    int exit_status = 0;     // the scenario's, or 128+signal
    bool timed_out = false;  // still running after the timeout (a deadlock, a hang): stopped
    bool stopped = false;    // `stop` was set: stopped, not a result
};

RealRun run_fork_once(const std::string& forklab_exe, const std::string& file, double timeout_s,
                      const std::atomic<bool>& stop);

// This executable's path (/proc/self/exe where there is one, else argv0).
std::string self_executable(const char* argv0);

}  // namespace forklab
