// Trace → Chrome Trace Event JSON (the "JSON Object Format"), which chrome://tracing,
// Perfetto (ui.perfetto.dev) and speedscope open.
//
// The layout (tracks, recorded and derived entries, flows, counters, time units, format
// version) is specified in trace/trace_format.h; trace/trace_import.h reads it back.
// Entries come in time order on every track and B/E pairs nest, so strict checkers
// (tests/tools/check_trace.py) accept every file. Cost: one pass over the events plus one to
// pair flows; about 110 bytes of JSON per event.
#pragma once
#include <string>
#include <string_view>

#include "trace/event.h"

namespace forklab {

constexpr int kChromeJsonVersion = 2;  // == kTraceFormatVersion (trace_format.h)

std::string chrome_trace_json(const Trace& trace);

// Appends `s` as a quoted JSON string: quotes, backslashes and control characters escaped,
// bytes that are not valid UTF-8 replaced by U+FFFD (program output can be anything).
void append_json_string(std::string& o, std::string_view s);

}  // namespace forklab
