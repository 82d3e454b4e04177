#include "trace/trace_recorder.h"

#include <algorithm>

namespace forklab {

void TraceRecorder::record(uint64_t time, EventKind kind, uint32_t object, int64_t value,
                           std::string_view text) {
    record_as(proc_, time, kind, object, value, text);
}

void TraceRecorder::record_as(ProcId who, uint64_t time, EventKind kind, uint32_t object,
                              int64_t value, std::string_view text) {
    if (!budget_ || !budget_->try_take(kind, time)) return;
    TraceEvent e;
    e.time = time;
    e.proc = who;
    e.kind = kind;
    e.object = object;
    e.value = value;
    if (!text.empty()) {
        strings.emplace_back(text);
        e.text = (uint32_t)strings.size();
    }
    events.push_back(e);
}

void merge_recorders(Trace& trace, const std::vector<const TraceRecorder*>& recorders) {
    for (const TraceRecorder* r : recorders) {
        const uint32_t base = (uint32_t)trace.strings.size();
        trace.strings.insert(trace.strings.end(), r->strings.begin(), r->strings.end());
        for (TraceEvent e : r->events) {
            if (e.text) e.text += base;
            trace.events.push_back(e);
        }
    }
    std::stable_sort(trace.events.begin(), trace.events.end(),
                     [](const TraceEvent& a, const TraceEvent& b) { return a.time < b.time; });
}

}  // namespace forklab
