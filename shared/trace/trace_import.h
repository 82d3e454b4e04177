// Reading a trace file back: the text that chrome_trace_json() wrote (a `forklab run --trace`
// on any backend) becomes the Trace it was written from, so the viewer can replay a real
// fork or threads run as it replays a simulation. The layout is specified in
// trace/trace_format.h; only the recorded entries (args.ev) are read, the derived ones
// (flows, counters, lock slices) are the writer's business.
//
// It is the one loader the CLI, the desktop viewer and the page share: it takes the file's
// text (no file system, no exceptions) and gives the Trace or one error with the line and
// column of the offending byte or value (from runtime/json_reader.h for malformed JSON).
// It reads the file a trace entry at a time (json::Cursor), so memory stays near the text
// plus the Trace; files over 1 GiB (some 7 million events) are refused with a message.
#pragma once
#include <string>
#include <string_view>

#include "trace/event.h"

namespace forklab {

struct TraceLoadError {
    std::string message;   // a sentence, e.g. "trace format version 1 is not supported ..."
    int line = 0, column = 0;  // 1-based; 0 when the error is about the whole file
};

// Fills *out from `text`. On failure returns false, fills *error and leaves *out empty.
// Exact for what forklab writes: export(import(export(t))) == export(t); texts that were not
// valid UTF-8 come back with U+FFFD where the writer replaced bytes.
bool import_trace_json(std::string_view text, Trace* out, TraceLoadError* error);

// "FILE:LINE:COL: error: MESSAGE" (the compiler's format the CLI and viewer print).
std::string format_trace_error(std::string_view file, const TraceLoadError& e);

}  // namespace forklab
