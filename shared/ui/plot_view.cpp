#include "ui/plot_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

namespace forklab::ui {

namespace {

const ImU32 kPalette[] = {IM_COL32(86, 180, 233, 255), IM_COL32(230, 159, 0, 255),
                          IM_COL32(0, 158, 115, 255), IM_COL32(204, 121, 167, 255),
                          IM_COL32(240, 228, 66, 255), IM_COL32(213, 94, 0, 255)};
const ImU32 kIdeal = IM_COL32(170, 170, 170, 255);
const ImU32 kAxis = IM_COL32(200, 200, 200, 255);
const ImU32 kGrid = IM_COL32(255, 255, 255, 28);
const ImU32 kText = IM_COL32(220, 220, 220, 255);

bool is_ideal_series(const BenchPlot& plot, const PlotSeries& s) {
    return plot.id == "speedup" && s.name == "ideal";  // drawn as the y = x line instead
}

// The data extent of one axis; log axes see only positive values.
struct Extent {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(AxisScale scale, double v) {
        if (!std::isfinite(v) || (scale != AxisScale::linear && v <= 0)) return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    bool empty() const { return lo > hi; }
};

void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col) {
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1) return;
    const float dash = 6, gap = 4;
    for (float t = 0; t < len; t += dash + gap) {
        const float e = std::min(t + dash, len);
        dl->AddLine(ImVec2(a.x + dx * t / len, a.y + dy * t / len),
                    ImVec2(a.x + dx * e / len, a.y + dy * e / len), col, 1.5f);
    }
}

}  // namespace

