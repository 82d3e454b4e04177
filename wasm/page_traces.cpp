// Trace files in the page: open a trace written by `forklab run --trace` (a real fork or
// threads run on the student's machine) in the viewer, and export what the viewer shows as
// Chrome Trace Event JSON for ui.perfetto.dev. web/loader.js calls these through ccall
// (forklab.openTrace / forklab.exportTrace); the file format is trace/trace_format.h and the
// reader is the one the CLI and the desktop viewer use (trace/trace_import.h), so a file the
// desktop refuses is refused here with the same FILE:LINE:COL message.
//
// Both answer synchronously: parsing is one pass over the text (a 15 MB, 110,000-event trace
// opens in about 0.4 s in headless Chromium), and the page shows "Reading…" first. The strings they return
// live until the next call (ccall copies them out at once).
#include <emscripten/emscripten.h>

#include <optional>
#include <string>
#include <string_view>

#include "app.h"
#include "trace/chrome_json.h"
#include "trace/trace_import.h"
#include "trace/trace_state.h"

extern "C" int forklab_busy();  // page_api.cpp: a run is live, active or queued

namespace forklab::web {
namespace {

std::string g_answer;

const char* refuse(const std::string& message) {
    g_answer = "{\"ok\":false,\"error\":";
    append_json_string(g_answer, message);
    g_answer += '}';
    return g_answer.c_str();
}

// {"ok":true, "name", "backend", "timeUnit", "events", "droppedEvents", "exitStatus",
//  "scenario" (the file name the trace recorded its source under, null when it has none),
//  "processes": [{"id", "parent", "name", "osPid", "exitcode" (null while not exited)}],
//  "exitcodes": {name: code|null}} (exitcodes as forklab.run() gives them).
std::string opened_json(const Trace& t, const std::string& name, int exit_status) {
    std::string o = "{\"ok\":true,\"name\":";
    append_json_string(o, name);
    o += ",\"backend\":";
    append_json_string(o, t.backend);
    o += ",\"timeUnit\":";
    append_json_string(o, t.time_unit == TimeUnit::ticks ? "ticks" : "nanoseconds");
    o += ",\"events\":" + std::to_string(t.events.size());
    o += ",\"droppedEvents\":" + std::to_string(t.dropped_events);
    o += ",\"exitStatus\":" + std::to_string(exit_status);
    o += ",\"scenario\":";
    if (t.scenario) append_json_string(o, t.scenario->file);
    else o += "null";
    o += ",\"processes\":[";
    for (size_t i = 0; i < t.processes.size(); ++i) {
        const ProcessInfo& p = t.processes[i];
        if (i) o += ',';
        o += "{\"id\":" + std::to_string(p.id.value) + ",\"parent\":" +
             std::to_string(p.parent.value) + ",\"name\":";
        append_json_string(o, p.name);
        o += ",\"osPid\":" + std::to_string(p.os_pid);
        o += ",\"exitcode\":" + (p.exited ? std::to_string(p.exitcode) : std::string("null"));
        o += '}';
    }
    o += "],\"exitcodes\":{";
    for (size_t i = 0; i < t.processes.size(); ++i) {
        const ProcessInfo& p = t.processes[i];
        if (i) o += ',';
        append_json_string(o, p.name);
        o += ':';
        o += p.exited ? std::to_string(p.exitcode) : "null";
    }
    o += "}}";
    return o;
}

const char* state_id(const TracedProcess& p) {
    if (!p.exists) return "not created";
    return lanes::state_label(p.state);
}

void names_json(std::string& o, const TraceMoment& m, const std::vector<ProcId>& ps) {
    o += '[';
    for (size_t i = 0; i < ps.size(); ++i) {
        if (i) o += ',';
        append_json_string(o, ps[i].value < m.processes.size() ? m.processes[ps[i].value].name : "?");
    }
    o += ']';
}

// What the Inspector shows (trace/trace_state.h), for forklab.inspectTrace().
std::string moment_json(const TraceMoment& m, const Trace& t, bool at_cursor) {
    std::string o = "{\"ok\":true,\"time\":" + std::to_string(m.time);
    o += ",\"atCursor\":";
    o += at_cursor ? "true" : "false";
    o += ",\"timeUnit\":";
    append_json_string(o, t.time_unit == TimeUnit::ticks ? "ticks" : "nanoseconds");
    o += ",\"events\":" + std::to_string(m.events) + ",\"cells\":[";
    for (size_t i = 0; i < m.cells.size(); ++i) {
        const TracedCell& c = m.cells[i];
        o += i ? ",{" : "{";
        o += "\"object\":" + std::to_string(c.object) + ",\"cell\":" + std::to_string(c.cell) +
             ",\"value\":" + std::to_string(c.value) + ",\"reads\":" + std::to_string(c.reads) +
             ",\"writes\":" + std::to_string(c.writes) + "}";
    }
    o += "],\"locks\":[";
    for (size_t i = 0; i < m.locks.size(); ++i) {
        const TracedLock& l = m.locks[i];
        o += i ? ",{" : "{";
        o += "\"id\":" + std::to_string(l.id) + ",\"holders\":";
        names_json(o, m, l.holders);
        o += ",\"waiters\":";
        names_json(o, m, l.waiters);
        o += ",\"acquisitions\":" + std::to_string(l.acquisitions) + "}";
    }
    o += "],\"queues\":[";
    for (size_t i = 0; i < m.queues.size(); ++i) {
        const TracedQueue& q = m.queues[i];
        o += i ? ",{" : "{";
        o += "\"id\":" + std::to_string(q.id) + ",\"items\":" + std::to_string(q.items) +
             ",\"puts\":" + std::to_string(q.puts) + ",\"gets\":" + std::to_string(q.gets) + "}";
    }
    o += "],\"pipes\":[";
    for (size_t i = 0; i < m.pipes.size(); ++i) {
        const TracedPipeEnd& p = m.pipes[i];
        o += i ? ",{" : "{";
        o += "\"conn\":" + std::to_string(p.conn) + ",\"sent\":" + std::to_string(p.sent) +
             ",\"inFlight\":" + std::to_string(p.in_flight) + "}";
    }
    o += "],\"processes\":[";
    for (size_t i = 0; i < m.processes.size(); ++i) {
        const TracedProcess& p = m.processes[i];
        o += i ? ",{" : "{";
        o += "\"id\":" + std::to_string(p.id.value) + ",\"name\":";
        append_json_string(o, p.name);
        o += ",\"state\":";
        append_json_string(o, state_id(p));
        o += ",\"waitingFor\":";
        if (p.reason && p.reason <= t.strings.size()) append_json_string(o, t.strings[p.reason - 1]);
        else o += "null";
        o += ",\"exitcode\":";
        o += p.exists && p.state == lanes::LaneState::exited ? std::to_string(p.exitcode) : "null";
        o += '}';
    }
    o += "]}";
    return o;
}

}  // namespace
}  // namespace forklab::web

