// `forklab trace FILE.json [--export OUT.json]`: read a trace file that `forklab run --trace`
// wrote (trace/trace_import.h) and say what it holds, or why it cannot be read; --export
// writes it again (the round trip the tests compare). Kept out of main.cpp so the command is
// one line there.
#pragma once

namespace forklab {

// argv: the arguments after "trace". Exit status: 0; 1 when the file is not a readable trace
// (the error is printed as FILE:LINE:COL: error: ...); 2 for a usage error or an unreadable
// file.
int cmd_trace(int argc, char** argv);

}  // namespace forklab