void draw_plot(const BenchPlot& plot, ImVec2 size) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::PushID(plot.id.c_str());
    ImGui::InvisibleButton("plot", size);
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fh = ImGui::GetFontSize();

    // Frame: title on top, y label under it, x ticks and label at the bottom.
    const ImVec2 p0(origin.x + fh * 4.5f, origin.y + fh * 3.2f);
    const ImVec2 p1(origin.x + size.x - fh, origin.y + size.y - fh * 3.0f);
    dl->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32(30, 30, 36, 255), 4);
    dl->AddText(ImVec2(origin.x + fh * 0.6f, origin.y + fh * 0.3f), kText, plot.title.c_str());
    dl->AddText(ImVec2(origin.x + fh * 0.6f, origin.y + fh * 1.6f), kText, plot.y_label.c_str());
    if (p1.x - p0.x < 40 || p1.y - p0.y < 40) return;

    Extent ex, ey;
    bool ideal = plot.id == "speedup";
    bool any_points = false;
    bool whole_x = true;  // processes, threads: no tick at 1.5
    for (const PlotSeries& s : plot.series) {
        if (is_ideal_series(plot, s)) continue;
        for (const PlotPoint& p : s.points) {
            ex.add(plot.x_scale, p.x);
            whole_x = whole_x && p.x == std::floor(p.x);
            ey.add(plot.y_scale, p.y);
            any_points = true;
        }
    }
    if (ideal && !ex.empty()) {  // y = x must fit too
        ey.add(plot.y_scale, ex.lo);
        ey.add(plot.y_scale, ex.hi);
    }
    const AxisRange rx = ex.empty() ? axis_range(plot.x_scale, 1, 2) : axis_range(plot.x_scale, ex.lo, ex.hi);
    const AxisRange ry = ey.empty() ? axis_range(plot.y_scale, 1, 2) : axis_range(plot.y_scale, ey.lo, ey.hi);
    auto to_screen = [&](double x, double y) {
        const double fx = axis_fraction(plot.x_scale, rx, x), fy = axis_fraction(plot.y_scale, ry, y);
        return ImVec2(p0.x + (float)fx * (p1.x - p0.x), p1.y - (float)fy * (p1.y - p0.y));
    };

    // Ticks and grid.
    const int max_x_ticks = std::max(2, (int)((p1.x - p0.x) / (fh * 3.5f)));
    const int max_y_ticks = std::max(2, (int)((p1.y - p0.y) / (fh * 3.5f)));
    for (const AxisTick& t : axis_ticks(plot.x_scale, rx, max_x_ticks, whole_x)) {
        const float x = to_screen(t.value, ry.lo).x;
        dl->AddLine(ImVec2(x, p0.y), ImVec2(x, p1.y), kGrid);
        dl->AddLine(ImVec2(x, p1.y), ImVec2(x, p1.y + 4), kAxis);
        const ImVec2 ts = ImGui::CalcTextSize(t.label.c_str());
        dl->AddText(ImVec2(x - ts.x / 2, p1.y + 6), kText, t.label.c_str());
    }
    for (const AxisTick& t : axis_ticks(plot.y_scale, ry, max_y_ticks)) {
        const float y = to_screen(rx.lo, t.value).y;
        dl->AddLine(ImVec2(p0.x, y), ImVec2(p1.x, y), kGrid);
        dl->AddLine(ImVec2(p0.x - 4, y), ImVec2(p0.x, y), kAxis);
        const ImVec2 ts = ImGui::CalcTextSize(t.label.c_str());
        dl->AddText(ImVec2(p0.x - 6 - ts.x, y - ts.y / 2), kText, t.label.c_str());
    }
    dl->AddLine(ImVec2(p0.x, p1.y), ImVec2(p1.x, p1.y), kAxis, 1.5f);
    dl->AddLine(ImVec2(p0.x, p0.y), ImVec2(p0.x, p1.y), kAxis, 1.5f);
    const ImVec2 xl = ImGui::CalcTextSize(plot.x_label.c_str());
    dl->AddText(ImVec2((p0.x + p1.x - xl.x) / 2, p1.y + fh * 1.6f), kText, plot.x_label.c_str());

    dl->PushClipRect(ImVec2(p0.x - 5, p0.y - 5), ImVec2(p1.x + 5, p1.y + 5), true);
    if (ideal && !ex.empty()) {
        // The ideal line over the whole visible x range, clipped to the y range.
        const double a = std::max(rx.lo, ry.lo), b = std::min(rx.hi, ry.hi);
        if (b > a) dashed_line(dl, to_screen(a, a), to_screen(b, b), kIdeal);
    }
    // Lines, markers, and the point nearest the mouse (within a few pixels) for the tooltip.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    float best = (fh * 0.8f) * (fh * 0.8f);
    const PlotSeries* hit_series = nullptr;
    PlotPoint hit_point;
    ImVec2 hit_at;
    std::vector<ImVec2> line;
    int colour = 0;
    for (const PlotSeries& s : plot.series) {
        if (is_ideal_series(plot, s)) continue;
        const ImU32 col = kPalette[colour++ % (int)(sizeof kPalette / sizeof kPalette[0])];
        line.clear();
        for (const PlotPoint& p : s.points) {
            if (plot.x_scale != AxisScale::linear && p.x <= 0) continue;
            if (plot.y_scale != AxisScale::linear && p.y <= 0) continue;
            line.push_back(to_screen(p.x, p.y));
            const float dx = line.back().x - mouse.x, dy = line.back().y - mouse.y;
            if (hovered && dx * dx + dy * dy < best) {
                best = dx * dx + dy * dy;
                hit_series = &s;
                hit_point = p;
                hit_at = line.back();
            }
        }
        if (line.size() >= 2) dl->AddPolyline(line.data(), (int)line.size(), col, ImDrawFlags_None, 2.0f);
        for (const ImVec2& q : line) dl->AddCircleFilled(q, 3.5f, col);
    }
    dl->PopClipRect();
    if (!any_points) {
        const char* msg = "no points: the experiments of this plot did not run";
        const ImVec2 ts = ImGui::CalcTextSize(msg);
        dl->AddText(ImVec2((p0.x + p1.x - ts.x) / 2, (p0.y + p1.y - ts.y) / 2), kText, msg);
    }

    // Legend, top left inside the plot area.
    ImVec2 lp(p0.x + fh * 0.6f, p0.y + fh * 0.4f);
    colour = 0;
    auto legend_row = [&](const char* name, ImU32 col, bool dashed) {
        if (dashed) dashed_line(dl, ImVec2(lp.x, lp.y + fh / 2), ImVec2(lp.x + fh * 1.6f, lp.y + fh / 2), col);
        else dl->AddLine(ImVec2(lp.x, lp.y + fh / 2), ImVec2(lp.x + fh * 1.6f, lp.y + fh / 2), col, 2.0f);
        dl->AddText(ImVec2(lp.x + fh * 2.0f, lp.y), kText, name);
        lp.y += fh * 1.3f;
    };
    for (const PlotSeries& s : plot.series) {
        if (is_ideal_series(plot, s)) continue;
        const ImU32 col = kPalette[colour++ % (int)(sizeof kPalette / sizeof kPalette[0])];
        const std::string name = s.points.empty() ? s.name + " (not run)" : s.name;
        legend_row(name.c_str(), col, false);
    }
    if (ideal) legend_row("ideal (y = x)", kIdeal, true);

    if (hit_series) {
        dl->AddCircle(hit_at, 6.0f, IM_COL32_WHITE, 0, 1.5f);
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(hit_series->name.c_str());
        ImGui::Text("%s: %s", plot.x_label.c_str(), format_value(hit_point.x).c_str());
        ImGui::Text("%s: %s", plot.y_label.c_str(), format_value(hit_point.y).c_str());
        ImGui::EndTooltip();
    }
}

void draw_bench_window(const BenchResults& results, const std::string& file_name) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus |
                                   ImGuiWindowFlags_NoBackground;  // ui/backdrop.h
    ImGui::Begin("forklab bench", nullptr, flags);
    ImGui::PopStyleVar();

    ImGui::Text("%s: forklab %s, %s backend, %d cores%s%s, scale %s%s", file_name.c_str(),
                results.forklab_version.c_str(), results.backend.c_str(), results.cores,
                results.cpu.empty() ? "" : ", ", results.cpu.c_str(),
                format_value(results.scale).c_str(),
                results.interrupted ? " (interrupted)" : results.complete ? "" : " (some experiments did not run)");
    ImGui::Separator();

    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const int n = std::max(1, (int)results.plots.size());
    // Side by side on a wide window, stacked on a narrow one.
    const bool wide = avail.x > avail.y * 1.2f;
    const ImVec2 each = wide ? ImVec2((avail.x - style.ItemSpacing.x * (n - 1)) / n, avail.y)
                             : ImVec2(avail.x, (avail.y - style.ItemSpacing.y * (n - 1)) / n);
    for (size_t i = 0; i < results.plots.size(); ++i) {
        if (i > 0 && wide) ImGui::SameLine();
        draw_plot(results.plots[i], ImVec2(std::max(each.x, 100.0f), std::max(each.y, 100.0f)));
    }
    if (results.plots.empty()) ImGui::TextUnformatted("This file has no plots.");
    ImGui::End();
}

}  // namespace forklab::ui
