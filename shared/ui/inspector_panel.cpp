#include "ui/inspector_panel.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "imgui.h"
#include "ui/process_colors.h"
#include "ui/inspector_widgets.h"
#include "ui/ui_text.h"

namespace forklab::ui {

namespace {

using inspector::begin_table;
using inspector::header_row;
using inspector::kFree;
using inspector::kHeld;

const char* state_text(SimProcState s) {
    switch (s) {
        case SimProcState::ready: return tr(Text::state_ready);
        case SimProcState::running: return tr(Text::state_running);
        case SimProcState::blocked: return tr(Text::state_blocked);
        case SimProcState::exited: return tr(Text::state_exited);
    }
    return "";
}

const char* or_unnamed(const std::string& s) { return s.empty() ? tr(Text::unnamed) : s.c_str(); }

// A list of names on one line ("Process-1, Process-2"), or a dash.
std::string joined(const std::vector<std::string>& names) {
    std::string s;
    for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
    return s.empty() ? "-" : s;
}


void draw_shared(const SimInspection& in) {
    if (!begin_table("##shared", 3)) return;
    header_row({Text::col_name, Text::col_type, Text::col_value});
    for (const InspectedShared& s : in.shared) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(or_unnamed(s.name));
        ImGui::TableNextColumn();
        ImGui::Text("%s('%c')%s", s.is_array ? "Array" : "Value", s.typecode, s.lock ? "" : " raw");
        ImGui::TableNextColumn();
        std::string v;
        if (s.is_array) v = "[";
        for (size_t i = 0; i < s.cells.size() && v.size() < 400; ++i)
            v += (i ? ", " : "") + cell_text(s.cells[i]);
        if (s.is_array) v += v.size() >= 400 ? ", ...]" : "]";
        ImGui::TextUnformatted(v.c_str());
    }
    ImGui::EndTable();
}

void draw_locks(const SimInspection& in) {
    if (!begin_table("##locks", 4)) return;
    header_row({Text::col_name, Text::col_state, Text::col_owner, Text::col_waiters});
    for (const InspectedLock& l : in.locks) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%s%s", or_unnamed(l.name), l.kind == LockKind::rlock ? " (RLock)" : "");
        ImGui::TableNextColumn();
        ImGui::TextColored(l.held ? kHeld : kFree, "%s", tr(l.held ? Text::held : Text::free_));
        ImGui::TableNextColumn();
        if (l.held) {
            ImGui::TextColored(process_color_v(l.owner.value), "%s", l.owner_name.c_str());
            if (l.depth > 1) {
                ImGui::SameLine();
                ImGui::TextDisabled("x%u", l.depth);
            }
        } else {
            ImGui::TextDisabled("-");
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(joined(l.waiters).c_str());
    }
    ImGui::EndTable();
}

void draw_queues(const SimInspection& in) {
    if (!begin_table("##queues", 4)) return;
    header_row({Text::col_name, Text::col_items, Text::col_contents, Text::col_waiters});
    for (const InspectedQueue& q : in.queues) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(or_unnamed(q.name));
        ImGui::TableNextColumn();
        if (q.maxsize) ImGui::Text("%zu / %zu", q.items, q.maxsize);
        else ImGui::Text("%zu", q.items);
        ImGui::TableNextColumn();
        std::string c;
        for (const std::string& item : q.contents) c += (c.empty() ? "" : "  |  ") + item;
        if (q.items > q.contents.size()) c += "  ...";
        ImGui::TextWrapped("%s", c.empty() ? "-" : c.c_str());
        ImGui::TableNextColumn();
        std::string w;
        if (!q.waiting_get.empty()) w += "get: " + joined(q.waiting_get);
        if (!q.waiting_put.empty()) w += (w.empty() ? "" : "; ") + std::string("put: ") + joined(q.waiting_put);
        ImGui::TextUnformatted(w.empty() ? "-" : w.c_str());
    }
    ImGui::EndTable();
}

void draw_pipes(const SimInspection& in) {
    if (!begin_table("##pipes", 4)) return;
    header_row({Text::col_name, Text::col_process, Text::col_contents, Text::col_waiters});
    for (const InspectedPipe& p : in.pipes) {
        for (const InspectedPipeEnd& e : p.end) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%s", or_unnamed(e.name));
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Pipe %u%s, end %u", p.id, p.duplex ? "" : " (duplex=False)", e.conn);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(joined(e.holders).c_str());
            ImGui::TableNextColumn();
            std::string c;
            for (const std::string& m : e.inbox) c += (c.empty() ? "" : "  |  ") + m;
            if (e.messages > e.inbox.size()) c += "  ...";
            if (e.messages) ImGui::TextWrapped("%zu: %s", e.messages, c.c_str());
            else ImGui::TextDisabled("-");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(joined(e.waiting).c_str());
        }
    }
    ImGui::EndTable();
}

void draw_variables(const SimInspection& in) {
    for (const InspectedProcess& p : in.processes) {
        ImGui::PushID((int)p.id.value);
        char title[160];
        if (p.state == SimProcState::exited)
            std::snprintf(title, sizeof title, "%s  (%s, %d)###proc", p.name.c_str(), state_text(p.state), p.exit_code);
        else
        {
            char at[40];
            std::snprintf(at, sizeof at, tr(Text::at_line), p.line);
            std::snprintf(title, sizeof title, "%s  (%s, %s)###proc", p.name.c_str(), state_text(p.state), at);
        }
        ImGui::PushStyleColor(ImGuiCol_Text, process_color(p.id.value));
        const bool open = ImGui::TreeNodeEx(title, ImGuiTreeNodeFlags_DefaultOpen);
        ImGui::PopStyleColor();
        if (open) {
            if (p.variables.empty()) {
                ImGui::TextDisabled("-");
            } else if (begin_table("##vars", 3)) {
                header_row({Text::col_scope, Text::col_name, Text::col_value});
                for (const Interp::Variable& v : p.variables) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    ImGui::TextDisabled("%s", v.scope.empty() ? tr(Text::global_scope) : v.scope.c_str());
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(v.name.c_str());
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(v.value.c_str());
                }
                ImGui::EndTable();
            }
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
}


}  // namespace

std::string cell_text(const Scalar& s) {
    if (!s.is_float) return std::to_string(s.i);
    // The shortest digits that read back as the same double, as CPython's repr writes them.
    char buf[40];
    for (int prec = 1; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, s.f);
        if (std::strtod(buf, nullptr) == s.f) break;
    }
    std::string t = buf;
    if (t.find_first_of(".eni") == std::string::npos) t += ".0";
    return t;
}

void draw_inspector(const SimInspection& in) {
    if (inspector::section(Text::shared_memory, in.shared.size(), "sim")) draw_shared(in);
    if (inspector::section(Text::locks, in.locks.size(), "sim")) draw_locks(in);
    if (inspector::section(Text::queues, in.queues.size(), "sim")) draw_queues(in);
    if (inspector::section(Text::pipes, in.pipes.size(), "sim")) draw_pipes(in);
    if (inspector::section(Text::variables, in.processes.size(), "sim")) draw_variables(in);
}

}  // namespace forklab::ui
