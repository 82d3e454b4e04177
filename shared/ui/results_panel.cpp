#include "ui/results_panel.h"

#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "ui/inspector_panel.h"
#include "ui/process_colors.h"
#include "ui/ui_text.h"

namespace forklab::ui {

namespace {
const ImVec4 kRed(1.0f, 0.42f, 0.42f, 1.0f);
const ImVec4 kGreen(0.45f, 0.9f, 0.45f, 1.0f);
}  // namespace

void ResultsPanel::clear() {
    counts_.clear();
    shared_.clear();
    have_state_ = false;
}

void ResultsPanel::set_run(const RunResult& r, const SimInspection* final_state) {
    clear();
    if (final_state) {
        shared_ = final_state->shared;
        have_state_ = true;
    }
    counts_ = count_shared_writes(r.trace);
}

void ResultsPanel::draw(const RunResult& r) const {
    // [SECTION] shared values: one row per object the state or the trace knows.
    size_t rows = have_state_ ? shared_.size() : 0;
    for (const SharedWriteCount& c : counts_) rows = std::max(rows, (size_t)c.object);
    if (rows > 0) {
        ImGui::TextUnformatted(tr(Text::final_shared));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Text::lost_explain));
        if (ImGui::BeginTable("##final_shared", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                                       ImGuiTableFlags_SizingStretchProp)) {
            for (Text t : {Text::col_name, Text::col_value, Text::col_writes, Text::col_lost})
                ImGui::TableSetupColumn(tr(t));
            ImGui::TableHeadersRow();
            for (uint32_t id = 1; id <= rows; ++id) {
                const InspectedShared* s = id <= shared_.size() ? &shared_[id - 1] : nullptr;
                const SharedWriteCount* c = nullptr;
                for (const SharedWriteCount& x : counts_)
                    if (x.object == id) c = &x;
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                if (s && !s->name.empty()) ImGui::TextUnformatted(s->name.c_str());
                else ImGui::Text("#%u", id);
                ImGui::TableNextColumn();
                if (s) {
                    std::string v = s->is_array ? "[" : "";
                    for (size_t i = 0; i < s->cells.size() && v.size() < 200; ++i)
                        v += (i ? ", " : "") + cell_text(s->cells[i]);
                    if (s->is_array) v += "]";
                    ImGui::TextUnformatted(v.c_str());
                } else {
                    ImGui::TextDisabled("-");
                }
                ImGui::TableNextColumn();
                // No recorded access: none, or none kept when the trace was cut.
                const char* unknown = r.trace.dropped_events ? "?" : "0";
                if (c) ImGui::Text("%llu", (unsigned long long)c->writes);
                else ImGui::TextDisabled("%s", unknown);
                ImGui::TableNextColumn();
                if (!c) {
                    ImGui::TextDisabled("-");
                } else {
                    ImGui::TextColored(c->lost ? kRed : kGreen, "%llu%s", (unsigned long long)c->lost,
                                       c->per_cell ? "" : " *");
                    if (ImGui::IsItemHovered())
                        ImGui::SetTooltip("%s%s", tr(Text::lost_explain),
                                          c->per_cell ? "" : "\n* An Array longer than the trace tells apart: its far cells counted as one.");
                }
            }
            ImGui::EndTable();
        }
        if (r.trace.dropped_events) ImGui::TextDisabled(tr(Text::trace_cut), (unsigned long long)r.trace.dropped_events);
        ImGui::Spacing();
    }

    // [SECTION] exit codes
    ImGui::TextColored(r.exit_status == 0 ? kGreen : kRed, tr(Text::exit_status), r.exit_status);
    ImGui::TextUnformatted(tr(Text::exit_codes));
    if (ImGui::BeginTable("##exit_codes", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                                 ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(tr(Text::col_process));
        ImGui::TableSetupColumn(tr(Text::col_exit));
        ImGui::TableHeadersRow();
        for (const ProcessInfo& p : r.trace.processes) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(process_color_v(p.id.value), "%s", p.name.c_str());
            ImGui::TableNextColumn();
            if (!p.exited) ImGui::TextDisabled("%s", tr(Text::still_running));
            else ImGui::TextColored(p.exitcode == 0 ? kGreen : kRed, "%d", p.exitcode);
        }
        ImGui::EndTable();
    }
}

}  // namespace forklab::ui
