// Line charts of bench results, drawn with ImDrawList (ImPlot is not packaged here): axes
// with ticks and labels in each axis's scale, one line per series with a legend, a tooltip
// with the value of the point under the mouse. The speed-up plot also draws the ideal
// speed-up y = x, dashed. The arithmetic lives in bench_results.h, where tests reach it.
#pragma once
#include <string>

#include "imgui.h"
#include "ui/bench_results.h"

namespace forklab::ui {

// One chart filling `size` (pixels) at the cursor, as an ImGui item.
void draw_plot(const BenchPlot& plot, ImVec2 size);

// The whole window for `forklab gui --bench FILE`: a header line about the run and every
// plot of the file, side by side. Call between ImGui::NewFrame() and ImGui::Render().
void draw_bench_window(const BenchResults& results, const std::string& file_name);

}  // namespace forklab::ui
