#include "ui/run_results.h"

#include <unordered_map>

namespace forklab::ui {

std::vector<SharedWriteCount> count_shared_writes(const Trace& trace,
                                                  const std::function<bool(uint32_t)>& single_cell) {
    struct Object {
        SharedWriteCount count;
        uint64_t included = 0;  // writes the current value derives from (see the header)
    };
    std::vector<Object> objects;  // index = SharedId
    // (object, proc) -> `included` of the value the process's last read saw, + 1; erased by
    // its write (a write without a read before it derives from nothing).
    std::unordered_map<uint64_t, uint64_t> read_at;
    for (const TraceEvent& e : trace.events) {
        if (e.kind != EventKind::shared_read && e.kind != EventKind::shared_write) continue;
        if (e.object == 0) continue;
        if (e.object >= objects.size()) objects.resize(e.object + 1);
        Object& o = objects[e.object];
        o.count.object = e.object;
        const uint64_t key = (uint64_t)e.object << 32 | e.proc.value;
        if (e.kind == EventKind::shared_read) {
            ++o.count.reads;
            read_at[key] = o.included + 1;
        } else {
            ++o.count.writes;
            auto it = read_at.find(key);
            o.included = it == read_at.end() ? 1 : it->second;
            if (it != read_at.end()) read_at.erase(it);
        }
    }
    for (Object& o : objects) o.count.lost = o.count.writes - o.included;
    std::vector<SharedWriteCount> out;
    for (Object& o : objects) {
        if (o.count.object == 0) continue;
        o.count.per_cell = single_cell && single_cell(o.count.object);
        out.push_back(o.count);
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
