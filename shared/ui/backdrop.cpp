#include "ui/backdrop.h"

#include "imgui.h"

namespace forklab::ui {

Rgba backdrop_colour() {
    // The clear colour the platforms used before the windows stopped drawing their own
    // background: keeps screenshots and the look as they were.
    constexpr float under[3] = {0.10f, 0.10f, 0.12f};
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    const float a = bg.w;
    return {bg.x * a + under[0] * (1 - a), bg.y * a + under[1] * (1 - a), bg.z * a + under[2] * (1 - a), 1.0f};
}

}  // namespace forklab::ui
