#include "cli/bench_report.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "trace/chrome_json.h"

namespace forklab {

namespace {

// How each metric reads, in table order; the same list as METRICS in scripts/bench_ipc.py.
enum class Reads { per_op, rate, speedup };
struct MetricInfo {
    const char* metric;
    const char* label;  // "%s" is replaced by the x value (a size for pipe_throughput)
    Reads reads;
    const char* unit;   // per_op: "ms" or "us"; rate: what is counted per second
    const char* label_one = nullptr;  // the label when x is 1, where the plural reads badly
};
constexpr MetricInfo kMetrics[] = {
    {"process_start_join", "process start+join", Reads::per_op, "ms"},
    {"pipe_round_trip", "Pipe round trip", Reads::per_op, "us"},
    {"pipe_throughput", "Pipe throughput, %s messages", Reads::rate, "msg/s"},
    {"queue_throughput", "Queue %s->%s throughput", Reads::rate, "items/s"},
    {"lock_contended", "contended Lock, 2 processes", Reads::rate, "incr/s"},
    {"pool_map", "Pool.map per task (chunksize 1)", Reads::per_op, "us"},
    {"pool_startup", "Pool(2) create+close+join", Reads::per_op, "ms"},
    {"speedup_processes", "CPU-bound speed-up, %s processes", Reads::speedup, "",
     "CPU-bound speed-up, 1 process"},
    {"speedup_threads", "same job on %s threads (GIL)", Reads::speedup, "", "same job on 1 thread"},
};

const MetricInfo* find_metric(std::string_view name) {
    for (const MetricInfo& m : kMetrics)
        if (name == m.metric) return &m;
    return nullptr;
}

std::string format(const char* fmt, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

// Three significant digits without exponents: 1234 -> "1234", 12.3 -> "12.3", 0.0123 -> "0.0123".
std::string sig3(double v) {
    const double a = std::fabs(v);
    if (a >= 100) return format("%.0f", v);
    if (a >= 10) return format("%.1f", v);
    if (a >= 1) return format("%.2f", v);
    if (a >= 0.1) return format("%.3f", v);
    return format("%.2g", v);
}

std::string per_second(double rate, const char* what) {
    if (rate >= 1e6) return sig3(rate / 1e6) + " M " + what;
    if (rate >= 1e3) return sig3(rate / 1e3) + " k " + what;
    return sig3(rate) + " " + what;
}

std::string duration(double seconds) {
    if (seconds >= 1) return sig3(seconds) + " s";
    if (seconds >= 1e-3) return sig3(seconds * 1e3) + " ms";
    if (seconds >= 1e-6) return sig3(seconds * 1e6) + " us";
    return sig3(seconds * 1e9) + " ns";
}

std::string size_label(int64_t bytes) {
    if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " B";
}

std::string label_of(const MetricInfo* info, const BenchMeasurement& m) {
    if (!info) return m.metric + " x=" + std::to_string(m.x);
    const std::string x = m.metric == "pipe_throughput" ? size_label(m.x) : std::to_string(m.x);
    std::string out;
    for (const char* p = m.x == 1 && info->label_one ? info->label_one : info->label; *p; ++p) {
        if (p[0] == '%' && p[1] == 's') {
            out += x;
            ++p;
        } else {
            out += *p;
        }
    }
    return out;
}

// t(1)/t(x) of a speed-up metric, from the same experiment's x = 1 line; 0 when missing.
double speedup_of(const ExperimentResult& e, const BenchMeasurement& m) {
    for (const BenchMeasurement& b : e.measurements)
        if (b.metric == m.metric && b.x == 1 && m.seconds > 0) return b.seconds / m.seconds;
    return 0;
}

struct Row {
    const ExperimentResult* experiment;
    const BenchMeasurement* m;
    const MetricInfo* info;
};

// Every measurement, in kMetrics order (unknown metrics last), then by x.
std::vector<Row> rows_of(const BenchReport& r) {
    std::vector<Row> rows;
    auto order = [](const MetricInfo* info) {
        return info ? (size_t)(info - kMetrics) : sizeof kMetrics / sizeof kMetrics[0];
    };
    for (const ExperimentResult& e : r.experiments)
        for (const BenchMeasurement& m : e.measurements) rows.push_back({&e, &m, find_metric(m.metric)});
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
        if (order(a.info) != order(b.info)) return order(a.info) < order(b.info);
        if (a.m->metric != b.m->metric) return a.m->metric < b.m->metric;
        return a.m->x < b.m->x;
    });
    return rows;
}

// The first column left-aligned, the figures right-aligned.
void append_cell(std::string& line, const std::string& cell, size_t width, bool left) {
    const std::string pad(width > cell.size() ? width - cell.size() : 0, ' ');
    if (!line.empty()) line += "  ";
    line += left ? cell + pad : pad + cell;
}

// [SECTION] JSON

void json_number(std::string& o, double v) {
    if (!std::isfinite(v)) {
        o += "null";
        return;
    }
    o += format("%.9g", v);
}

void json_key(std::string& o, const char* key) {
    append_json_string(o, key);
    o += ": ";
}

void json_points(std::string& o, const std::vector<std::pair<double, double>>& pts) {
    o += "[";
    for (size_t i = 0; i < pts.size(); ++i) {
        o += i ? ", [" : "[";
        json_number(o, pts[i].first);
        o += ", ";
        json_number(o, pts[i].second);
        o += "]";
    }
    o += "]";
}

struct Series {
    const char* name;
    std::vector<std::pair<double, double>> points;
};

void json_plot(std::string& o, const char* id, const char* title, const char* x_label,
               const char* x_scale, const char* y_label, const char* y_scale,
               const std::vector<Series>& series) {
    o += "    {";
    json_key(o, "id");
    append_json_string(o, id);
    o += ", ";
    json_key(o, "title");
    append_json_string(o, title);
    o += ",\n     ";
    json_key(o, "x_label");
    append_json_string(o, x_label);
    o += ", ";
    json_key(o, "x_scale");
    append_json_string(o, x_scale);
    o += ", ";
    json_key(o, "y_label");
    append_json_string(o, y_label);
    o += ", ";
    json_key(o, "y_scale");
    append_json_string(o, y_scale);
    o += ",\n     ";
    json_key(o, "series");
    o += "[";
    for (size_t i = 0; i < series.size(); ++i) {
        o += i ? ",\n                {" : "{";
        json_key(o, "name");
        append_json_string(o, series[i].name);
        o += ", ";
        json_key(o, "points");
        json_points(o, series[i].points);
        o += "}";
    }
    o += "]}";
}

}  // namespace

