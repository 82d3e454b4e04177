// The viewer: one Dear ImGui code base for the desktop app (native/gui) and the browser
// (wasm/). The platform layer owns the window and the loop and calls Viewer::frame() once per
// frame between ImGui::NewFrame() and ImGui::Render(); the viewer never owns the loop.
//
// Runs: `sim` is advanced a slice per frame on the UI thread (SimSession), so the UI never
// freezes and needs no threads (the browser's non-isolated build). Other backends go through
// a BackgroundRunner that the platform provides (native: a std::thread calling
// run_scenario(); browser with pthreads: the same on a Web Worker).
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "exec/run.h"

namespace forklab {
class Stepper;         // exec/stepper.h
struct ExploreResult;  // exec/explore.h
struct TraceMoment;    // trace/trace_state.h
}

namespace forklab::ui {

class BackgroundRunner {
public:
    virtual ~BackgroundRunner() = default;
    // False with a sentence for the user when this platform cannot run `b`
    // (e.g. "threads needs a cross-origin isolated page").
    virtual bool available(Backend b, std::string* why_not) const = 0;
    virtual void start(const RunRequest& request) = 0;
    // True once the run started last has finished; then *out holds its result.
    virtual bool poll(RunResult* out) = 0;
};

struct ViewerConfig {
    BackgroundRunner* runner = nullptr;  // null: sim only
    std::string platform_note;           // shown in the status bar, e.g. why threads is missing
    uint64_t sim_budget_per_frame = 0;   // instructions per frame; default 3'000'000
    RunLimits limits;                    // applied to every run the viewer starts
};

class Viewer {
public:
    explicit Viewer(ViewerConfig config);
    ~Viewer();

    void load_scenario(std::string filename, std::string source);
    void set_backend(Backend b);
    void set_seed(uint64_t seed);
    void set_cores(int cores);
    // The code and settings the next Run would use (edits in the code panel included), e.g.
    // for the page's share link. cores() is the effective count (never 0).
    const std::string& filename() const;
    const std::string& source() const;
    Backend backend() const;
    uint64_t seed() const;
    int cores() const;
    // How fast a sim run unfolds: 0 slow (a few hundred instructions a frame, to watch it),
    // 1 normal, 2 fast (ViewerConfig::sim_budget_per_frame, the default).
    void set_speed(int speed);
    // The viewer's own labels (ui/ui_text.h), English by default.
    void set_language(Lang lang);
    Lang language() const;
    // Brings a tab of the lower panel to the front, as clicking it would.
    enum class Panel { output, results, inspector, experiments };
    void show_panel(Panel p);
    // The Experiments tab's buttons: every outcome of the current code (exec/explore.h, on a
    // thread where the build has threads) and its speed-up at 1, 2, 4, 8 simulated cores.
    void explore_outcomes();
    void measure_speedup();
    bool experiments_busy() const;
    const ExploreResult* exploration() const;  // the last exploration finished, or null

    // Starts a run of the current code with the current settings (as the Run button does).
    // `on_done` (may be empty) is called once, from frame(), when the run has finished.
    void run(std::function<void(const RunResult&)> on_done = {});
    // Shows a trace without running anything (forklab gui --trace, a trace file the page
    // opened; trace/trace_import.h reads them): timeline, recorded output and exit codes, as
    // after a run on the trace's backend. `title` (the file name) is shown in the status bar.
    void show_trace(Trace trace, std::string title);
    bool running() const;
    const RunResult* last_result() const;  // null before the first finished run
    // What last_result() came from: the trace's title for a trace shown, else the run's
    // scenario file name (may be empty). Names exported files.
    const std::string& last_result_name() const;

    // The timeline's time cursor (a click on the lanes places it): the moment the Inspector
    // shows for a finished run. set_time_cursor(nullopt) removes it (the Inspector then shows
    // the end). trace_moment() is what the Inspector shows from the trace at the cursor, or
    // null when there is no finished run.
    void set_time_cursor(std::optional<uint64_t> time);
    std::optional<uint64_t> time_cursor() const;
    const TraceMoment* trace_moment();

    // Step mode (sim), as the Step button opens it; `schedule` (may be empty) gives the first
    // steps. stepper() is null while it is closed; stepper_problem() says why it did not open.
    void open_stepper(const std::string& schedule = {});
    const Stepper* stepper() const;
    const std::string& stepper_problem() const;
    // A command of exec/step_commands.h in the open Step mode; false with *error when it
    // failed (nothing changed) or Step mode is closed.
    bool step_command(const std::string& line, std::string* error);

    // Draws the whole UI for one frame (fills the main viewport).
    void frame();

    struct Impl;
private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace forklab::ui
