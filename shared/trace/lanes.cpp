#include "trace/lanes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace forklab::lanes {

const char* state_label(LaneState s) {
    switch (s) {
        case LaneState::created: return "created";
        case LaneState::ready: return "ready";
        case LaneState::running: return "running";
        case LaneState::blocked: return "blocked";
        case LaneState::exited: return "exited";
    }
    return "?";
}

void LaneBuilder::reset() {
    lanes_.clear();
    consumed_ = 0;
    end_ = 0;
    wall_clock_ = false;
}

Lane& LaneBuilder::lane(const Trace& trace, uint32_t proc) {
    if (proc >= lanes_.size()) {
        size_t old = lanes_.size();
        lanes_.resize(proc + 1);
        for (size_t i = old; i < lanes_.size(); ++i) lanes_[i].proc = ProcId{(uint32_t)i};
    }
    Lane& l = lanes_[proc];
    if (l.name.empty()) {
        if (proc < trace.processes.size() && !trace.processes[proc].name.empty())
            l.name = trace.processes[proc].name;
    }
    // The main process exists before any event mentions it.
    if (proc == 0 && l.intervals.empty()) l.intervals.push_back({0, 0, LaneState::running, 0});
    return l;
}

void LaneBuilder::set_state(Lane& l, uint64_t t, LaneState s, uint32_t reason) {
    if (l.intervals.empty()) {
        l.intervals.push_back({t, t, s, reason});
        return;
    }
    Interval& last = l.intervals.back();
    if (last.state == s && last.reason == reason) return;
    if (t < last.start) t = last.start;  // tolerate slightly unsorted events (merged traces)
    if (t == last.start) {
        // Zero-width: replace, and fold into the previous interval when it has this state.
        last.state = s;
        last.reason = reason;
        if (l.intervals.size() >= 2) {
            Interval& prev = l.intervals[l.intervals.size() - 2];
            if (prev.state == s && prev.reason == reason) {
                prev.end = std::max(prev.end, last.end);
                l.intervals.pop_back();
            }
        }
        return;
    }
    last.end = t;
    l.intervals.push_back({t, t, s, reason});
}

void LaneBuilder::update(const Trace& trace) {
    if (trace.events.size() < consumed_) reset();
    wall_clock_ = trace.time_unit == TimeUnit::nanoseconds;
    if (!trace.processes.empty()) lane(trace, (uint32_t)trace.processes.size() - 1);
    if (!lanes_.empty()) lane(trace, 0);

    for (size_t k = consumed_; k < trace.events.size(); ++k) {
        const TraceEvent& e = trace.events[k];
        const uint64_t t = e.time;
        end_ = std::max(end_, t);
        lane(trace, e.proc.value);  // may grow lanes_: hold indices, not references
        auto actor_runs = [&] {
            if (e.kind == EventKind::proc_exited) return;
            Lane& a = lanes_[e.proc.value];
            if (!a.exited) set_state(a, t, LaneState::running, 0);
        };
        switch (e.kind) {
            case EventKind::proc_created: {
                if (e.object != e.proc.value) actor_runs();
                Lane& c = lane(trace, e.object);
                if (c.intervals.empty()) set_state(c, t, LaneState::created, 0);
                break;
            }
            case EventKind::proc_started: {
                if (e.object != e.proc.value) actor_runs();
                Lane& c = lane(trace, e.object);
                if (!c.exited)
                    set_state(c, t, wall_clock_ ? LaneState::running : LaneState::ready, 0);
                break;
            }
            case EventKind::proc_running:
                if (!lanes_[e.proc.value].exited)
                    set_state(lanes_[e.proc.value], t, LaneState::running, 0);
                break;
            case EventKind::proc_ready:
                if (!lanes_[e.proc.value].exited)
                    set_state(lanes_[e.proc.value], t, LaneState::ready, 0);
                break;
            case EventKind::proc_blocked:
                if (!lanes_[e.proc.value].exited)
                    set_state(lanes_[e.proc.value], t, LaneState::blocked, e.text);
                break;
            case EventKind::lock_wait:
                if (!lanes_[e.proc.value].exited)
                    set_state(lanes_[e.proc.value], t, LaneState::blocked, e.text);
                break;
            case EventKind::proc_exited: {
                Lane& l = lanes_[e.proc.value];
                set_state(l, t, LaneState::exited, 0);
                l.exited = true;
                l.exitcode = (int)e.value;
                break;
            }
            default:  // joined, lock acquire/release, shared read/write, output
                actor_runs();
                break;
        }
    }
    consumed_ = trace.events.size();

    // Names and exit codes the backend filled in after the events (e.g. at the end of a run).
    for (size_t p = 0; p < trace.processes.size() && p < lanes_.size(); ++p) {
        const ProcessInfo& info = trace.processes[p];
        Lane& l = lanes_[p];
        if (!info.name.empty()) l.name = info.name;
        if (info.exited) {
            l.exited = true;
            l.exitcode = info.exitcode;
        }
    }
    for (Lane& l : lanes_)
        if (l.name.empty()) l.name = "proc " + std::to_string(l.proc.value);
    extend_to(end_);
}

