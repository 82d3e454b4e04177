#include "ui/timeline_view.h"

#include "ui/process_colors.h"
#include "ui/ui_text.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace forklab::ui {

using lanes::LaneState;

// The time cursor: a colour no state, overlay or marker uses.
static const ImU32 kCursorColor = IM_COL32(90, 200, 255, 230);

ImU32 state_color(LaneState s) {
    switch (s) {
        case LaneState::created: return IM_COL32(70, 84, 110, 255);
        case LaneState::ready: return IM_COL32(125, 125, 125, 255);
        case LaneState::running: return IM_COL32(60, 175, 80, 255);
        case LaneState::blocked: return IM_COL32(230, 125, 35, 255);
        case LaneState::exited: return IM_COL32(48, 48, 52, 255);
    }
    return IM_COL32(255, 0, 255, 255);
}

// The legend's words for a state, in the viewer's language (ui/ui_text.h).
static const char* lane_state_text(LaneState s) {
    switch (s) {
        case LaneState::created: return tr(Text::state_created);
        case LaneState::ready: return tr(Text::state_ready);
        case LaneState::running: return tr(Text::state_running);
        case LaneState::blocked: return tr(Text::state_blocked);
        case LaneState::exited: return tr(Text::state_exited);
    }
    return lanes::state_label(s);
}

static void legend_item(LaneState s) {
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + h, p.y + h - 2),
                                              state_color(s), 2.0f);
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted(lane_state_text(s));
    ImGui::SameLine(0, 12);
}

