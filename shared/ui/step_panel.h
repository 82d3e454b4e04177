// The viewer's Step mode: a sim run taken one step at a time by clicking the process that
// goes next (exec/stepper.h does the work). One button per process with its line (and one
// per thread of a process with several, for a thread step), the step's
// granularity (visible operation, instruction, source line), Back, a slider over every step
// taken so far (going back keeps the later steps, so the slider can go forward again until a
// different step is chosen), the schedule with a copy button, the run's timeline and output.
// Internal to shared/ui: the viewer opens it and gives it a place to draw.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "exec/step_commands.h"
#include "exec/stepper.h"
#include "trace/lanes.h"
#include "ui/timeline_view.h"

namespace forklab::ui {

class StepPanel {
public:
    // A fresh stepper of `request`'s program; `schedule` (may be empty) gives the first steps
    // (one choice each). False with a sentence in *error for a bad schedule.
    bool open(const RunRequest& request, const std::string& schedule, std::string* error);
    void close();
    bool is_open() const { return stepper_ != nullptr; }
    const Stepper* stepper() const { return stepper_.get(); }

    // One command of exec/step_commands.h ("1", "1 i 5", "b 3", "c" ...), as the buttons do
    // (the page API drives Step mode this way).
    StepCommandOutcome command(std::string_view line);

    // The controls and the timeline, in the current window's remaining space.
    void draw();
    // The run's output so far, stdout and stderr in the order written.
    void draw_output();
    // The source line of the chosen process (the one hovered, else the last to step), 0 none.
    int highlight_line() const { return highlight_line_; }

private:
    void draw_controls();
    void choose(uint32_t proc, uint32_t thread = kAnyThread);
    void draw_thread_buttons(const StepperProcess& p);
    void go_to(size_t k);  // back, or forward along the undone steps
    void refresh();        // after the stepper changed: lanes, the chosen line
    std::unique_ptr<Stepper> stepper_;
    std::vector<StepChoice> path_;  // every step taken or undone-but-kept; stepper's are a prefix
    enum class Grain { visible, instruction, line } grain_ = Grain::visible;
    int instructions_ = 1;
    std::string error_;
    int highlight_line_ = 0;
    int hovered_ = -1;
    int hovered_line_ = 0;  // the line of the thread under the mouse, 0 none
    uint64_t generation_ = UINT64_MAX;
    lanes::LaneBuilder lanes_;
    TimelineOverlays overlays_;
    TimelineView timeline_;
};

}  // namespace forklab::ui
