#include "ui/bench_results.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "runtime/json_reader.h"

namespace forklab::ui {

namespace {

// Type checks with the value's position, so a hand-edited file points at what is wrong.
class Checker {
public:
    explicit Checker(BenchLoadError* error) : error_(error) {}

    bool fail(const json::Value& at, std::string message) {
        if (error_) *error_ = BenchLoadError{std::move(message), at.line, at.column};
        return false;
    }

    const json::Value* member(const json::Value& obj, const char* key, json::Kind kind,
                              const std::string& where) {
        const json::Value* v = obj.find(key);
        if (!v) {
            fail(obj, where + ": missing key \"" + key + "\"");
            return nullptr;
        }
        if (v->kind != kind) {
            fail(*v, where + "." + key + ": expected " + json::kind_name(kind) + ", found " +
                         json::kind_name(v->kind));
            return nullptr;
        }
        return v;
    }

    bool scale(const json::Value& obj, const char* key, const std::string& where, AxisScale* out) {
        const json::Value* v = member(obj, key, json::Kind::string, where);
        if (!v) return false;
        if (v->string == "linear") *out = AxisScale::linear;
        else if (v->string == "log2") *out = AxisScale::log2;
        else if (v->string == "log10") *out = AxisScale::log10;
        else return fail(*v, where + "." + key + ": unknown axis scale \"" + v->string + "\"");
        return true;
    }

private:
    BenchLoadError* error_;
};

bool load_series(Checker& c, const json::Value& s, const std::string& where, PlotSeries* out) {
    if (!s.is_object()) return c.fail(s, where + ": expected object");
    const json::Value* name = c.member(s, "name", json::Kind::string, where);
    const json::Value* points = name ? c.member(s, "points", json::Kind::array, where) : nullptr;
    if (!points) return false;
    out->name = name->string;
    for (const json::Value& p : points->items) {
        if (!p.is_array() || p.items.size() != 2)
            return c.fail(p, where + ".points: a point is [x, y]");
        // null marks a value the writer could not compute: a gap, not an error.
        if (p.items[0].is_null() || p.items[1].is_null()) continue;
        if (!p.items[0].is_number() || !p.items[1].is_number())
            return c.fail(p, where + ".points: a point is [x, y] with numbers");
        out->points.push_back({p.items[0].number, p.items[1].number});
    }
    std::stable_sort(out->points.begin(), out->points.end(),
                     [](const PlotPoint& a, const PlotPoint& b) { return a.x < b.x; });
    return true;
}

bool load_plot(Checker& c, const json::Value& p, const std::string& where, BenchPlot* out) {
    if (!p.is_object()) return c.fail(p, where + ": expected object");
    const char* texts[] = {"id", "title", "x_label", "y_label"};
    std::string* fields[] = {&out->id, &out->title, &out->x_label, &out->y_label};
    for (int i = 0; i < 4; ++i) {
        const json::Value* v = c.member(p, texts[i], json::Kind::string, where);
        if (!v) return false;
        *fields[i] = v->string;
    }
    if (!c.scale(p, "x_scale", where, &out->x_scale) || !c.scale(p, "y_scale", where, &out->y_scale))
        return false;
    const json::Value* series = c.member(p, "series", json::Kind::array, where);
    if (!series) return false;
    for (size_t i = 0; i < series->items.size(); ++i) {
        out->series.emplace_back();
        if (!load_series(c, series->items[i], where + ".series[" + std::to_string(i) + "]",
                         &out->series.back()))
            return false;
    }
    return true;
}

}  // namespace

bool load_bench_results(std::string_view text, BenchResults* out, BenchLoadError* error) {
    *out = BenchResults{};
    json::Value doc;
    json::ParseError pe;
    if (!json::parse(text, &doc, &pe)) {
        if (error) *error = BenchLoadError{pe.message, pe.line, pe.column};
        return false;
    }
    Checker c(error);
    if (!doc.is_object()) return c.fail(doc, "expected a JSON object at the top level");
    const json::Value* format = doc.find("format");
    if (!format || !format->is_string() || format->string != "forklab-bench")
        return c.fail(format ? *format : doc,
                      "not a forklab bench results file (its \"format\" is not \"forklab-bench\")");
    const json::Value* version = c.member(doc, "version", json::Kind::number, "file");
    if (!version) return false;
    if (!version->is_integer || version->integer != kBenchFormatVersion)
        return c.fail(*version, "bench results version " + format_value(version->number) +
                                    " is not supported (this forklab reads version " +
                                    std::to_string(kBenchFormatVersion) + ")");
    if (const json::Value* v = doc.find("forklab"); v && v->is_string()) out->forklab_version = v->string;
    if (const json::Value* v = doc.find("backend"); v && v->is_string()) out->backend = v->string;
    if (const json::Value* v = doc.find("cpu"); v && v->is_string()) out->cpu = v->string;
    if (const json::Value* v = doc.find("cores"); v && v->is_number()) out->cores = (int)v->number;
    if (const json::Value* v = doc.find("scale"); v && v->is_number()) out->scale = v->number;
    if (const json::Value* v = doc.find("complete"); v && v->is_bool()) out->complete = v->boolean;
    if (const json::Value* v = doc.find("interrupted"); v && v->is_bool()) out->interrupted = v->boolean;

    const json::Value* plots = c.member(doc, "plots", json::Kind::array, "file");
    if (!plots) return false;
    for (size_t i = 0; i < plots->items.size(); ++i) {
        out->plots.emplace_back();
        if (!load_plot(c, plots->items[i], "plots[" + std::to_string(i) + "]", &out->plots.back()))
            return false;
    }
    return true;
}

// [SECTION] axes

namespace {

double base_of(AxisScale s) { return s == AxisScale::log2 ? 2.0 : 10.0; }

double log_in(AxisScale s, double v) { return std::log(v) / std::log(base_of(s)); }

// The smallest 1, 2 or 5 x 10^k that is >= raw.
double nice_step(double raw) {
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw * (1 - 1e-9)) return m * p;
    return 10 * p;
}

std::string bytes_label(double v) {
    const char* units[] = {"", "K", "M", "G", "T"};
    int u = 0;
    while (u < 4 && v >= 1024 && std::fmod(v, 1024) == 0) {
        v /= 1024;
        ++u;
    }
    return format_value(v) + units[u];
}

}  // namespace

