#include "ui/timeline_overlays.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "ui/process_colors.h"

namespace forklab::ui {

namespace {

// One colour per lock (or thread), away from the lane state colours.
ImU32 object_color(uint32_t id, int alpha = 255) {
    static const ImU32 kHue[] = {IM_COL32(204, 121, 167, 255), IM_COL32(86, 180, 233, 255),
                                 IM_COL32(240, 228, 66, 255), IM_COL32(0, 158, 115, 255),
                                 IM_COL32(213, 94, 0, 255), IM_COL32(0, 114, 178, 255)};
    const ImU32 c = kHue[id % (sizeof kHue / sizeof kHue[0])];
    return (c & 0x00FFFFFFu) | ((ImU32)alpha << IM_COL32_A_SHIFT);
}

constexpr ImU32 kArrow = IM_COL32(235, 235, 235, 200);

// A one-pixel outline as four filled strips: 8 triangles where ImGui's anti-aliased stroke
// makes 24, and the same crisp pixels for an axis-aligned box.
void outline_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col) {
    if (b.x - a.x <= 2 || b.y - a.y <= 2) {
        dl->AddRectFilled(a, b, col);
        return;
    }
    dl->AddRectFilled(a, ImVec2(b.x, a.y + 1), col);
    dl->AddRectFilled(ImVec2(a.x, b.y - 1), b, col);
    dl->AddRectFilled(ImVec2(a.x, a.y + 1), ImVec2(a.x + 1, b.y - 1), col);
    dl->AddRectFilled(ImVec2(b.x - 1, a.y + 1), ImVec2(b.x, b.y - 1), col);
}

bool is_state_event(EventKind k) {
    return k == EventKind::proc_running || k == EventKind::proc_ready ||
           k == EventKind::proc_blocked || k == EventKind::thread_switch ||
           k == EventKind::lock_wait;
}

void close_open(std::vector<TimelineOverlays::Interval>& v, uint64_t t) {
    if (!v.empty() && v.back().t1 == UINT64_MAX) v.back().t1 = t;
}

}  // namespace

void TimelineOverlays::reset() {
    trace_ = nullptr;
    consumed_ = 0;
    procs_.clear();
    flows_.clear();
    max_latency_ = 0;
    in_flight_.clear();
    held_.clear();
}

TimelineOverlays::PerProc& TimelineOverlays::proc(uint32_t p) {
    if (p >= procs_.size()) procs_.resize(p + 1);
    return procs_[p];
}

const std::vector<TimelineOverlays::Interval>& TimelineOverlays::holds(uint32_t p) const {
    static const std::vector<Interval> kNone;
    return p < procs_.size() ? procs_[p].holds : kNone;
}
const std::vector<TimelineOverlays::Interval>& TimelineOverlays::waits(uint32_t p) const {
    static const std::vector<Interval> kNone;
    return p < procs_.size() ? procs_[p].waits : kNone;
}

void TimelineOverlays::update(const Trace& trace) {
    if (&trace != trace_ || trace.events.size() < consumed_) {
        reset();
        trace_ = &trace;
    }
    for (; consumed_ < trace.events.size(); ++consumed_) event(trace.events[consumed_]);
}