bool parse_bench_line(std::string_view line, BenchMeasurement* out) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    constexpr std::string_view kHead = "BENCH metric=";
    if (line.substr(0, kHead.size()) != kHead) return false;
    line.remove_prefix(kHead.size());
    const size_t sp = line.find(' ');
    if (sp == 0 || sp == std::string_view::npos) return false;
    BenchMeasurement m;
    m.metric = std::string(line.substr(0, sp));
    const std::string rest(line.substr(sp));
    long long x = 0, ops = 0;
    double seconds = 0;
    int used = 0;
    if (std::sscanf(rest.c_str(), " x=%lld ops=%lld seconds=%lf%n", &x, &ops, &seconds, &used) != 3 ||
        (size_t)used != rest.size() || ops <= 0 || !(seconds >= 0) || !std::isfinite(seconds))
        return false;
    m.x = x;
    m.ops = ops;
    m.seconds = seconds;
    *out = std::move(m);
    return true;
}

const char* experiment_status_name(ExperimentStatus s) {
    switch (s) {
        case ExperimentStatus::ok: return "ok";
        case ExperimentStatus::failed: return "failed";
        case ExperimentStatus::interrupted: return "interrupted";
        case ExperimentStatus::not_run: return "not_run";
    }
    return "not_run";
}

std::string bench_table(const BenchReport& r) {
    const std::vector<Row> rows = rows_of(r);
    std::vector<std::array<std::string, 4>> cells;
    cells.push_back({"experiment", "result", "per operation", "operations in"});
    for (const Row& row : rows) {
        const BenchMeasurement& m = *row.m;
        const double per_op = m.seconds / (double)m.ops;
        const Reads reads = row.info ? row.info->reads : Reads::per_op;
        std::string result, per;
        if (reads == Reads::speedup) {
            const double s = speedup_of(*row.experiment, m);
            result = s > 0 ? format("%.2fx", s) : "-";
            per = "job in " + duration(m.seconds);
        } else if (reads == Reads::rate) {
            result = per_second(m.seconds > 0 ? (double)m.ops / m.seconds : 0, row.info->unit);
            if (m.metric == "pipe_throughput" && m.seconds > 0)
                result += " (" + sig3((double)m.ops * (double)m.x / m.seconds / 1e6) + " MB/s)";
            per = duration(per_op);
        } else {
            result = duration(per_op);
            per = per_second(m.seconds > 0 ? (double)m.ops / m.seconds : 0, "/s");
        }
        cells.push_back({label_of(row.info, m), result, per,
                         std::to_string(m.ops) + " in " + duration(m.seconds)});
    }
    size_t width[4] = {0, 0, 0, 0};
    for (const auto& c : cells)
        for (int i = 0; i < 4; ++i) width[i] = std::max(width[i], c[i].size());

    std::string o = "forklab bench: " + r.backend + " backend, " + std::to_string(r.cores) + " cores";
    if (!r.cpu.empty()) o += " (" + r.cpu + ")";
    o += ", scale " + format("%g", r.scale) + (r.interrupted ? ", interrupted" : "") + "\n\n";
    for (size_t k = 0; k < cells.size(); ++k) {
        std::string line;
        for (int i = 0; i < 4; ++i) append_cell(line, cells[k][i], width[i], i == 0);
        o += line + "\n";
        if (k == 0) o += std::string(line.size(), '-') + "\n";
    }
    bool first = true;
    for (const ExperimentResult& e : r.experiments) {
        if (e.status == ExperimentStatus::ok) continue;
        if (first) o += "\n";
        first = false;
        o += "  " + e.name + ": " + experiment_status_name(e.status);
        if (!e.error.empty()) o += " (" + e.error + ")";
        o += "\n";
    }
    return o;
}

