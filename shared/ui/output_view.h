// Program output coloured by the process that wrote it (ui/process_colors.h), stderr in red,
// in the order written. The chunks come from the live sink during a run and from the trace's
// stdout/stderr events afterwards (so a replayed fork trace reads the same). Internal to
// shared/ui.
#pragma once
#include <string>
#include <vector>

#include "runtime/host.h"
#include "trace/event.h"

namespace forklab::ui {

struct OutputChunk {
    ProcId proc;
    Stream stream = Stream::out;
    std::string text;
};

// Appends `text` to the last chunk when it has the same process and stream.
void append_output(std::vector<OutputChunk>& chunks, ProcId proc, Stream stream, std::string_view text);
// The output a trace recorded, as chunks (empty when the trace has no output events).
std::vector<OutputChunk> output_of(const Trace& trace);
// Draws the chunks into the current window; `processes` names the processes for the legend.
void draw_output(const std::vector<OutputChunk>& chunks, const std::vector<ProcessInfo>& processes);

}  // namespace forklab::ui
