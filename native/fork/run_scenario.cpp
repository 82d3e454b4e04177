// The native run_scenario(): every backend is available.
#include "exec/runners.h"

namespace forklab {

RunResult run_scenario(const RunRequest& request, OutputSink* sink) {
    switch (request.backend) {
        case Backend::sim: return run_sim(request, sink);
        case Backend::threads: return run_threads(request, sink);
        case Backend::fork: return run_fork(request, sink);
    }
    RunResult r;
    r.exit_status = 2;
    r.diagnostics.push_back(Diagnostic{"NotSupported", request.filename, 0, 0, "unknown backend"});
    return r;
}

}  // namespace forklab
