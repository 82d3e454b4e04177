#include "ui/run_results.h"

#include <unordered_map>

namespace forklab::ui {

std::vector<SharedWriteCount> count_shared_writes(const Trace& trace) {
    std::vector<SharedWriteCount> objects;  // index = SharedId
    // Per (object, cell): the writes the cell's current value derives from (see the header).
    std::unordered_map<uint64_t, uint64_t> included;
    // (object, cell, proc) -> `included` of the value the process's last read of that cell
    // saw, + 1; erased by its write (a write without a read before it derives from nothing).
    std::unordered_map<uint64_t, uint64_t> read_at;
    for (const TraceEvent& e : trace.events) {
        if (e.kind != EventKind::shared_read && e.kind != EventKind::shared_write) continue;
        if (e.object == 0) continue;
        if (e.object >= objects.size()) objects.resize(e.object + 1);
        SharedWriteCount& o = objects[e.object];
        o.object = e.object;
        if (e.cell == kCellOverflow) o.per_cell = false;
        const uint64_t cell = (uint64_t)e.object << 16 | e.cell;
        const uint64_t key = cell << 24 | (e.proc.value & 0xffffff);
        if (e.kind == EventKind::shared_read) {
            ++o.reads;
            read_at[key] = included[cell] + 1;
        } else {
            ++o.writes;
            auto it = read_at.find(key);
            included[cell] = it == read_at.end() ? 1 : it->second;
            if (it != read_at.end()) read_at.erase(it);
        }
    }
    std::vector<uint64_t> kept(objects.size(), 0);  // per object, summed over its cells
    for (const auto& [cell, n] : included) kept[cell >> 16] += n;
    std::vector<SharedWriteCount> out;
    for (SharedWriteCount& o : objects) {
        if (o.object == 0) continue;
        o.lost = o.writes - kept[o.object];
        out.push_back(o);
    }
    return out;
}

double amdahl_fraction(const std::vector<double>& cores, const std::vector<double>& speedup) {
    // 1/S = 1 - p * (1 - 1/n): minimise sum (1 - 1/S_i - p * x_i)^2 with x_i = 1 - 1/n_i.
    double num = 0, den = 0;
    for (size_t i = 0; i < cores.size() && i < speedup.size(); ++i) {
        if (cores[i] <= 1 || speedup[i] <= 0) continue;
        const double x = 1.0 - 1.0 / cores[i];
        num += (1.0 - 1.0 / speedup[i]) * x;
        den += x * x;
    }
    if (den <= 0) return 0;
    const double p = num / den;
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

}  // namespace forklab::ui
