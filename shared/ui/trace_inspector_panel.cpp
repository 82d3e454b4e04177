#include "ui/trace_inspector_panel.h"

#include <cstdio>
#include <string>

#include "imgui.h"
#include "trace/trace_format.h"
#include "ui/process_colors.h"
#include "ui/inspector_widgets.h"
#include "ui/ui_text.h"

namespace forklab::ui {
namespace {

using inspector::begin_table;
using inspector::header_row;
using inspector::kFree;
using inspector::kHeld;



const std::string& proc_name(const TraceMoment& m, ProcId p) {
    static const std::string unknown = "?";
    return p.value < m.processes.size() ? m.processes[p.value].name : unknown;
}

void names(const TraceMoment& m, const std::vector<ProcId>& ps) {
    if (ps.empty()) {
        ImGui::TextDisabled("-");
        return;
    }
    for (size_t i = 0; i < ps.size(); ++i) {
        if (i) {
            ImGui::SameLine(0, 0);
            ImGui::TextUnformatted(", ");
            ImGui::SameLine(0, 0);
        }
        ImGui::TextColored(process_color_v(ps[i].value), "%s", proc_name(m, ps[i]).c_str());
    }
}

// One row per shared object: "5" for a Value (or an Array seen only at [0]), else
// "[0]=5  [3]=7" for the cells the trace saw.
void draw_cells(const TraceMoment& m) {
    if (!begin_table("##trace_shared", 3)) return;
    header_row({Text::col_name, Text::col_value, Text::col_reads_writes});
    for (size_t i = 0; i < m.cells.size();) {
        size_t j = i;
        uint64_t reads = 0, writes = 0;
        while (j < m.cells.size() && m.cells[j].object == m.cells[i].object) {
            reads += m.cells[j].reads;
            writes += m.cells[j].writes;
            ++j;
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("shared #%u", m.cells[i].object);
        ImGui::TableNextColumn();
        std::string v;
        if (j == i + 1 && m.cells[i].cell == 0) {
            v = std::to_string(m.cells[i].value);
        } else {
            for (size_t k = i; k < j && v.size() < 400; ++k) {
                const TracedCell& c = m.cells[k];
                v += k > i ? "  [" : "[";
                v += c.cell == kCellOverflow ? std::to_string(kCellOverflow) + "+" : std::to_string(c.cell);
                v += "]=" + std::to_string(c.value);
            }
            if (v.size() >= 400) v += "  ...";
        }
        ImGui::TextWrapped("%s", v.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%llu / %llu", (unsigned long long)reads, (unsigned long long)writes);
        i = j;
    }
    ImGui::EndTable();
}

void draw_locks(const TraceMoment& m) {
    if (!begin_table("##trace_locks", 5)) return;
    header_row({Text::col_name, Text::col_state, Text::col_holder, Text::col_waiters, Text::col_acquired});
    for (const TracedLock& l : m.locks) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("lock #%u", l.id);
        ImGui::TableNextColumn();
        const bool held = !l.holders.empty();
        ImGui::TextColored(held ? kHeld : kFree, "%s", tr(held ? Text::held : Text::free_));
        ImGui::TableNextColumn();
        names(m, l.holders);  // a name twice: an RLock taken twice
        ImGui::TableNextColumn();
        names(m, l.waiters);
        ImGui::TableNextColumn();
        ImGui::Text("%llu", (unsigned long long)l.acquisitions);
    }
    ImGui::EndTable();
}

void draw_queues(const TraceMoment& m) {
    if (!begin_table("##trace_queues", 3)) return;
    header_row({Text::col_name, Text::col_items, Text::col_put_got});
    for (const TracedQueue& q : m.queues) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("queue #%u", q.id);
        ImGui::TableNextColumn();
        ImGui::Text("%lld", (long long)q.items);
        ImGui::TableNextColumn();
        ImGui::Text("%llu / %llu", (unsigned long long)q.puts, (unsigned long long)q.gets);
    }
    ImGui::EndTable();
}

void draw_pipes(const TraceMoment& m) {
    if (!begin_table("##trace_pipes", 3)) return;
    header_row({Text::col_name, Text::col_sent, Text::col_in_flight});
    for (const TracedPipeEnd& p : m.pipes) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("conn #%u", p.conn);
        ImGui::TableNextColumn();
        ImGui::Text("%llu", (unsigned long long)p.sent);
        ImGui::TableNextColumn();
        ImGui::Text("%llu", (unsigned long long)p.in_flight);
    }
    ImGui::EndTable();
}

const char* state_text(const TracedProcess& p) {
    if (!p.exists) return tr(Text::not_started);
    switch (p.state) {
        case lanes::LaneState::created: return tr(Text::state_created);
        case lanes::LaneState::ready: return tr(Text::state_ready);
        case lanes::LaneState::running: return tr(Text::state_running);
        case lanes::LaneState::blocked: return tr(Text::state_blocked);
        case lanes::LaneState::exited: return tr(Text::state_exited);
    }
    return "";
}

void draw_processes(const TraceMoment& m, const Trace& trace) {
    if (!begin_table("##trace_procs", 3)) return;
    header_row({Text::col_process, Text::col_state, Text::col_detail});
    for (const TracedProcess& p : m.processes) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(process_color_v(p.id.value), "%s", p.name.c_str());
        ImGui::TableNextColumn();
        if (p.exists) ImGui::TextUnformatted(state_text(p));
        else ImGui::TextDisabled("%s", state_text(p));
        ImGui::TableNextColumn();
        char buf[256];
        if (p.exists && p.state == lanes::LaneState::exited) {
            std::snprintf(buf, sizeof buf, tr(Text::exit_code_is), p.exitcode);
            ImGui::TextUnformatted(buf);
        } else if (p.reason && p.reason <= trace.strings.size()) {
            std::snprintf(buf, sizeof buf, tr(Text::waiting_for), trace.strings[p.reason - 1].c_str());
            ImGui::TextWrapped("%s", buf);
        } else {
            ImGui::TextDisabled("-");
        }
    }
    ImGui::EndTable();
}

}  // namespace

void draw_trace_inspector(const TraceMoment& m, const Trace& trace, bool at_cursor) {
    char buf[256];
    std::snprintf(buf, sizeof buf, tr(at_cursor ? Text::trace_at_cursor : Text::trace_at_end),
                  lanes::format_time((double)m.time, trace.time_unit).c_str());
    ImGui::TextWrapped("%s", buf);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("%s", tr(Text::trace_known));
    ImGui::PopStyleColor();
    if (trace.dropped_events) {  // past the cap the values and holders stop changing
        std::snprintf(buf, sizeof buf, tr(Text::trace_cut), (unsigned long long)trace.dropped_events);
        ImGui::TextColored(ImVec4(1.0f, 0.6f, 0.2f, 1.0f), "%s", buf);
    }
    size_t objects = 0;  // cells come sorted by object
    for (size_t i = 0; i < m.cells.size(); ++i) objects += i == 0 || m.cells[i].object != m.cells[i - 1].object;
    if (inspector::section(Text::shared_memory, objects, "trace")) draw_cells(m);
    if (inspector::section(Text::locks, m.locks.size(), "trace")) draw_locks(m);
    if (inspector::section(Text::queues, m.queues.size(), "trace")) draw_queues(m);
    if (inspector::section(Text::trace_pipes, m.pipes.size(), "trace")) draw_pipes(m);
    if (inspector::section(Text::trace_processes, m.processes.size(), "trace")) draw_processes(m, trace);
}

}  // namespace forklab::ui
