// Trace → Chrome Trace Event JSON (the "JSON Object Format"), which chrome://tracing,
// Perfetto (ui.perfetto.dev) and speedscope open.
//
// Layout:
//   * each scenario process is a Chrome process (pid = ProcId + 1) with one thread (tid =
//     ProcId + 1); "M" metadata events name both ("MainProcess", "Process-1", ...);
//   * its states are "X" complete events named running / ready / blocked / created (cat
//     "state"; a blocked slice carries its reason in args.reason), derived from the state
//     events as the viewer's lanes do;
//   * lock operations, shared reads/writes, stdout/stderr text and process life-cycle events
//     are "i" instant events (thread scope) with their object id, value and text in args;
//   * "otherData" holds format "forklab-trace", version, backend, time unit, dropped events.
// Timestamps are microseconds: wall-clock traces (fork, threads) convert ns to µs with three
// decimals; sim traces show 1 virtual tick (one bytecode instruction) as 1 µs.
#pragma once
#include <string>
#include <string_view>

#include "trace/event.h"

namespace forklab {

constexpr int kChromeJsonVersion = 1;

std::string chrome_trace_json(const Trace& trace);

// Appends `s` as a quoted JSON string: quotes, backslashes and control characters escaped,
// bytes that are not valid UTF-8 replaced by U+FFFD (program output can be anything).
void append_json_string(std::string& o, std::string_view s);

}  // namespace forklab
