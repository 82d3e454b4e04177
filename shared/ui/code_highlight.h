// Python syntax colouring for the code panel. The editor is an ImGui multiline input drawn
// with transparent text; this draws the same text again, token by token in colour, at the
// same positions (one line = one text line height, x advanced by the font's own widths).
// A line-by-line scanner is enough for the course's scenarios: keywords, builtins, strings
// (including triple-quoted ones spanning lines), numbers and comments.
#pragma once
#include <string_view>

#include "imgui.h"

namespace forklab::ui {

// Draws `source` with its first line's top-left at `origin`, skipping lines outside
// [clip_y0, clip_y1].
void draw_python_source(ImDrawList* dl, ImVec2 origin, float line_h, std::string_view source,
                        float clip_y0, float clip_y1);

}  // namespace forklab::ui
