// The Experiments tab: "What else could happen?" runs the explorer (exec/explore.h) on the
// scenario and shows each distinct outcome with the number of schedules giving it as a bar,
// and a button that opens its witness schedule in Step mode; "Speed-up vs cores" runs the
// scenario on the simulator at 1, 2, 4 and 8 virtual cores and plots t(1)/t(n) with the
// ideal line and the Amdahl curve fitted to the measurements (ui/run_results.h).
//
// Neither freezes the UI, and both work in every build (the single-threaded browser one
// too): on the UI thread, the speed-up runs are SimSessions advanced a slice per frame, and
// the exploration an ExploreSearch advanced a few milliseconds per frame.
// Internal to shared/ui.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "exec/explore.h"
#include "exec/runners.h"
#include "ui/bench_results.h"

namespace forklab::ui {

class ExperimentsPanel {
public:
    ExperimentsPanel();
    ~ExperimentsPanel();
    // Forgets the results (the code changed).
    void clear();
    bool busy() const;
    // Once per frame: advances the speed-up runs by `budget` instructions and the
    // exploration by a few milliseconds, collecting its result when it is done.
    void advance(uint64_t budget);
    // Draws the tab. `scenario` is the current code and settings; `open_steps(schedule)`
    // opens Step mode on a witness.
    void draw(const RunRequest& scenario, const std::function<void(const std::string&)>& open_steps);

    // The page API and tests drive it too.
    void start_exploration(const RunRequest& scenario);
    void start_speedup(const RunRequest& scenario);
    const ExploreResult* exploration() const;  // null until one finished
    const BenchPlot& speedup_plot() const { return plot_; }

private:
    std::atomic<bool> cancel_{false};             // the Cancel button: the search stops, keeping what it found
    std::unique_ptr<ExploreSearch> search_;       // the exploration in progress, if any
    std::unique_ptr<ExploreResult> explored_;     // the last one finished
    std::string explore_error_;
    // Speed-up runs: one at a time, in order of cores_.
    RunRequest speedup_request_;
    std::vector<int> cores_;
    size_t next_core_ = 0;
    std::unique_ptr<SimSession> sim_;
    std::vector<double> ticks_;  // virtual time of each finished run
    std::string speedup_error_;
    BenchPlot plot_;
    void finish_speedup_run();
};

}  // namespace forklab::ui
