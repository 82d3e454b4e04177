// The page API bridge: C functions that web/loader.js calls (via Module.ccall) to load and
// run scenarios, and the JSON it gets back. Runs go through the Viewer, so they show in the
// UI like a click on Run, and they never block: a request is queued, started from the next
// frame once the viewer is idle, and answered from the viewer's on_done callback by calling
// Module.forklabRunDone(id, json) on the browser main thread.
//
// Result JSON: {"stdout", "stderr", "exitStatus", "exitcodes": {"MainProcess": 0, ...},
// "events" (count kept), "droppedEvents", "instructions", "backend", "timeUnit",
// "duration" (how long the run took, in timeUnit), "durationSeconds",
// "diagnostics": [{"kind","file","line","col","message"}]}.
// A backend this page cannot run is answered at once with exitStatus 2 and one
// "NotSupported" diagnostic (the promise resolves; it does not reject). A run the user
// stops in the viewer is answered with exitStatus -1 and one "Stopped" diagnostic.
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>

#include "app.h"
#include "exec/explore.h"
#include "exec/sim_costs.h"
#include "exec/step_commands.h"
#include "exec/stepper.h"
#include "trace/chrome_json.h"
#include "ui/ui_text.h"

namespace forklab::web {
namespace {

ui::Viewer* g_viewer = nullptr;

struct PageRun {
    int id = 0;
    std::string filename;
    std::string code;
    Backend backend = Backend::sim;
    uint64_t seed = 1;
    int cores = 0;
};
std::deque<PageRun> g_queue;
bool g_page_run_active = false;  // a page run is in the viewer; its on_done has not come yet
int g_active_id = 0;
Backend g_active_backend = Backend::sim;
bool g_user_run_active = false;  // a run the user started in the viewer (Run, Ctrl+Enter)


// How long the run took, in the trace's unit: the simulator's virtual clock at the end (what a
// speed-up chart compares across --cores), else the last event's time since the start.
uint64_t run_duration(const RunResult& r) {
    if (r.trace.time_unit == TimeUnit::ticks && r.virtual_ticks) return r.virtual_ticks;
    return r.trace.events.empty() ? 0 : r.trace.events.back().time;
}

std::string result_json(const RunResult& r, Backend requested) {
    std::string o = "{\"stdout\":";
    append_json_string(o, r.out);
    o += ",\"stderr\":";
    append_json_string(o, r.err);
    o += ",\"exitStatus\":" + std::to_string(r.exit_status);
    o += ",\"exitcodes\":{";
    bool first = true;
    for (const ProcessInfo& p : r.trace.processes) {
        if (!first) o += ',';
        first = false;
        append_json_string(o, p.name);
        o += ':';
        o += p.exited ? std::to_string(p.exitcode) : "null";
    }
    o += "},\"events\":" + std::to_string(r.trace.events.size());
    o += ",\"droppedEvents\":" + std::to_string(r.trace.dropped_events);
    o += ",\"instructions\":" + std::to_string(r.instructions);
    o += ",\"backend\":";
    append_json_string(o, r.trace.backend.empty() ? backend_name(requested) : r.trace.backend);
    o += ",\"timeUnit\":";
    append_json_string(o, r.trace.time_unit == TimeUnit::ticks ? "ticks" : "nanoseconds");
    const uint64_t duration = run_duration(r);
    o += ",\"duration\":" + std::to_string(duration);
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.9g",
                  r.trace.time_unit == TimeUnit::ticks ? duration / sim::cost::kTicksPerSecond
                                                       : duration / 1e9);
    o += ",\"durationSeconds\":";
    o += seconds;
    o += ",\"diagnostics\":[";
    first = true;
    for (const Diagnostic& d : r.diagnostics) {
        if (!first) o += ',';
        first = false;
        o += "{\"kind\":";
        append_json_string(o, d.kind);
        o += ",\"file\":";
        append_json_string(o, d.file);
        o += ",\"line\":" + std::to_string(d.line) + ",\"col\":" + std::to_string(d.col);
        o += ",\"message\":";
        append_json_string(o, d.message);
        o += '}';
    }
    o += "]}";
    return o;
}

void answer(int id, const std::string& json) {
    EM_ASM({ if (Module["forklabRunDone"]) Module["forklabRunDone"]($0, UTF8ToString($1)); },
           id, json.c_str());
}

RunResult refusal(Backend b, const std::string& filename, const std::string& why) {
    RunResult r;
    r.exit_status = 2;
    r.trace.backend = backend_name(b);
    r.diagnostics.push_back(Diagnostic{"NotSupported", filename, 0, 0, why});
    r.err = why + "\n";
    return r;
}

uint64_t seed_from(double s) { return s >= 0 ? static_cast<uint64_t>(s) : 1; }

void configure(const std::string& filename, const std::string& code, Backend b, uint64_t seed,
               int cores) {
    g_viewer->load_scenario(filename, code);
    g_viewer->set_backend(b);
    g_viewer->set_seed(seed);
    g_viewer->set_cores(cores);
}

// Step mode answers synchronously (a step is quick), with the stepper's state as JSON
// (exec/step_commands.h), plus "error" when the request failed. ccall copies the string.
std::string g_step_json;

const char* step_answer(const std::string& error) {
    const ui::Viewer* v = g_viewer;
    g_step_json = v && v->stepper() ? stepper_state_json(*v->stepper()) : std::string("{}");
    if (!error.empty()) {
        std::string e = "{\"error\":";
        append_json_string(e, error);
        if (g_step_json.size() > 2) e += ',';
        g_step_json = e + g_step_json.substr(1);
    }
    return g_step_json.c_str();
}

// Runs the user starts in the viewer are reported to the page too (Module.forklabViewerRun:
// "started" with {backend, filename}, then "done" with the result JSON), so an embedding
// course page sees them like page API runs. Seen from the frame loop: a run that is live
// while no page run is.
void watch_user_runs() {
    const bool running = g_viewer->running();
    if (!g_user_run_active && running && !g_page_run_active) {
        g_user_run_active = true;
        std::string o = "{\"backend\":";
        append_json_string(o, backend_name(g_viewer->backend()));
        o += ",\"filename\":";
        append_json_string(o, g_viewer->filename());
        o += '}';
        EM_ASM({ if (Module["forklabViewerRun"]) Module["forklabViewerRun"]("started", UTF8ToString($0)); },
               o.c_str());
    } else if (g_user_run_active && !running) {
        g_user_run_active = false;
        const RunResult* r = g_viewer->last_result();
        std::string json;
        if (r) {
            json = result_json(*r, g_viewer->backend());
        } else {  // stopped: the viewer keeps no result
            RunResult stopped;
            stopped.exit_status = -1;
            stopped.trace.backend = backend_name(g_viewer->backend());
            stopped.diagnostics.push_back(Diagnostic{"Stopped", "", 0, 0,
                                                     "the run was stopped in the viewer before it ended"});
            json = result_json(stopped, g_viewer->backend());
        }
        EM_ASM({ if (Module["forklabViewerRun"]) Module["forklabViewerRun"]("done", UTF8ToString($0)); },
               json.c_str());
    }
}

}  // namespace

