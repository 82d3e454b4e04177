// run_scenario() for the browser: sim always; threads only in the -pthread flavour, where
// each scenario process is a std::thread and so a Web Worker from Emscripten's pool; fork
// never (a browser has no fork()). An unavailable backend gives exit_status 2 and a
// diagnostic, as runners.h promises.
#include "app.h"
#include "exec/runners.h"

namespace forklab::web {

const char* const kThreadsNeedIsolation =
    "threads is not available: real parallel runs use Web Workers that share memory through "
    "SharedArrayBuffer, which the browser only allows on a cross-origin isolated page "
    "(served with COOP/COEP headers); this page is not cross-origin isolated, so only sim can run";
const char* const kForkUnavailable = "fork is not available in the browser; use threads or sim";
const char* const kThreadsNote =
    "Browser: real parallel runs on Web Workers (cross-origin isolated); fork is native only";
const char* const kSimOnlyNote =
    "Browser, simulation only: this page is not cross-origin isolated, so threads is unavailable";

bool backend_available(Backend b, std::string* why_not) {
    switch (b) {
    case Backend::sim:
        return true;
    case Backend::threads:
#ifdef FORKLAB_NO_THREADS
        if (why_not) *why_not = kThreadsNeedIsolation;
        return false;
#else
        return true;
#endif
    case Backend::fork:
        if (why_not) *why_not = kForkUnavailable;
        return false;
    }
    return false;
}

}  // namespace forklab::web

namespace forklab {

RunResult run_scenario(const RunRequest& request, OutputSink* sink) {
    std::string why;
    if (!web::backend_available(request.backend, &why)) {
        RunResult r;
        r.exit_status = 2;
        r.trace.backend = backend_name(request.backend);
        r.diagnostics.push_back(Diagnostic{"NotSupported", request.filename, 0, 0, why});
        r.err = why + "\n";
        return r;
    }
    switch (request.backend) {
#ifndef FORKLAB_NO_THREADS
    case Backend::threads:
        return run_threads(request, sink);
#endif
    default:
        return run_sim(request, sink);
    }
}

}  // namespace forklab
