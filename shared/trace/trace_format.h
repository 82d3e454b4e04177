// The forklab trace file: Chrome Trace Event JSON that chrome://tracing and ui.perfetto.dev
// open as they are, and that forklab reads back exactly (trace/trace_import.h). This header is
// the format's specification; the writer (chrome_json.cpp) and the reader (trace_import.cpp)
// both follow it.
//
//   { "traceEvents": [ ... ], "displayTimeUnit": "ms",
//     "otherData": { "format": "forklab-trace", "version": 2, "backend": "fork",
//                    "time_unit": "ns" | "ticks", "ts_note": "...", "events": N,
//                    "dropped_events": D, "states_complete_until": T (only when states
//                    were dropped), "scenario": {"file", "source"} (optional, see below),
//                    "processes": [ {"id", "parent", "name", "os_pid", "exitcode",
//                    "exited"}, ... ] } }
//
// otherData.scenario is the program the run was recorded from: "file" its name as the run
// was given it (`forklab run --trace t.json race.py` writes "race.py"), "source" its full
// text. Every backend writes it; a viewer replaying the trace shows that code. It came after
// version 2 did and is optional within it: a trace without it opens as before (the viewer
// then says the trace carries no source), and readers that predate it ignore it.
//
// Two kinds of entries live in traceEvents:
//   * recorded events: every TraceEvent of the run is exactly one entry, in the trace's
//     order, whose args carry "ev" (the EventKind's identifier, event_kind_id()), and "obj",
//     "val", "text", "cell" (a shared read/write's Array element) when they are not 0 / none. Its pid is the event's ProcId + 1, its ts the
//     event's time (see below). The entry's phase is whatever displays it best: an instant
//     ("i") mostly; the B that opens a state slice ("running", "ready", "blocked") for a state
//     change; the B or E of a lock's wait or hold slice for lock events.
//   * derived entries, drawn from the recorded ones for the viewers (no "ev" in args): "M"
//     names, state slices a process is put in by what it did, lock slices closed at the end,
//     flow arrows ("s" at a send or put, "f" with "bp":"e" at its receive or get; the pair
//     shares an id, flow_json_id()), counters ("C") for the last value read or written of
//     each cell of a shared object ("shared #2", "shared #2[3]") and for each queue's length.
// A reader rebuilds the Trace from the recorded entries alone and ignores the derived ones.
//
// Tracks (Chrome pid, tid): a scenario process p is pid p+1; its states are on tid p+1; its
// hold and wait slices on lock L are on tid kLockTidBase + L; which of its threads holds
// the GIL is on tid kGilTid. Counters live in the pseudo-process kObjectsPid. Every track's
// entries come in time order, and B/E pairs nest on every track.
//
// Time: ts is in microseconds. Wall-clock traces (fork, threads) record nanoseconds and
// write them with three decimals, which a reader turns back into exact nanoseconds; sim
// traces record virtual ticks and write one tick as one microsecond.
//
// Versions: 1 (before this header) had no recorded-event marks and cannot be read back;
// readers refuse any version but kTraceFormatVersion with a message naming both. Optional
// members added within a version (otherData.scenario) do not change it.
#pragma once
#include <cstdint>
#include <string_view>

#include "trace/event.h"

namespace forklab {

inline constexpr const char* kTraceFormatName = "forklab-trace";
inline constexpr int kTraceFormatVersion = 2;

inline constexpr uint32_t kLockTidBase = 2'000'000;
inline constexpr uint32_t kGilTid = 1'000'000;
inline constexpr uint32_t kObjectsPid = 1'000'000;

// "proc_created", "lock_acquire", ...: the EventKind's name in the X-macro list.
const char* event_kind_id(EventKind k);
// The inverse; false for a name that is not an EventKind.
bool event_kind_from_id(std::string_view id, EventKind* out);

// One id space for flows although pipes and queues number their messages separately.
inline uint64_t flow_json_id(EventKind k, int64_t flow) {
    const bool queue = k == EventKind::queue_put || k == EventKind::queue_get;
    return (uint64_t)flow * 2 + (queue ? 1 : 0);
}

}  // namespace forklab
