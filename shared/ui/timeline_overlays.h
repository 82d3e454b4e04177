// What the timeline draws over its process lanes, besides their states: a bar along the
// bottom of a lane while the process holds a lock, an outline while it waits for one, a strip
// along the top in the colour of the thread that holds the process's GIL (threads only), and
// an arrow from each send/put to the recv/get that took the message.
//
// The intervals and flows are gathered from the trace incrementally (update() consumes only
// the new events, so a live run costs what it adds), and drawing is bounded by pixels, not
// by events: per lane a binary search finds the first visible interval and the next one
// drawn is the first starting past the current one's last pixel (Tracy's trick), and at most
// kMaxArrows arrows are drawn (zoom in for the rest). Internal to shared/ui.
#pragma once
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "imgui.h"
#include "trace/event.h"
#include "trace/lanes.h"

namespace forklab::ui {

// Where TimelineView drew the lanes this frame.
struct LaneGeometry {
    float x0 = 0, width = 0;  // the plot area (time t0 at x0)
    float y0 = 0, lane_h = 0; // lane i spans [y0 + i * lane_h, y0 + (i + 1) * lane_h)
    double t0 = 0, t1 = 1;    // visible time range
    uint64_t end = 0;         // the run's latest time: where open intervals end
};

class TimelineOverlays {
public:
    static constexpr int kMaxArrows = 400;

    struct Interval {
        uint64_t t0 = 0, t1 = UINT64_MAX;  // UINT64_MAX: still open
        uint32_t object = 0;               // LockId, or the thread number for the GIL
    };
    struct Flow {
        uint64_t sent = 0, received = 0;
        uint32_t from = 0, to = 0;  // ProcIds
        bool queue = false;         // put/get rather than send/recv
    };

    void reset();
    // Consumes the trace's events added since the last call (a different or shorter trace
    // starts over).
    void update(const Trace& trace);

    // The swatches for the legend line, on the current line.
    static void draw_legend();
    // Draws over the lanes (lanes[i] is row i); sets a tooltip when the mouse is on a bar.
    void draw(ImDrawList* dl, const std::vector<lanes::Lane>& lanes, const LaneGeometry& g) const;

    const std::vector<Flow>& flows() const { return flows_; }
    const std::vector<Interval>& holds(uint32_t proc) const;
    const std::vector<Interval>& waits(uint32_t proc) const;

private:
    struct PerProc {
        std::vector<Interval> holds, waits, gil;
        bool has_threads = false;
    };
    // A lock held now: by whom, how many acquires are not yet released (RLock), and its
    // open interval in the holder's `holds`.
    struct Holder {
        uint32_t proc = 0;
        uint32_t depth = 0;
        size_t index = 0;
    };
    std::unordered_map<uint32_t, Holder> held_;
    // The last arrow drawn between two lanes (draw() skips one over the same pixels): scratch
    // of draw(), kept so that a frame allocates nothing.
    struct LastArrow {
        int from, to;
        bool queue;
        float a, b;
    };
    mutable std::vector<LastArrow> last_arrows_;
    PerProc& proc(uint32_t p);
    void event(const TraceEvent& e);
    const Trace* trace_ = nullptr;
    size_t consumed_ = 0;
    std::vector<PerProc> procs_;
    std::vector<Flow> flows_;  // in order of receipt (so sorted by `received`)
    uint64_t max_latency_ = 0;
    struct Sent {
        uint64_t time;
        uint32_t proc;
    };
    std::unordered_map<int64_t, Sent> in_flight_;  // flow id -> its send/put
};

}  // namespace forklab::ui