ui::Viewer* viewer() { return g_viewer; }
void set_viewer(ui::Viewer* v) { g_viewer = v; }

void page_api_frame() {
    if (!g_viewer) return;
    watch_user_runs();
    // Stop in the viewer ends a sim run without on_done: answer for it, or the page's promise
    // and every queued run after it would wait forever.
    if (g_page_run_active && !g_viewer->running()) {
        g_page_run_active = false;
        RunResult r;
        r.exit_status = -1;
        r.trace.backend = backend_name(g_active_backend);
        r.diagnostics.push_back(Diagnostic{"Stopped", "", 0, 0,
                                           "the run was stopped in the viewer before it ended"});
        answer(g_active_id, result_json(r, g_active_backend));
    }
    if (g_page_run_active || g_queue.empty() || g_viewer->running()) return;
    PageRun run = std::move(g_queue.front());
    g_queue.pop_front();
    configure(run.filename, run.code, run.backend, run.seed, run.cores);
    g_page_run_active = true;
    g_active_id = run.id;
    g_active_backend = run.backend;
    Backend b = run.backend;
    int id = run.id;
    g_viewer->run([id, b](const RunResult& r) {
        g_page_run_active = false;
        answer(id, result_json(r, b));
    });
}

}  // namespace forklab::web

using namespace forklab;
using namespace forklab::web;