void TimelineOverlays::event(const TraceEvent& e) {
    PerProc& p = proc(e.proc.value);
    // A wait for a lock ends when the process gets it, or does anything else (a timed-out
    // acquire leaves no event of its own), as the trace writer reads it too.
    if (!is_state_event(e.kind) && e.kind != EventKind::lock_acquire) close_open(p.waits, e.time);
    switch (e.kind) {
        case EventKind::lock_wait:
            close_open(p.waits, e.time);
            p.waits.push_back({e.time, UINT64_MAX, e.object});
            break;
        case EventKind::lock_acquire: {
            close_open(p.waits, e.time);
            Holder& h = held_[e.object];
            if (h.depth++ == 0) {  // an RLock's nested acquires extend the same hold
                h.proc = e.proc.value;
                p.holds.push_back({e.time, UINT64_MAX, e.object});
                h.index = p.holds.size() - 1;
            }
            break;
        }
        case EventKind::lock_release: {
            // multiprocessing.Lock may be released by another process than its holder.
            auto it = held_.find(e.object);
            if (it == held_.end() || it->second.depth == 0) break;
            if (--it->second.depth == 0) {
                PerProc& owner = proc(it->second.proc);
                if (it->second.index < owner.holds.size()) owner.holds[it->second.index].t1 = e.time;
                held_.erase(it);
            }
            break;
        }
        case EventKind::thread_switch:
            p.has_threads = true;
            close_open(p.gil, e.time);
            p.gil.push_back({e.time, UINT64_MAX, e.object});
            break;
        case EventKind::msg_send:
        case EventKind::queue_put:
            in_flight_[e.value] = Sent{e.time, e.proc.value};
            break;
        case EventKind::msg_recv:
        case EventKind::queue_get: {
            auto it = in_flight_.find(e.value);
            if (it == in_flight_.end()) break;
            flows_.push_back({it->second.time, e.time, it->second.proc, e.proc.value,
                              e.kind == EventKind::queue_get});
            max_latency_ = std::max(max_latency_, e.time - it->second.time);
            in_flight_.erase(it);
            break;
        }
        case EventKind::proc_exited:
            close_open(p.gil, e.time);
            close_open(p.waits, e.time);
            break;
        default:
            break;
    }
}

void TimelineOverlays::draw_legend() {
    const float h = ImGui::GetTextLineHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(ImVec2(p.x, p.y + h - 6), ImVec2(p.x + h, p.y + h - 2), object_color(0));
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted("lock");
    ImGui::SameLine(0, 12);
    p = ImGui::GetCursorScreenPos();
    dl->AddLine(ImVec2(p.x, p.y + h * 0.5f), ImVec2(p.x + h, p.y + h * 0.5f), kArrow, 1.5f);
    dl->AddTriangleFilled(ImVec2(p.x + h, p.y + h * 0.5f), ImVec2(p.x + h - 5, p.y + h * 0.5f - 3),
                          ImVec2(p.x + h - 5, p.y + h * 0.5f + 3), kArrow);
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted("msg");
    ImGui::SameLine(0, 12);
}

