// `forklab bench [--quick] [--scale F] [--json FILE] [EXPERIMENT ...]`: the IPC and speed-up
// experiments (scripts/bench/ipc/*.py, embedded in the binary) on real processes with the
// fork backend, a progress bar on a terminal, a table on stdout and optionally a JSON file
// for plotting (docs/bench-json.md). Kept out of main.cpp so the command is one line there.
#pragma once

namespace forklab {

// argv: the arguments after "bench". Exit status: 0 once every experiment was tried (an
// experiment that fails is reported, not fatal); 128+signal after Ctrl-C or SIGTERM, with the
// table and the JSON file of what was measured; 1 when the JSON file cannot be written; 2 for
// a usage error.
int cmd_bench(int argc, char** argv, const char* forklab_version);

}  // namespace forklab
