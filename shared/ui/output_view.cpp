#include "ui/output_view.h"

#include <set>

#include "imgui.h"
#include "ui/process_colors.h"

namespace forklab::ui {

void append_output(std::vector<OutputChunk>& chunks, ProcId proc, Stream stream, std::string_view text) {
    // Chunks stay below 64 KiB so that one ImGui text item never gets huge.
    if (chunks.empty() || chunks.back().proc != proc || chunks.back().stream != stream ||
        chunks.back().text.size() > 65536)
        chunks.push_back({proc, stream, std::string()});
    chunks.back().text.append(text);
}

std::vector<OutputChunk> output_of(const Trace& trace) {
    std::vector<OutputChunk> chunks;
    for (const TraceEvent& e : trace.events) {
        if (e.kind != EventKind::stdout_write && e.kind != EventKind::stderr_write) continue;
        if (const std::string* text = trace.text_of(e))
            append_output(chunks, e.proc, e.kind == EventKind::stderr_write ? Stream::err : Stream::out, *text);
    }
    return chunks;
}

void draw_output(const std::vector<OutputChunk>& chunks, const std::vector<ProcessInfo>& processes) {
    // Legend: the processes that wrote something, in their colours.
    std::set<uint32_t> writers;
    for (const OutputChunk& c : chunks) writers.insert(c.proc.value);
    if (writers.size() > 1) {
        for (uint32_t p : writers) {
            const char* name = p < processes.size() ? processes[p].name.c_str() : "?";
            ImGui::TextColored(process_color_v(p), "%s", name);
            ImGui::SameLine(0, 12);
        }
        ImGui::NewLine();
        ImGui::Separator();
    }
    for (const OutputChunk& c : chunks) {
        const ImVec4 col = c.stream == Stream::err ? ImVec4(1.0f, 0.42f, 0.42f, 1.0f) : process_color_v(c.proc.value);
        ImGui::PushStyleColor(ImGuiCol_Text, col);
        ImGui::TextUnformatted(c.text.data(), c.text.data() + c.text.size());
        ImGui::PopStyleColor();
    }
}

}  // namespace forklab::ui