extern "C" {

// Buffers for strings passed from JS (code can be larger than the ccall stack allows).
EMSCRIPTEN_KEEPALIVE void* forklab_alloc(size_t n) { return std::malloc(n ? n : 1); }
EMSCRIPTEN_KEEPALIVE void forklab_free(void* p) { std::free(p); }

// "sim" or "sim,threads": what this build on this page can run.
EMSCRIPTEN_KEEPALIVE const char* forklab_backends() {
    static std::string list;
    list = "sim";
    if (backend_available(Backend::threads, nullptr)) list += ",threads";
    return list.c_str();
}

// Queues a run; the answer always comes through Module.forklabRunDone(id, json), at once for
// a request this page cannot run, otherwise from a later frame. Returns the queue length.
EMSCRIPTEN_KEEPALIVE int forklab_page_run(int id, const char* filename, const char* code,
                                          const char* backend, double seed, int cores) {
    Backend b = Backend::sim;
    std::string file = filename && *filename ? filename : "scenario.py";
    std::string why;
    if (!backend_from_name(backend ? backend : "", &b)) {
        why = std::string("unknown backend '") + (backend ? backend : "") +
              "': use sim or threads";
        answer(id, result_json(refusal(Backend::sim, file, why), Backend::sim));
        return static_cast<int>(g_queue.size());
    }
    if (!backend_available(b, &why)) {
        answer(id, result_json(refusal(b, file, why), b));
        return static_cast<int>(g_queue.size());
    }
    g_queue.push_back(PageRun{id, file, code ? code : "", b, seed_from(seed), cores});
    return static_cast<int>(g_queue.size());
}

// Puts code and settings in the viewer without running (URL parameters, an embedding page).
// Returns 0, or 1 for an unknown backend name, or 2 for a backend this page cannot run
// (then the viewer keeps sim). Ignored while a run is in progress (returns 3).
EMSCRIPTEN_KEEPALIVE int forklab_page_load(const char* filename, const char* code,
                                           const char* backend, double seed, int cores) {
    if (!g_viewer) return 3;
    if (g_viewer->running()) return 3;
    Backend b = Backend::sim;
    int rc = 0;
    if (!backend_from_name(backend ? backend : "", &b)) {
        rc = 1;
        b = Backend::sim;
    } else if (!backend_available(b, nullptr)) {
        rc = 2;
        b = Backend::sim;
    }
    configure(filename && *filename ? filename : "scenario.py", code ? code : "", b,
              seed_from(seed), cores);
    return rc;
}

// Opens the viewer's Step mode on `code` (sim), after the steps of `schedule` (may be
// empty). Refused while a run is in progress or queued.
EMSCRIPTEN_KEEPALIVE const char* forklab_page_step_open(const char* filename, const char* code,
                                                        double seed, const char* schedule) {
    if (!g_viewer) return step_answer("the lab is not running");
    if (g_viewer->running() || g_page_run_active || !g_queue.empty())
        return step_answer("a run is in progress");
    configure(filename && *filename ? filename : "scenario.py", code ? code : "", Backend::sim,
              seed_from(seed), 0);
    g_viewer->open_stepper(schedule ? schedule : "");
    return step_answer(g_viewer->stepper() ? std::string() : g_viewer->stepper_problem());
}

// One command in the open Step mode ("1", "1 i 5", "1 l", "b", "b 3", "c"; exec/step_commands.h).
EMSCRIPTEN_KEEPALIVE const char* forklab_page_step(const char* command) {
    if (!g_viewer || !g_viewer->stepper()) return step_answer("Step mode is not open");
    std::string error;
    g_viewer->step_command(command ? command : "", &error);
    return step_answer(error);
}

// The viewer's current code and settings (what Run would use, the user's edits included) as
// JSON {"code","filename","backend","seed","cores","running"}: the page's share link and
// Embed snippet are built from it. The seed is a string when it does not fit a double exactly.
EMSCRIPTEN_KEEPALIVE const char* forklab_page_current() {
    static std::string json;
    if (!g_viewer) {
        json = "null";
        return json.c_str();
    }
    const ui::Viewer& v = *g_viewer;
    json = "{\"code\":";
    append_json_string(json, v.source());
    json += ",\"filename\":";
    append_json_string(json, v.filename());
    json += ",\"backend\":";
    append_json_string(json, backend_name(v.backend()));
    const uint64_t seed = v.seed();
    constexpr uint64_t kMaxExactDouble = uint64_t{1} << 53;
    json += ",\"seed\":";
    json += seed <= kMaxExactDouble ? std::to_string(seed) : '"' + std::to_string(seed) + '"';
    json += ",\"cores\":" + std::to_string(v.cores());
    json += ",\"running\":";
    json += v.running() ? "true" : "false";
    json += '}';
    return json.c_str();
}

// The viewer's own labels: "es" or "en" (also "es-AR" ...). Returns 0, or 1 for another
// name (nothing changes). Also the language the simulator explains deadlocks in for the
// runs started afterwards. Works before the viewer exists (the language is UI state).
EMSCRIPTEN_KEEPALIVE int forklab_set_language(const char* name) {
    Lang lang = Lang::en;
    if (!name || !lang_from_name(name, &lang)) return 1;
    ui::set_ui_language(lang);
    return 0;
}

EMSCRIPTEN_KEEPALIVE int forklab_busy() {
    return (g_viewer && g_viewer->running()) || g_page_run_active || !g_queue.empty();
}

}  // extern "C"