std::string bench_json(const BenchReport& r) {
    std::string o = "{\n  ";
    json_key(o, "format");
    append_json_string(o, "forklab-bench");
    o += ",\n  ";
    json_key(o, "version");
    o += "1,\n  ";
    json_key(o, "forklab");
    append_json_string(o, r.forklab_version);
    o += ",\n  ";
    json_key(o, "backend");
    append_json_string(o, r.backend);
    o += ",\n  ";
    json_key(o, "cores");
    o += std::to_string(r.cores) + ",\n  ";
    json_key(o, "cpu");
    append_json_string(o, r.cpu);
    o += ",\n  ";
    json_key(o, "scale");
    json_number(o, r.scale);
    o += ",\n  ";
    bool complete = !r.interrupted;
    for (const ExperimentResult& e : r.experiments) complete = complete && e.status == ExperimentStatus::ok;
    json_key(o, "complete");
    o += complete ? "true" : "false";
    o += ",\n  ";
    json_key(o, "interrupted");
    o += r.interrupted ? "true" : "false";
    o += ",\n  ";

    json_key(o, "experiments");
    o += "[";
    for (size_t i = 0; i < r.experiments.size(); ++i) {
        const ExperimentResult& e = r.experiments[i];
        o += i ? ",\n    {" : "\n    {";
        json_key(o, "name");
        append_json_string(o, e.name);
        o += ", ";
        json_key(o, "status");
        append_json_string(o, experiment_status_name(e.status));
        o += ", ";
        json_key(o, "error");
        if (e.error.empty()) o += "null";
        else append_json_string(o, e.error);
        o += ", ";
        json_key(o, "wall_seconds");
        json_number(o, e.wall_seconds);
        o += ",\n     ";
        json_key(o, "measurements");
        o += "[";
        for (size_t k = 0; k < e.measurements.size(); ++k) {
            const BenchMeasurement& m = e.measurements[k];
            o += k ? ",\n                      {" : "{";
            json_key(o, "metric");
            append_json_string(o, m.metric);
            o += ", ";
            json_key(o, "x");
            o += std::to_string(m.x) + ", ";
            json_key(o, "ops");
            o += std::to_string(m.ops) + ", ";
            json_key(o, "seconds");
            json_number(o, m.seconds);
            o += ", ";
            json_key(o, "seconds_per_op");
            json_number(o, m.seconds / (double)m.ops);
            o += ", ";
            json_key(o, "ops_per_second");
            json_number(o, m.seconds > 0 ? (double)m.ops / m.seconds : NAN);
            o += "}";
        }
        o += "]}";
    }
    o += "\n  ],\n  ";

    // The two plots the issue asks for, ready to draw: x and y of every point.
    Series processes{"processes", {}}, threads{"threads (GIL)", {}}, ideal{"ideal", {}};
    Series pipe{"Pipe send_bytes/recv_bytes", {}};
    int64_t most = 0;
    for (const ExperimentResult& e : r.experiments)
        for (const BenchMeasurement& m : e.measurements) {
            if (m.metric == "speedup_processes" || m.metric == "speedup_threads") {
                const double s = speedup_of(e, m);
                if (s <= 0) continue;
                (m.metric == "speedup_processes" ? processes : threads).points.push_back({(double)m.x, s});
                most = std::max(most, m.x);
            } else if (m.metric == "pipe_throughput") {
                pipe.points.push_back({(double)m.x, m.seconds / (double)m.ops * 1e6});
            }
        }
    for (Series* s : {&processes, &threads, &pipe}) std::sort(s->points.begin(), s->points.end());
    for (int64_t n = 1; n <= most; ++n) ideal.points.push_back({(double)n, (double)n});
    json_key(o, "plots");
    o += "[\n";
    json_plot(o, "speedup", "CPU-bound speed-up of the mp_worker job", "processes or threads", "linear",
              "speed-up t(1)/t(n)", "linear", {processes, threads, ideal});
    o += ",\n";
    json_plot(o, "ipc_cost", "Pipe cost per message", "message size (bytes)", "log2",
              "microseconds per message", "log10", {pipe});
    o += "\n  ]\n}\n";
    return o;
}

std::string with_scale(std::string_view source, double scale) {
    constexpr std::string_view kLine = "SCALE = ";
    size_t at = 0;
    while (at < source.size()) {
        if (source.substr(at, kLine.size()) == kLine) {
            size_t end = source.find('\n', at);
            if (end == std::string_view::npos) end = source.size();
            std::string out(source.substr(0, at));
            out += std::string(kLine) + format("%.6g", scale);
            out += source.substr(end);
            return out;
        }
        const size_t nl = source.find('\n', at);
        if (nl == std::string_view::npos) break;
        at = nl + 1;
    }
    return std::string(source);
}

}  // namespace forklab