AxisRange axis_range(AxisScale scale, double lo, double hi) {
    if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi)) return scale == AxisScale::linear ? AxisRange{0, 1} : AxisRange{1, base_of(scale)};
    if (scale == AxisScale::linear) {
        if (lo > 0) lo = 0;
        if (hi < 0) hi = 0;
        if (hi - lo <= 0) hi = lo + 1;
        const double step = nice_step((hi - lo) / 5);
        return {std::floor(lo / step) * step, std::ceil(hi / step - 1e-9) * step};
    }
    if (lo <= 0) lo = hi > 0 ? hi : 1;
    if (hi <= 0) hi = lo;
    double a = std::floor(log_in(scale, lo) + 1e-9), b = std::ceil(log_in(scale, hi) - 1e-9);
    if (b <= a) b = a + 1;
    return {std::pow(base_of(scale), a), std::pow(base_of(scale), b)};
}

std::vector<AxisTick> axis_ticks(AxisScale scale, AxisRange range, int max_ticks, bool whole_numbers) {
    std::vector<AxisTick> ticks;
    if (max_ticks < 2) max_ticks = 2;
    if (scale == AxisScale::linear) {
        if (!(range.hi > range.lo)) return ticks;
        double step = nice_step((range.hi - range.lo) / (max_ticks - 1));
        if (whole_numbers) step = std::max(step, 1.0);
        for (double k = std::ceil(range.lo / step - 1e-9); k * step <= range.hi * (1 + 1e-12) + 1e-12; k += 1) {
            const double v = std::abs(k * step) < step * 1e-9 ? 0.0 : k * step;
            ticks.push_back({v, format_value(v)});
        }
        return ticks;
    }
    if (!(range.lo > 0) || !(range.hi > range.lo)) return ticks;
    const int a = (int)std::ceil(log_in(scale, range.lo) - 1e-9);
    const int b = (int)std::floor(log_in(scale, range.hi) + 1e-9);
    const int every = std::max(1, (int)std::ceil((double)(b - a + 1) / max_ticks));
    for (int e = a; e <= b; ++e) {
        if ((e - a) % every != 0) continue;
        const double v = std::pow(base_of(scale), e);
        ticks.push_back({v, scale == AxisScale::log2 ? bytes_label(v) : format_value(v)});
    }
    return ticks;
}

double axis_fraction(AxisScale scale, AxisRange range, double v) {
    if (scale == AxisScale::linear) return (v - range.lo) / (range.hi - range.lo);
    if (v <= 0) return -1;  // off the axis: the caller clips
    const double a = log_in(scale, range.lo), b = log_in(scale, range.hi);
    return (log_in(scale, v) - a) / (b - a);
}

std::string format_value(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    // %g writes 65536 as 6.55e+04; whole numbers below 10^15 read better in full.
    if (v == std::floor(v) && std::abs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

}  // namespace forklab::ui
