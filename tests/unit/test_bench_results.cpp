// The bench results loader (docs/bench-json.md) and the chart's axis arithmetic.
#include <doctest/doctest.h>

#include <string>

#include "ui/bench_results.h"

using namespace forklab::ui;

namespace {

// The example of docs/bench-json.md, with points in both plots.
const char* kFile = R"J({
  "format": "forklab-bench", "version": 1, "forklab": "0.1.0", "backend": "fork",
  "cores": 2, "cpu": "AMD EPYC", "scale": 0.2, "complete": false, "interrupted": false,
  "experiments": [],
  "plots": [
    {"id": "speedup", "title": "CPU-bound speed-up of the mp_worker job",
     "x_label": "processes or threads", "x_scale": "linear", "y_label": "speed-up t(1)/t(n)", "y_scale": "linear",
     "series": [{"name": "processes", "points": [[1, 1], [2, 1.93]]},
                {"name": "threads (GIL)", "points": []},
                {"name": "ideal", "points": [[1, 1], [2, 2]]}]},
    {"id": "ipc_cost", "title": "Pipe cost per message", "x_label": "message size (bytes)", "x_scale": "log2",
     "y_label": "microseconds per message", "y_scale": "log10",
     "series": [{"name": "Pipe send_bytes/recv_bytes", "points": [[64, 3.5], [1048576, 410], [4096, null]]}]}
  ]
})J";

std::string replaced(std::string s, const std::string& from, const std::string& to) {
    const size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

BenchLoadError load_fails(const std::string& text) {
    BenchResults r;
    BenchLoadError e;
    CHECK_FALSE(load_bench_results(text, &r, &e));
    CHECK_FALSE(e.message.empty());
    return e;
}

}  // namespace

TEST_CASE("bench results: the documented file loads") {
    BenchResults r;
    BenchLoadError e;
    REQUIRE_MESSAGE(load_bench_results(kFile, &r, &e), e.message);
    CHECK(r.forklab_version == "0.1.0");
    CHECK(r.cores == 2);
    CHECK(r.scale == 0.2);
    REQUIRE(r.plots.size() == 2);
    const BenchPlot& s = r.plots[0];
    CHECK(s.id == "speedup");
    CHECK(s.x_label == "processes or threads");
    CHECK(s.x_scale == AxisScale::linear);
    REQUIRE(s.series.size() == 3);
    CHECK(s.series[0].points.size() == 2);
    CHECK(s.series[0].points[1].y == doctest::Approx(1.93));
    CHECK(s.series[1].points.empty());
    const BenchPlot& ipc = r.plots[1];
    CHECK(ipc.x_scale == AxisScale::log2);
    CHECK(ipc.y_scale == AxisScale::log10);
    REQUIRE(ipc.series[0].points.size() == 2);  // the null point is a gap
    CHECK(ipc.series[0].points[1].x == 1048576);
}

TEST_CASE("bench results: refuses other formats and versions, points at bad values") {
    BenchLoadError e = load_fails(replaced(kFile, "\"version\": 1", "\"version\": 2"));
    CHECK(e.message.find("version 2 is not supported") != std::string::npos);
    CHECK(e.line == 2);
    e = load_fails(replaced(kFile, "\"version\": 1", "\"version\": 1.5"));
    CHECK(e.message.find("not supported") != std::string::npos);
    e = load_fails(replaced(kFile, "forklab-bench", "chrome-trace"));
    CHECK(e.message.find("not a forklab bench results file") != std::string::npos);
    load_fails("[1, 2]");
    load_fails(replaced(kFile, "\"x_scale\": \"log2\"", "\"x_scale\": \"log3\""));
    e = load_fails(replaced(kFile, "[[1, 1], [2, 1.93]]", "[[1, 1], [2]]"));
    CHECK(e.message.find("plots[0].series[0].points") != std::string::npos);
    CHECK(e.line == 8);
    e = load_fails(replaced(kFile, "\"points\": []", "\"points\": {}"));
    CHECK(e.message.find("expected array") != std::string::npos);

    e = load_fails(std::string(kFile).substr(0, 300));  // truncated: the JSON error comes through
    CHECK(e.message.find("truncated") != std::string::npos);
    CHECK(e.line >= 5);
}

TEST_CASE("plot axes: ranges, ticks and fractions") {
    AxisRange r = axis_range(AxisScale::linear, 1, 1.93);
    CHECK(r.lo == 0);
    CHECK(r.hi >= 1.93);
    CHECK(r.hi <= 2.5);
    std::vector<AxisTick> t = axis_ticks(AxisScale::linear, {0, 2}, 6);
    REQUIRE(t.size() >= 3);
    CHECK(t.front().value == 0);
    CHECK(t.back().value == doctest::Approx(2));
    CHECK(t[1].label == "0.5");
    t = axis_ticks(AxisScale::linear, {0, 2}, 6, /*whole_numbers=*/true);
    REQUIRE(t.size() == 3);
    CHECK(t[1].label == "1");

    r = axis_range(AxisScale::log2, 64, 1048576);
    CHECK(r.lo == 64);
    CHECK(r.hi == 1048576);
    t = axis_ticks(AxisScale::log2, r, 20);
    REQUIRE(t.size() == 15);  // 2^6 .. 2^20
    CHECK(t[0].label == "64");
    CHECK(t[4].label == "1K");
    CHECK(t.back().label == "1M");
    CHECK(axis_ticks(AxisScale::log2, r, 8).size() <= 8);
    CHECK(axis_fraction(AxisScale::log2, r, 1024) == doctest::Approx(4.0 / 14));

    r = axis_range(AxisScale::log10, 3.5, 410);
    CHECK(r.lo == doctest::Approx(1));
    CHECK(r.hi == doctest::Approx(1000));
    t = axis_ticks(AxisScale::log10, r, 10);
    REQUIRE(t.size() == 4);
    CHECK(t[3].label == "1000");
    CHECK(axis_fraction(AxisScale::log10, r, 10) == doctest::Approx(1.0 / 3));

    // Degenerate data still give a drawable axis.
    r = axis_range(AxisScale::linear, 0, 0);
    CHECK(r.hi > r.lo);
    r = axis_range(AxisScale::log2, 64, 64);
    CHECK(r.hi > r.lo);
    CHECK(format_value(65536) == "65536");
    CHECK(format_value(0.000512) == "0.000512");
}
