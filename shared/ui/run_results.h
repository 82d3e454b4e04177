// What the Results tab computes from a finished run, in plain C++ (no ImGui) so unit tests
// reach it: for each shared object, how many writes the run made and how many of them were
// lost updates, read from the trace's shared_read / shared_write events.
//
// A lost update, generically: a write whose effect does not reach the final value. Each write
// derives from what its process last read of the object (a read-modify-write such as
// `v.value += 1`), so the final value derives from a chain of writes, each one reading the
// one before; a write outside that chain was overwritten by a write computed from a value
// read before it (two processes read 5, both write 6: one update is lost). Nothing here
// knows the scenario: no expected total is assumed, only the order of reads and writes.
// lost = writes - (length of the final value's chain), summed over an Array's cells (the
// trace says which cell each access touched: TraceEvent::cell).
#pragma once
#include <cstdint>
#include <vector>

#include "trace/event.h"

namespace forklab::ui {

struct SharedWriteCount {
    uint32_t object = 0;   // SharedId
    uint64_t reads = 0;
    uint64_t writes = 0;
    uint64_t lost = 0;     // writes whose effect the final value does not include (above)
    bool per_cell = true;  // false: an Array beyond kCellOverflow elements, whose far cells
                           // the trace does not tell apart (they are counted as one)
};

// One entry per SharedId that the trace reads or writes, in id order. A trace that dropped
// detail events undercounts: see Trace::dropped_events.
std::vector<SharedWriteCount> count_shared_writes(const Trace& trace);

// Amdahl's law fitted to measured speed-ups: the parallel fraction p in [0, 1] that makes
// S(n) = 1 / ((1 - p) + p / n) closest to the measurements (least squares on 1/S, where the
// law is linear in 1/n). `cores` and `speedup` are parallel arrays; n = 1 points carry no
// information. Returns 0 when nothing can be fitted.
double amdahl_fraction(const std::vector<double>& cores, const std::vector<double>& speedup);
inline double amdahl_speedup(double p, double n) { return 1.0 / ((1.0 - p) + p / n); }

}  // namespace forklab::ui
