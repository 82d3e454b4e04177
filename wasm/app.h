// The browser lab's pieces, shared by the files in wasm/: the platform layer (main.cpp),
// the backend dispatcher (run_scenario.cpp), the Web Worker runner (worker_runner.cpp) and
// the page API bridge (page_api.cpp). Nothing here is used by shared/.
#pragma once
#include <memory>
#include <string>

#include "exec/run.h"
#include "ui/viewer.h"

namespace forklab::web {

// The runner for non-sim backends: a std::thread per run, which Emscripten runs on a
// pre-started pool Worker. In the single-threaded flavour (FORKLAB_NO_THREADS) it runs
// nothing and only explains why threads and fork are unavailable.
std::unique_ptr<ui::BackgroundRunner> make_worker_runner();

// RunLimits::max_trace_events that this module's heap can hold (see worker_runner.cpp).
uint64_t trace_cap_for_heap();

// True when this build (and this page) can run `b`; otherwise `*why_not` gets a sentence
// for the user. Single source of truth for the viewer's runner and the page API.
bool backend_available(Backend b, std::string* why_not);

// The one viewer of the page; null until main() has created it.
ui::Viewer* viewer();
void set_viewer(ui::Viewer* v);

// Called once per frame between ImGui::NewFrame() and Viewer::frame(): starts queued page
// API runs when the viewer is idle.
void page_api_frame();

// Page-facing sentences (also checked by web/tests).
extern const char* const kThreadsNeedIsolation;
extern const char* const kForkUnavailable;
// Status-bar notes for the two flavours.
extern const char* const kThreadsNote;
extern const char* const kSimOnlyNote;

}  // namespace forklab::web
