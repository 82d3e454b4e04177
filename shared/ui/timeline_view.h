// The timeline panel: one lane per scenario process, coloured by state, with a time axis.
// Data comes from trace/lanes (plain C++); this file only maps time to pixels, handles zoom
// (mouse wheel, around the cursor), pan (drag) and fit (double-click or the Fit button), and
// draws with ImDrawList. Internal to shared/ui.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "imgui.h"
#include "trace/lanes.h"
#include "ui/timeline_overlays.h"

namespace forklab::ui {

ImU32 state_color(lanes::LaneState s);

class TimelineView {
public:
    // Forget zoom and pan: the next draw fits the whole run (also follows a live run).
    void fit() { follow_ = true; }
    // Lock bars, GIL strips and message arrows drawn over the lanes (ui/timeline_overlays.h);
    // null: none. The owner keeps them up to date with the trace.
    void set_overlays(const TimelineOverlays* o) { overlays_ = o; }
    // The moment the user picked with a click on the lanes (a click, not a drag; right-click
    // removes it), which the Inspector shows for a finished run. None while a run is live.
    const std::optional<uint64_t>& cursor() const { return cursor_; }
    void set_cursor(uint64_t t) { cursor_ = t; }
    void clear_cursor() { cursor_.reset(); }

    // Draws into the current window's remaining space. `trace` (may be null) resolves block
    // reasons for tooltips; `end` is the latest time of the run.
    void draw(const std::vector<lanes::Lane>& lanes, uint64_t end, TimeUnit unit,
              const Trace* trace, bool live);

private:
    bool follow_ = true;
    std::optional<uint64_t> cursor_;
    const TimelineOverlays* overlays_ = nullptr;
    double t0_ = 0, t1_ = 1;
    std::vector<lanes::Span> spans_;  // scratch, reused every frame
};

}  // namespace forklab::ui