void TimelineView::draw(const std::vector<lanes::Lane>& lane_list, uint64_t end, TimeUnit unit,
                        const Trace* trace, bool live) {
    // [SECTION] toolbar and legend
    if (ImGui::SmallButton(tr(Text::tl_fit))) follow_ = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Text::tl_fit_tip));
    ImGui::SameLine(0, 16);
    for (LaneState s : {LaneState::running, LaneState::ready, LaneState::blocked,
                        LaneState::exited, LaneState::created})
        legend_item(s);
    if (overlays_) TimelineOverlays::draw_legend();
    ImGui::TextDisabled("%s", tr(Text::tl_hint));
    if (trace && trace->dropped_events) {
        ImGui::SameLine(0, 16);
        ImGui::TextColored(ImVec4(1.0f, 0.6f, 0.2f, 1.0f), "trace cap");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%llu events past the run's trace cap were not kept;\n"
                              "process states after the red line are not recorded\n"
                              "(shaded); starts and exits still are.",
                              (unsigned long long)trace->dropped_events);
    }

    const ImGuiStyle& style = ImGui::GetStyle();
    const float line_h = ImGui::GetTextLineHeight();
    const float axis_h = line_h + 8;
    const float lane_h = line_h + 8;
    const float label_w = std::min(ImGui::GetFontSize() * 10.0f,
                                   ImGui::GetContentRegionAvail().x * 0.35f);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (avail.x < label_w + 20 || avail.y < axis_h + lane_h) return;

    // The visible time range: follow the whole run until the user zooms or pans.
    const double t_end = std::max<double>((double)end, 1.0);
    if (follow_) {
        t0_ = 0;
        t1_ = t_end;
    }
    const float scrollbar = style.ScrollbarSize;
    const float plot_w = std::max(10.0f, avail.x - label_w - scrollbar);
    double ppt = plot_w / std::max(t1_ - t0_, 1e-9);

    ImGuiIO& io = ImGui::GetIO();
    // Zoom and pan, shared by the axis strip and the lanes.
    auto interact = [&](float plot_x0) {
        const bool hovered = ImGui::IsItemHovered();
        if (hovered && io.MouseWheel != 0.0f) {
            const double mx = std::clamp((double)(io.MousePos.x - plot_x0), 0.0, (double)plot_w);
            const double tm = t0_ + mx / ppt;
            double span = (t1_ - t0_) * std::pow(0.8, (double)io.MouseWheel);
            span = std::clamp(span, 4.0, t_end * 4.0);
            t0_ = tm - mx / plot_w * span;
            t1_ = t0_ + span;
            follow_ = false;
            ppt = plot_w / (t1_ - t0_);
        }
        if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f) &&
            io.MouseDelta.x != 0.0f) {
            const double dt = io.MouseDelta.x / ppt;
            t0_ -= dt;
            t1_ -= dt;
            follow_ = false;
        }
        if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) follow_ = true;
    };

    // [SECTION] time axis
    const ImVec2 axis_p = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##axis", ImVec2(avail.x, axis_h));
    const float plot_x0 = axis_p.x + label_w;
    interact(plot_x0);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 axis_col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    dl->AddText(ImVec2(axis_p.x + 4, axis_p.y + 3), axis_col,
                tr(unit == TimeUnit::ticks ? Text::tl_time_ticks : Text::tl_time));
    {
        const double step = lanes::axis_step(ppt, 110.0);
        dl->PushClipRect(ImVec2(plot_x0, axis_p.y), ImVec2(plot_x0 + plot_w, axis_p.y + axis_h), true);
        for (double t = std::ceil(t0_ / step) * step; t <= t1_; t += step) {
            const float x = plot_x0 + (float)((t - t0_) * ppt);
            dl->AddLine(ImVec2(x, axis_p.y + axis_h - 6), ImVec2(x, axis_p.y + axis_h), axis_col);
            const std::string label = lanes::format_time(t, unit);
            dl->AddText(ImVec2(x + 3, axis_p.y + 2), text_col, label.c_str());
        }
        dl->PopClipRect();
        dl->AddLine(ImVec2(plot_x0, axis_p.y + axis_h - 1),
                    ImVec2(plot_x0 + plot_w, axis_p.y + axis_h - 1), axis_col);
    }

    // [SECTION] lanes (own child so many processes scroll under a fixed axis)
    ImGui::BeginChild("##lanes", ImVec2(avail.x, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float content_h = std::max(lane_h * (float)lane_list.size(), 1.0f);
    ImGui::InvisibleButton("##lanes_area", ImVec2(label_w + plot_w, content_h));
    const float lx0 = origin.x + label_w;
    interact(lx0);
    // Plain wheel zooms; keep a way to scroll many lanes: shift+wheel or the scrollbar.
    if (ImGui::IsItemHovered() && io.KeyShift && io.MouseWheel != 0.0f)
        ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseWheel * lane_h * 3);

    dl = ImGui::GetWindowDrawList();
    const ImVec2 clip_min = ImGui::GetWindowPos();
    const ImVec2 clip_max(clip_min.x + ImGui::GetWindowWidth(), clip_min.y + ImGui::GetWindowHeight());
    const ImVec2 mouse = io.MousePos;
    const bool lanes_hovered = ImGui::IsItemHovered();
    // A click (released within a few pixels of where it was pressed: else it was a pan)
    // places the cursor; a live run has no cursor, its end moves.
    if (lanes_hovered && !live && mouse.x >= lx0 && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
        io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < 9.0f) {
        const double t = t0_ + std::clamp((double)(mouse.x - lx0), 0.0, (double)plot_w) / ppt;
        cursor_ = (uint64_t)std::llround(std::clamp(t, 0.0, t_end));
    }
    if (lanes_hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) cursor_.reset();
    if (live) cursor_.reset();

    for (size_t i = 0; i < lane_list.size(); ++i) {
        const lanes::Lane& lane = lane_list[i];
        const float y = origin.y + lane_h * (float)i;
        if (y + lane_h < clip_min.y || y > clip_max.y) continue;
        if (i % 2 == 1)
            dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(lx0 + plot_w, y + lane_h),
                              IM_COL32(255, 255, 255, 10));
        std::string label = lane.name;
        if (lane.exited) label += "  [" + std::to_string(lane.exitcode) + "]";
        dl->PushClipRect(ImVec2(origin.x, y), ImVec2(lx0 - 4, y + lane_h), true);
        dl->AddText(ImVec2(origin.x + 4, y + 4),
                    lane.exited && lane.exitcode != 0 ? IM_COL32(255, 110, 110, 255)
                                                      : process_color(lane.proc.value),  // as in the output
                    label.c_str());
        dl->PopClipRect();

        lanes::visible_spans(lane.intervals, t0_, t1_, ppt, 3.0f, &spans_);
        dl->PushClipRect(ImVec2(lx0, y), ImVec2(lx0 + plot_w, y + lane_h), true);
        const lanes::Span* hovered_span = nullptr;
        for (const lanes::Span& s : spans_) {
            const float x0 = lx0 + s.x0;
            const float x1 = lx0 + std::max(s.x1, s.x0 + 1.0f);
            dl->AddRectFilled(ImVec2(x0, y + 3), ImVec2(x1, y + lane_h - 3), state_color(s.state));
            if (s.count > 1)  // merged slices: a lighter top edge says "more detail when zoomed"
                dl->AddLine(ImVec2(x0, y + 3), ImVec2(x1, y + 3), IM_COL32(255, 255, 255, 90));
            if (lanes_hovered && mouse.y >= y && mouse.y < y + lane_h && mouse.x >= x0 && mouse.x < x1)
                hovered_span = &s;
        }
        dl->PopClipRect();

        if (hovered_span && !ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
            const lanes::Span& s = *hovered_span;
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(lane.name.c_str());
            if (s.count > 1) {
                ImGui::Text("%u slices, mostly %s (zoom in for detail)", s.count,
                            lanes::state_label(s.state));
            } else {
                const lanes::Interval& iv = lane.intervals[s.first];
                ImGui::Text("%s", lanes::state_label(iv.state));
                if (iv.reason && trace && iv.reason <= trace->strings.size())
                    ImGui::Text("waiting for: %s", trace->strings[iv.reason - 1].c_str());
                ImGui::Text("%s .. %s  (%s)", lanes::format_time((double)iv.start, unit).c_str(),
                            lanes::format_time((double)iv.end, unit).c_str(),
                            lanes::format_time((double)(iv.end - iv.start), unit).c_str());
            }
            if (lane.exited) ImGui::Text("exit code %d", lane.exitcode);
            ImGui::EndTooltip();
        }
    }
    if (overlays_) {
        dl->PushClipRect(ImVec2(lx0, clip_min.y), ImVec2(lx0 + plot_w, clip_max.y), true);
        overlays_->draw(dl, lane_list, LaneGeometry{lx0, plot_w, origin.y, lane_h, t0_, t1_, (uint64_t)t_end});
        dl->PopClipRect();
    }
    if (cursor_ && (double)*cursor_ >= t0_ && (double)*cursor_ <= t1_) {
        const float x = lx0 + (float)(((double)*cursor_ - t0_) * ppt);
        dl->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + content_h), kCursorColor, 2.0f);
        const std::string label = lanes::format_time((double)*cursor_, unit);
        dl->AddText(ImVec2(x + 4, origin.y + 2), kCursorColor, label.c_str());
    }
    const double t_cap = trace ? (double)trace->states_complete_until : t_end;
    if (trace && trace->dropped_events && t_cap <= t1_) {
        // The backend stopped keeping state changes here: shade what follows, which only
        // shows the last known state of each process until its (always recorded) exit.
        const float x = lx0 + (float)((std::max(t_cap, t0_) - t0_) * ppt);
        const float x_end = lx0 + (float)((std::min(t_end, t1_) - t0_) * ppt);
        if (x_end > x)
            dl->AddRectFilled(ImVec2(x, origin.y), ImVec2(x_end, origin.y + content_h),
                              IM_COL32(20, 20, 20, 170));
        if (t_cap >= t0_) {
            dl->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + content_h),
                        IM_COL32(255, 80, 80, 220), 2.0f);
            dl->AddText(ImVec2(x + 4, origin.y + content_h - line_h), IM_COL32(255, 110, 110, 255),
                        "trace cap");
        }
    } else if (live && t_end >= t0_ && t_end <= t1_) {
        const float x = lx0 + (float)((t_end - t0_) * ppt);
        dl->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + content_h), IM_COL32(255, 255, 255, 160));
    }
    ImGui::EndChild();
}

}  // namespace forklab::ui
