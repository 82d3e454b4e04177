// The Inspector tab for a run known only from its trace (a fork or threads run, a trace file
// opened, or a moment of a finished sim run picked on the timeline): what trace/trace_state.h
// reconstructs at one moment, in the sections of the simulator's Inspector (inspector_panel.h)
// that a trace can fill. Internal to shared/ui.
#pragma once
#include "trace/trace_state.h"

namespace forklab::ui {

// Draws `m` into the current window's remaining space; `at_cursor`: the moment is the
// timeline's cursor (else the end of the run). `trace` resolves block reasons.
void draw_trace_inspector(const TraceMoment& m, const Trace& trace, bool at_cursor);

}  // namespace forklab::ui