using namespace forklab;
using namespace forklab::web;

extern "C" {

// Reads `length` bytes of trace text (not NUL-terminated: a file may hold anything) and, when
// they are a forklab trace, shows it in the viewer. Answers the JSON above, or
// {"ok":false,"error":"NAME:LINE:COL: error: ..."} with nothing changed in the viewer.
EMSCRIPTEN_KEEPALIVE const char* forklab_page_open_trace(const char* name, const char* text,
                                                         double length) {
    const std::string file = name && *name ? name : "trace.json";
    ui::Viewer* v = viewer();
    if (!v) return refuse("the lab is not running");
    if (forklab_busy()) return refuse(file + ": a run is in progress; open the trace when it has finished");
    if (!text || length < 0) return refuse(file + ": no trace text");

    Trace trace;
    TraceLoadError error;
    if (!import_trace_json(std::string_view(text, static_cast<size_t>(length)), &trace, &error))
        return refuse(format_trace_error(file, error));
    const int exit_status = !trace.processes.empty() && trace.processes[0].exited
                                ? trace.processes[0].exitcode
                                : 0;
    // The answer describes the trace before the viewer takes it over.
    std::string answer = opened_json(trace, file, exit_status);
    v->show_trace(std::move(trace), file);
    if (!v->last_result() || v->last_result_name() != file)
        return refuse(file + ": the viewer could not show the trace");
    g_answer = std::move(answer);
    return g_answer.c_str();
}

// The last finished run or the trace shown, as Chrome Trace Event JSON (trace_format.h), or
// "" when there is none yet. forklab_page_export_name() names it ("race.py", "run.json").
EMSCRIPTEN_KEEPALIVE const char* forklab_page_export_trace() {
    ui::Viewer* v = viewer();
    const RunResult* r = v ? v->last_result() : nullptr;
    g_answer = r && !r->trace.processes.empty() ? chrome_trace_json(r->trace) : std::string();
    return g_answer.c_str();
}

// Puts the timeline's cursor at `time` (in the trace's unit; negative: no cursor, the end of
// the run), brings the Inspector to the front and answers what it shows (moment_json), or
// {"ok":false,"error"} when there is no finished run or trace to inspect.
EMSCRIPTEN_KEEPALIVE const char* forklab_page_inspect_trace(double time) {
    ui::Viewer* v = viewer();
    if (!v) return refuse("the lab is not running");
    if (forklab_busy()) return refuse("a run is in progress; inspect it when it has finished");
    if (!v->last_result()) return refuse("nothing to inspect yet: run the scenario or open a trace");
    v->set_time_cursor(time >= 0 ? std::optional<uint64_t>((uint64_t)time) : std::nullopt);
    v->show_panel(ui::Viewer::Panel::inspector);
    const TraceMoment* m = v->trace_moment();
    if (!m) return refuse("nothing to inspect yet: run the scenario or open a trace");
    g_answer = moment_json(*m, v->last_result()->trace, v->time_cursor().has_value());
    return g_answer.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* forklab_page_export_name() {
    ui::Viewer* v = viewer();
    g_answer = v && v->last_result() ? v->last_result_name() : std::string();
    return g_answer.c_str();
}

}  // extern "C"
