#include "ui/inspector_widgets.h"

#include <cstdio>

namespace forklab::ui::inspector {

bool begin_table(const char* id, int columns) {
    return ImGui::BeginTable(id, columns,
                             ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                 ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable);
}

void header_row(std::initializer_list<Text> columns) {
    for (Text t : columns) ImGui::TableSetupColumn(tr(t));
    ImGui::TableHeadersRow();
}

bool section(Text title, size_t n, const char* id) {
    if (n == 0) {
        ImGui::TextDisabled("   %s (0)", tr(title));
        return false;
    }
    char label[160];
    std::snprintf(label, sizeof label, "%s (%zu)###%s%d", tr(title), n, id, (int)title);
    ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    return ImGui::CollapsingHeader(label);
}

}  // namespace forklab::ui::inspector
