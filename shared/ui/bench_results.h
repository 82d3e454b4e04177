// The plots of a `forklab bench --json` results file (docs/bench-json.md), as the viewer draws
// them, and the axis arithmetic of a chart (ranges, ticks, labels). Plain C++ without ImGui,
// so the unit tests reach all of it; plot_view.cpp only draws what this computes.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace forklab::ui {

enum class AxisScale { linear, log2, log10 };

struct PlotPoint {
    double x = 0, y = 0;
};

struct PlotSeries {
    std::string name;
    std::vector<PlotPoint> points;  // sorted by x
};

struct BenchPlot {
    std::string id;  // "speedup", "ipc_cost", or one a newer writer adds
    std::string title, x_label, y_label;
    AxisScale x_scale = AxisScale::linear, y_scale = AxisScale::linear;
    std::vector<PlotSeries> series;
};

struct BenchResults {
    std::string forklab_version, backend, cpu;
    int cores = 0;
    double scale = 1;
    bool complete = false, interrupted = false;
    std::vector<BenchPlot> plots;
};

struct BenchLoadError {
    std::string message;
    int line = 0, column = 0;  // 1-based; where the JSON error or the offending value is
};

constexpr int kBenchFormatVersion = 1;

// Reads the header and the `plots` section (the experiments are for tables, not drawn yet).
// Refuses files of another format or version with a sentence that says which.
bool load_bench_results(std::string_view text, BenchResults* out, BenchLoadError* error);

// [SECTION] axes

struct AxisRange {
    double lo = 0, hi = 1;
};

struct AxisTick {
    double value = 0;
    std::string label;
};

// The range an axis shows for data in [lo, hi]: linear axes start at 0 when the data are
// positive and end on a round value; log axes snap out to whole powers of their base. Log
// axes ignore values <= 0 (the caller passes only positive ones).
AxisRange axis_range(AxisScale scale, double lo, double hi);

// Tick values and labels inside `range`, at most about `max_ticks` of them: 1/2/5 x 10^k
// steps on linear axes, powers of 2 (labelled 64, 1K, 1M) or of 10 on log axes.
// `whole_numbers` keeps linear steps >= 1, for counts such as processes.
std::vector<AxisTick> axis_ticks(AxisScale scale, AxisRange range, int max_ticks,
                                 bool whole_numbers = false);

// Where `v` lies in `range`, 0 at lo and 1 at hi, in the axis's scale.
double axis_fraction(AxisScale scale, AxisRange range, double v);

// A short label for a value shown in a tooltip: "1.93", "0.000512", "65536".
std::string format_value(double v);

}  // namespace forklab::ui