void TimelineOverlays::draw(ImDrawList* dl, const std::vector<lanes::Lane>& lanes,
                            const LaneGeometry& g) const {
    if (g.t1 <= g.t0 || g.width <= 0) return;
    const double ppt = g.width / (g.t1 - g.t0);
    auto x_of = [&](double t) {
        return g.x0 + (float)std::clamp((t - g.t0) * ppt, -10.0, (double)g.width + 10.0);
    };
    const double px = 1.0 / ppt;  // one pixel in time
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    std::string tip;

    // Bars, per lane: first visible by binary search, then jump a pixel at a time. Bars of
    // one object that touch on screen are drawn as one rectangle: at a zoom where they are
    // a pixel apart they already look like one solid band, and a software renderer pays
    // per triangle (a 100,000-event trace zoomed out had thousands of them per lane).
    auto bars = [&](const std::vector<Interval>& v, float y0, float y1, bool outline, const char* what) {
        float run_a = 0, run_b = -1;  // the rectangle being gathered (run_b < run_a: none)
        uint32_t run_object = 0;
        int run_count = 0;
        auto flush = [&] {
            if (run_b < run_a) return;
            const ImU32 col = object_color(run_object, outline ? 230 : 255);
            if (outline && run_count == 1) outline_rect(dl, ImVec2(run_a, y0), ImVec2(run_b, y1), col);
            else dl->AddRectFilled(ImVec2(run_a, y0), ImVec2(run_b, y1), col);
            run_b = run_a - 1;
        };
        auto it = std::lower_bound(v.begin(), v.end(), g.t0, [](const Interval& a, double t) {
            return (double)a.t0 < t;
        });
        if (it != v.begin()) --it;  // the one before may still be open over t0
        while (it != v.end() && (double)it->t0 <= g.t1) {
            const double end = it->t1 == UINT64_MAX ? (double)g.end : (double)it->t1;
            if (end >= g.t0) {
                const float a = x_of((double)it->t0), b = std::max(x_of(end), a + 1.0f);
                if (run_b >= run_a && it->object == run_object && a <= run_b + 0.5f) {
                    run_b = std::max(run_b, b);
                    ++run_count;
                } else {
                    flush();
                    run_a = a, run_b = b, run_object = it->object, run_count = 1;
                }
                if (mouse.x >= a && mouse.x <= b && mouse.y >= y0 - 1 && mouse.y <= y1 + 1)
                    tip = std::string(what) + " " + std::to_string(it->object);
            }
            const double next = std::max(end, (double)it->t0 + px);
            auto jump = std::lower_bound(it + 1, v.end(), next, [](const Interval& a, double t) {
                return (double)a.t0 < t;
            });
            it = jump;
        }
        flush();
    };

    std::vector<int> row(procs_.size() + 1, -1);
    for (size_t i = 0; i < lanes.size(); ++i) {
        const uint32_t p = lanes[i].proc.value;
        if (p < row.size()) row[p] = (int)i;
        if (p >= procs_.size()) continue;
        const PerProc& pp = procs_[p];
        const float y = g.y0 + g.lane_h * (float)i;
        bars(pp.waits, y + 2, y + g.lane_h - 2, true, "waits for lock");
        bars(pp.holds, y + g.lane_h - 6, y + g.lane_h - 2, false, "holds lock");
        if (pp.has_threads) bars(pp.gil, y + 1, y + 4, false, "GIL: thread");
    }

    // Arrows: flows are sorted by receipt, so start at the first received after t0 and stop
    // once even the slowest message could not have been sent before t1.
    auto it = std::lower_bound(flows_.begin(), flows_.end(), g.t0, [](const Flow& f, double t) {
        return (double)f.received < t;
    });
    // An arrow that would cover the pixels of the last one drawn between the same two lanes
    // (zoomed out, thousands of messages share a pixel) is not drawn again: the same picture,
    // and the budget of kMaxArrows reaches further across the view.
    std::vector<LastArrow>& last = last_arrows_;
    last.clear();
    int drawn = 0;
    for (; it != flows_.end() && drawn < kMaxArrows; ++it) {
        if ((double)it->received - (double)max_latency_ > g.t1) break;
        if ((double)it->sent > g.t1) continue;
        const int rf = it->from < row.size() ? row[it->from] : -1;
        const int rt = it->to < row.size() ? row[it->to] : -1;
        if (rf < 0 || rt < 0) continue;
        const ImVec2 a(x_of((double)it->sent), g.y0 + g.lane_h * ((float)rf + 0.5f));
        const ImVec2 b(x_of((double)it->received), g.y0 + g.lane_h * ((float)rt + 0.5f));
        auto same_lanes = std::find_if(last.begin(), last.end(), [&](const LastArrow& l) {
            return l.from == rf && l.to == rt && l.queue == it->queue;
        });
        if (same_lanes == last.end()) {
            last.push_back(LastArrow{rf, rt, it->queue, a.x, b.x});
        } else if (std::fabs(same_lanes->a - a.x) < 0.5f && std::fabs(same_lanes->b - b.x) < 0.5f) {
            continue;
        } else {
            same_lanes->a = a.x, same_lanes->b = b.x;
        }
        const ImU32 col = it->queue ? IM_COL32(240, 228, 66, 200) : kArrow;
        dl->AddLine(a, b, col, 1.0f);  // a whole-pixel width: ImGui draws it as 2 triangles
        const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
        if (len > 6) {
            const float ux = dx / len, uy = dy / len;
            dl->AddTriangleFilled(b, ImVec2(b.x - ux * 7 - uy * 3.5f, b.y - uy * 7 + ux * 3.5f),
                                  ImVec2(b.x - ux * 7 + uy * 3.5f, b.y - uy * 7 - ux * 3.5f), col);
        }
        ++drawn;
    }
    if (drawn == kMaxArrows)
        dl->AddText(ImVec2(g.x0 + 4, g.y0 + 2), IM_COL32(230, 230, 230, 200), "zoom in for every message arrow");
    if (!tip.empty() && ImGui::IsWindowHovered()) ImGui::SetTooltip("%s", tip.c_str());
}

}  // namespace forklab::ui
