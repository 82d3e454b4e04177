#include "exec/run_stats.h"

#include <cstdio>

namespace forklab {

std::string format_run_stats(const RunRequest& request, const RunResult& r, double wall_seconds,
                             double cpu_seconds) {
    const double ips = wall_seconds > 0 ? double(r.instructions) / wall_seconds : 0.0;
    const double cpu_ips = cpu_seconds > 0 ? double(r.instructions) / cpu_seconds : 0.0;
    char line[480];
    std::snprintf(line, sizeof line,
                  "forklab-stats: backend=%s instructions=%llu virtual_ticks=%llu wall_seconds=%.6f "
                  "cpu_seconds=%.6f instructions_per_second=%.0f instructions_per_cpu_second=%.0f "
                  "trace=%s trace_events=%zu trace_dropped=%llu\n",
                  backend_name(request.backend), (unsigned long long)r.instructions,
                  (unsigned long long)r.virtual_ticks, wall_seconds, cpu_seconds, ips, cpu_ips,
                  request.trace ? "on" : "off",
                  r.trace.events.size(), (unsigned long long)r.trace.dropped_events);
    return line;
}

}  // namespace forklab
