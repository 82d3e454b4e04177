// One colour per scenario process, the same wherever a process is named (the timeline's lane
// labels, the output, the inspector), so a student can follow one process across the views.
// Okabe-Ito's colour-blind-safe palette, lightened for a dark background, then repeated.
#pragma once
#include <cstdint>

#include "imgui.h"

namespace forklab::ui {

inline ImU32 process_color(uint32_t proc) {
    static const ImU32 kPalette[] = {
        IM_COL32(230, 230, 230, 255),  // MainProcess: the default text colour, nearly
        IM_COL32(86, 180, 233, 255),   IM_COL32(240, 190, 60, 255),  IM_COL32(80, 200, 150, 255),
        IM_COL32(240, 228, 66, 255),   IM_COL32(100, 150, 240, 255), IM_COL32(235, 120, 40, 255),
        IM_COL32(220, 140, 190, 255),
    };
    constexpr uint32_t n = sizeof kPalette / sizeof kPalette[0];
    return proc < n ? kPalette[proc] : kPalette[1 + (proc - 1) % (n - 1)];
}
inline ImVec4 process_color_v(uint32_t proc) {
    return ImGui::ColorConvertU32ToFloat4(process_color(proc));
}

}  // namespace forklab::ui