// "What else could happen?" for the page: forklab.explore() loads the code (forklab_page_load),
// calls this, and polls forklab_page_exploration() once a frame. The viewer explores a slice
// per frame (ui/experiments_panel.h), in both builds. Returns 0, or 3 while a run is going on.
extern "C" EMSCRIPTEN_KEEPALIVE int forklab_page_explore() {
    if (!forklab::web::viewer() || forklab::web::viewer()->running()) return 3;
    forklab::web::viewer()->show_panel(forklab::ui::Viewer::Panel::experiments);
    forklab::web::viewer()->explore_outcomes();
    return 0;
}

// {"busy": true} while exploring; then {"busy": false, "complete", "loops", "stoppedBy", "schedules",
// "atLeast", "executions", "states", "seconds", "errors": [..], "outcomes": [{"ending",
// "exitStatus", "stdout", "count", "witness", "message"}]}; {"busy": false} before any.
extern "C" EMSCRIPTEN_KEEPALIVE const char* forklab_page_exploration() {
    using namespace forklab;
    static std::string json;
    ui::Viewer* v = web::viewer();
    if (!v || v->experiments_busy()) {
        json = v ? "{\"busy\":true}" : "{\"busy\":false}";
        return json.c_str();
    }
    const ExploreResult* r = v->exploration();
    if (!r) {
        json = "{\"busy\":false}";
        return json.c_str();
    }
    json = "{\"busy\":false,\"complete\":";
    json += r->complete ? "true" : "false";
    json += ",\"loops\":" + std::to_string(r->loops);
    json += ",\"stoppedBy\":";
    append_json_string(json, r->stopped_by);
    json += ",\"schedules\":" + std::to_string(r->schedules) + ",\"atLeast\":" + std::to_string(r->at_least) +
            ",\"executions\":" + std::to_string(r->executions) + ",\"states\":" + std::to_string(r->states) +
            ",\"seconds\":" + std::to_string(r->seconds) + ",\"errors\":[";
    for (size_t i = 0; i < r->errors.size(); ++i) {
        if (i) json += ',';
        append_json_string(json, r->errors[i].message);
    }
    json += "],\"outcomes\":[";
    for (size_t i = 0; i < r->outcomes.size(); ++i) {
        const Outcome& o = r->outcomes[i];
        if (i) json += ',';
        json += "{\"ending\":";
        append_json_string(json, ending_name(o.ending));
        json += ",\"exitStatus\":" + std::to_string(o.exit_status) + ",\"stdout\":";
        append_json_string(json, o.out);
        json += ",\"count\":" + std::to_string(o.count) + ",\"witness\":";
        append_json_string(json, o.witness);
        json += ",\"message\":";
        append_json_string(json, o.message);
        json += '}';
    }
    json += "]}";
    return json.c_str();
}
