// The fork backend's internals shared by its files (run_fork itself is declared in
// exec/runners.h).
//
// Output contract on fork: every process writes its own program output to the real file
// descriptors 1 and 2 as it happens (whole lines, with write(2), so children's prints appear
// live and in causal order). The parent's OutputSink receives MainProcess's output at once; a
// child's output reaches the sink (with the child's ProcId) and RunResult::out/err only when
// the parent reaps that child, from the file the child leaves behind. A front end that shows
// fds 1/2 itself (the CLI) therefore forwards only ProcId 0 from the sink on this backend:
// see fork_output_is_on_fds().
#pragma once
#include "exec/run.h"

namespace forklab {

// True when `backend` writes the output of processes other than MainProcess straight to the
// real stdout/stderr (so a sink that prints must skip them).
inline bool fork_output_is_on_fds(Backend backend, ProcId proc) {
    return backend == Backend::fork && proc.value != 0;
}

}  // namespace forklab