void LaneBuilder::extend_to(uint64_t t) {
    end_ = std::max(end_, t);
    for (Lane& l : lanes_)
        if (!l.intervals.empty()) l.intervals.back().end = std::max(l.intervals.back().end, t);
}

std::vector<Lane> build_lanes(const Trace& trace) {
    LaneBuilder b;
    b.update(trace);
    return b.lanes();
}

size_t first_visible(const std::vector<Interval>& intervals, uint64_t t) {
    auto it = std::upper_bound(intervals.begin(), intervals.end(), t,
                               [](uint64_t v, const Interval& iv) { return v < iv.end; });
    return (size_t)(it - intervals.begin());
}

void visible_spans(const std::vector<Interval>& intervals, double t0, double t1,
                   double px_per_tick, float min_px, std::vector<Span>* out) {
    out->clear();
    if (intervals.empty() || t1 <= t0 || px_per_tick <= 0) return;
    const size_t n = intervals.size();
    auto x_of = [&](double t) { return (float)((std::clamp(t, t0, t1) - t0) * px_per_tick); };
    size_t i = first_visible(intervals, t0 <= 0 ? 0 : (uint64_t)std::floor(t0));
    while (i < n && (double)intervals[i].start < t1) {
        const Interval& iv = intervals[i];
        const float x0 = x_of((double)iv.start);
        const float x1 = x_of((double)iv.end);
        if (x1 - x0 >= min_px) {
            out->push_back({x0, x1, iv.state, 1, iv.reason, i});
            ++i;
            continue;
        }
        // Narrow: take every following interval that ends before the group is min_px wide.
        // They are found by binary search, so a zoomed-out lane of a million slices costs
        // a few hundred searches, not a million steps.
        const double tg = t0 + (x0 + min_px) / px_per_tick;
        size_t k = tg >= (double)UINT64_MAX ? n : first_visible(intervals, (uint64_t)tg);
        if (k <= i) k = i + 1;
        std::array<double, 5> dur{};
        const size_t count = k - i;
        const size_t stride = std::max<size_t>(1, count / 64);
        for (size_t j = i; j < k; j += stride) {
            const Interval& g = intervals[j];
            dur[(size_t)g.state] += (double)(g.end - g.start) + 1e-9;
        }
        const size_t best = (size_t)(std::max_element(dur.begin(), dur.end()) - dur.begin());
        const float gx1 = x_of((double)intervals[k - 1].end);
        out->push_back({x0, gx1, (LaneState)best, (uint32_t)count, count == 1 ? iv.reason : 0, i});
        i = k;
    }
}

std::string format_time(double t, TimeUnit unit) {
    char buf[48];
    const double a = std::fabs(t);
    if (unit == TimeUnit::nanoseconds) {
        if (a < 1e3) std::snprintf(buf, sizeof buf, "%.0f ns", t);
        else if (a < 1e6) std::snprintf(buf, sizeof buf, "%.4g us", t / 1e3);
        else if (a < 1e9) std::snprintf(buf, sizeof buf, "%.4g ms", t / 1e6);
        else std::snprintf(buf, sizeof buf, "%.4g s", t / 1e9);
    } else {
        if (a < 1e3) std::snprintf(buf, sizeof buf, "%.0f", t);
        else if (a < 1e6) std::snprintf(buf, sizeof buf, "%.4gk", t / 1e3);
        else if (a < 1e9) std::snprintf(buf, sizeof buf, "%.4gM", t / 1e6);
        else std::snprintf(buf, sizeof buf, "%.4gG", t / 1e9);
    }
    return buf;
}

double axis_step(double px_per_tick, double target_px) {
    if (px_per_tick <= 0) return 1;
    const double raw = target_px / px_per_tick;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw) return m * p;
    return 10 * p;
}

}  // namespace forklab::lanes
