// What the two Inspectors (the simulator's live one, inspector_panel.cpp, and a trace's at a
// moment, trace_inspector_panel.cpp) draw alike: the lock colours, tables, header rows and
// the counted section headers, so that both read as one panel.
#pragma once
#include <cstddef>
#include <initializer_list>

#include "imgui.h"
#include "ui/ui_text.h"

namespace forklab::ui::inspector {

inline const ImVec4 kHeld(1.0f, 0.55f, 0.3f, 1.0f);
inline const ImVec4 kFree(0.55f, 0.85f, 0.55f, 1.0f);

bool begin_table(const char* id, int columns);
void header_row(std::initializer_list<Text> columns);
// A section header with the number of objects in it, open the first time it has any (an
// empty section is a plain line, so its header first appears, open, when objects exist).
// `id` keeps the headers of the two panels apart in ImGui's state.
bool section(Text title, size_t n, const char* id);

}  // namespace forklab::ui::inspector
