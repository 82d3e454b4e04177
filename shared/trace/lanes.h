// Timeline lanes: the viewer's data, prepared in plain C++ so unit tests reach it without ImGui.
//
// A Trace is a flat, time-sorted list of events. The timeline wants, per scenario process, a
// list of state intervals [start, end) (ready, running, blocked, exited...). LaneBuilder
// turns events into intervals incrementally: the sim trace grows every frame while a run is
// live, so update() only consumes the events appended since the last call.
//
// Drawing follows Tracy's timeline: per frame, binary-search to the first interval that
// reaches the visible range, then walk forward, merging consecutive intervals narrower than a
// few pixels into one span coloured by the state that dominates it (visible_spans()).
//
// How events map to states (backends differ in what they record):
//   created (object = child)      child lane exists, state `created` (not yet started)
//   started (object = child)      child is `ready` on ticks traces (sim schedules it later),
//                                 `running` on wall-clock traces (the OS runs it at once)
//   running / ready / blocked     the process's state; blocked keeps the event text as reason
//   lock wait                     blocked (reason "lock")
//   exited                        exited, with the exit code in `value`
//   any other event by p          p is running at that time (it did something)
// Process 0 (MainProcess) is running from time 0 unless its events say otherwise.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "trace/event.h"

namespace forklab::lanes {

enum class LaneState : uint8_t { created, ready, running, blocked, exited };
const char* state_label(LaneState s);

struct Interval {
    uint64_t start = 0;
    uint64_t end = 0;         // exclusive; for the open (last) interval, the latest time seen
    LaneState state = LaneState::created;
    uint32_t reason = 0;      // Trace::strings index+1 of the block reason; 0 = none
};

struct Lane {
    ProcId proc;
    std::string name;                 // "MainProcess", "Process-1"; "proc N" if the trace has none
    std::vector<Interval> intervals;  // contiguous, sorted, non-overlapping; last one open
    bool exited = false;
    int exitcode = 0;
};

class LaneBuilder {
public:
    // Drops everything (a new run).
    void reset();
    // Consumes trace.events[consumed()..]; call again as the trace grows. If the trace
    // shrank (a different trace), starts over.
    void update(const Trace& trace);
    // Extends every open interval to `t` (e.g. the run's end time, or "now" while live).
    void extend_to(uint64_t t);

    const std::vector<Lane>& lanes() const { return lanes_; }
    uint64_t end_time() const { return end_; }   // latest time seen
    size_t consumed() const { return consumed_; }

private:
    Lane& lane(const Trace& trace, uint32_t proc);
    void set_state(Lane& l, uint64_t t, LaneState s, uint32_t reason);

    std::vector<Lane> lanes_;
    size_t consumed_ = 0;
    uint64_t end_ = 0;
    bool wall_clock_ = false;
};

// Convenience: builds lanes for a whole trace at once.
std::vector<Lane> build_lanes(const Trace& trace);

// Index of the first interval with end > t (intervals sorted and contiguous); size() if none.
size_t first_visible(const std::vector<Interval>& intervals, uint64_t t);

// One thing to draw: [x0, x1) in pixels relative to the lane's left edge.
struct Span {
    float x0 = 0;
    float x1 = 0;
    LaneState state = LaneState::running;
    uint32_t count = 1;     // intervals merged into this span (1 = exact)
    uint32_t reason = 0;    // of the (first) interval when count == 1
    size_t first = 0;       // index of the first interval in the lane
};

// The spans of `intervals` inside the visible time range [t0, t1] at `px_per_tick` pixels per
// time unit. Consecutive intervals narrower than `min_px` are merged into one span (coloured by
// the state covering most of it). Spans are clipped to the range. Cost: O(log n + visible).
void visible_spans(const std::vector<Interval>& intervals, double t0, double t1,
                   double px_per_tick, float min_px, std::vector<Span>* out);

// "1.25 ms", "340 us", "12 s" for nanoseconds; "1.2M", "350k", "12" for ticks.
std::string format_time(double t, TimeUnit unit);
// A "nice" axis step (1, 2, 5 x 10^k) so that about `target_px` pixels separate ticks.
double axis_step(double px_per_tick, double target_px);

}  // namespace forklab::lanes
