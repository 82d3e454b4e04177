// TraceRecorder: one scenario process's event buffer, for backends that run processes on
// several OS threads or OS processes (threads, fork). Each process appends to its own
// recorder without locking; the run-wide cap (RunLimits::max_trace_events) is shared through
// an EventBudget, an atomic counter that may live in ordinary memory (threads) or in a
// MAP_SHARED arena (fork). merge_recorders() builds the final time-sorted Trace.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trace/event.h"

namespace forklab {

// Counts events taken against the cap. Lock-free, so it works across fork()ed processes when
// placed in shared memory.
struct EventBudget {
    std::atomic<uint64_t> taken_detail{0};
    std::atomic<uint64_t> taken_structural{0};
    std::atomic<uint64_t> dropped{0};
    std::atomic<uint64_t> first_state_drop{UINT64_MAX};  // time of the first dropped state event
    TraceCaps caps{0, 0};  // set with trace_family_caps(RunLimits::max_trace_events)
    bool try_take(EventKind kind, uint64_t time) {
        if (event_is_lifecycle(kind)) return true;
        const bool detail = event_is_detail(kind);
        auto& taken = detail ? taken_detail : taken_structural;
        if (taken.fetch_add(1, std::memory_order_relaxed) < (detail ? caps.detail : caps.structural))
            return true;
        dropped.fetch_add(1, std::memory_order_relaxed);
        if (!detail) {
            uint64_t seen = first_state_drop.load(std::memory_order_relaxed);
            while (time < seen &&
                   !first_state_drop.compare_exchange_weak(seen, time, std::memory_order_relaxed)) {
            }
        }
        return false;
    }
    // try_take for a budget only one thread ever uses (the sim backend's World): the same
    // accounting with plain loads and stores, since a locked read-modify-write per event
    // was a tenth of the simulator's time in lock-heavy runs.
    bool try_take_unshared(EventKind kind, uint64_t time) {
        if (event_is_lifecycle(kind)) return true;
        const bool detail = event_is_detail(kind);
        auto& taken = detail ? taken_detail : taken_structural;
        const uint64_t n = taken.load(std::memory_order_relaxed);
        taken.store(n + 1, std::memory_order_relaxed);
        if (n < (detail ? caps.detail : caps.structural)) return true;
        dropped.store(dropped.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        if (!detail && time < first_state_drop.load(std::memory_order_relaxed))
            first_state_drop.store(time, std::memory_order_relaxed);
        return false;
    }
};

class TraceRecorder {
public:
    TraceRecorder() = default;
    TraceRecorder(ProcId proc, EventBudget* budget) : proc_(proc), budget_(budget) {}

    // Records one event for this recorder's process (null budget: recording is off).
    void record(uint64_t time, EventKind kind, uint32_t object = 0, int64_t value = 0,
                std::string_view text = {});
    // The same for an event of another process that cannot record it itself (a child killed
    // by a signal: its parent records its exit).
    void record_as(ProcId who, uint64_t time, EventKind kind, uint32_t object = 0,
                   int64_t value = 0, std::string_view text = {});

    // A shared read or write of cell `index` of block `block` (TraceEvent::cell).
    void record_shared(uint64_t time, EventKind kind, uint32_t block, size_t index, int64_t value) {
        const size_t before = events.size();
        record(time, kind, block, value);
        if (events.size() > before) events.back().cell = trace_cell(index);
    }

    ProcId proc() const { return proc_; }
    std::vector<TraceEvent> events;
    std::vector<std::string> strings;  // TraceEvent::text indexes into this (index+1)

private:
    ProcId proc_;
    EventBudget* budget_ = nullptr;
};

// Appends the recorders' events into `trace` (re-interning their strings) and stable-sorts
// all events by time. Order among equal times: recorder order, then recording order.
void merge_recorders(Trace& trace, const std::vector<const TraceRecorder*>& recorders);

}  // namespace forklab
