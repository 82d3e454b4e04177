// Timeline lanes from hand-made traces: the states a student sees per process, the visible-range
// search and the merging of slices too narrow to draw. Also the viewer's result-line parser,
// which is plain C++ (ui/run_summary.h) and needs no ImGui.
#include <doctest/doctest.h>

#include "trace/lanes.h"
#include "ui/run_summary.h"

using namespace forklab;
using namespace forklab::lanes;

namespace {

TraceEvent ev(uint64_t t, uint32_t p, EventKind k, uint32_t object = 0, int64_t value = 0) {
    TraceEvent e;
    e.time = t;
    e.proc = ProcId{p};
    e.kind = k;
    e.object = object;
    e.value = value;
    return e;
}

ProcessInfo info(uint32_t id, const char* name) {
    ProcessInfo pi;
    pi.id = ProcId{id};
    pi.name = name;
    return pi;
}

// MainProcess starts Process-1 at 10; Process-1 runs 20..50, blocks on a lock 50..70,
// runs again and exits with code 3 at 90; main joins it at 95.
Trace small_sim_trace() {
    Trace t;
    t.time_unit = TimeUnit::ticks;
    t.backend = "sim";
    t.processes = {info(0, "MainProcess"), info(1, "Process-1")};
    t.events = {
        ev(5, 0, EventKind::proc_created, 1),
        ev(10, 0, EventKind::proc_started, 1),
        ev(20, 0, EventKind::proc_ready),
        ev(20, 1, EventKind::proc_running),
        ev(50, 1, EventKind::lock_wait, 7),
        ev(60, 0, EventKind::proc_blocked),
        ev(70, 1, EventKind::lock_acquire, 7),
        ev(90, 1, EventKind::proc_exited, 0, 3),
        ev(95, 0, EventKind::proc_joined, 1),
    };
    return t;
}

}  // namespace

TEST_CASE("lanes: one lane per process with its state intervals") {
    const Trace t = small_sim_trace();
    const auto lanes = build_lanes(t);
    REQUIRE(lanes.size() == 2);
    CHECK(lanes[0].name == "MainProcess");
    CHECK(lanes[1].name == "Process-1");

    const auto& m = lanes[0].intervals;
    REQUIRE(m.size() == 4);
    CHECK(m[0].start == 0);
    CHECK(m[0].end == 20);
    CHECK(m[0].state == LaneState::running);
    CHECK(m[1].state == LaneState::ready);
    CHECK(m[2].start == 60);
    CHECK(m[2].state == LaneState::blocked);
    CHECK(m[3].start == 95);  // joined: it runs again
    CHECK(m[3].state == LaneState::running);

    const auto& c = lanes[1].intervals;
    REQUIRE(c.size() == 6);
    CHECK(c[0].state == LaneState::created);
    CHECK(c[0].start == 5);
    CHECK(c[1].state == LaneState::ready);
    CHECK(c[1].start == 10);
    CHECK(c[2].state == LaneState::running);
    CHECK(c[3].state == LaneState::blocked);
    CHECK(c[3].start == 50);
    CHECK(c[3].end == 70);
    CHECK(c[4].state == LaneState::running);
    CHECK(c[5].state == LaneState::exited);
    CHECK(c[5].start == 90);
    CHECK(lanes[1].exited);
    CHECK(lanes[1].exitcode == 3);

    // Contiguous, sorted, and open intervals reach the last event.
    for (const auto& l : lanes) {
        for (size_t i = 1; i < l.intervals.size(); ++i)
            CHECK(l.intervals[i].start == l.intervals[i - 1].end);
        CHECK(l.intervals.back().end == 95);
    }
}

TEST_CASE("lanes: incremental update gives the same lanes as a single pass") {
    const Trace full = small_sim_trace();
    Trace growing = full;
    growing.events.clear();
    LaneBuilder b;
    for (const auto& e : full.events) {
        growing.events.push_back(e);
        b.update(growing);
    }
    const auto once = build_lanes(full);
    REQUIRE(b.lanes().size() == once.size());
    for (size_t i = 0; i < once.size(); ++i) {
        REQUIRE(b.lanes()[i].intervals.size() == once[i].intervals.size());
        for (size_t k = 0; k < once[i].intervals.size(); ++k) {
            CHECK(b.lanes()[i].intervals[k].start == once[i].intervals[k].start);
            CHECK(b.lanes()[i].intervals[k].end == once[i].intervals[k].end);
            CHECK(b.lanes()[i].intervals[k].state == once[i].intervals[k].state);
        }
    }
    // A shorter trace means a new run: the builder starts over.
    Trace other;
    other.processes = {info(0, "MainProcess")};
    other.events = {ev(3, 0, EventKind::stdout_write)};
    b.update(other);
    CHECK(b.lanes().size() == 1);
    CHECK(b.end_time() == 3);
}

TEST_CASE("lanes: wall-clock traces start children running; lock waits block") {
    Trace t;
    t.time_unit = TimeUnit::nanoseconds;
    t.processes = {info(0, "MainProcess"), info(1, "Process-1")};
    t.events = {
        ev(100, 0, EventKind::proc_started, 1),
        ev(200, 1, EventKind::lock_wait, 1),
        ev(300, 1, EventKind::lock_acquire, 1),
        ev(400, 1, EventKind::proc_exited, 0, 0),
    };
    const auto lanes = build_lanes(t);
    REQUIRE(lanes.size() == 2);
    const auto& c = lanes[1].intervals;
    REQUIRE(c.size() == 4);
    CHECK(c[0].state == LaneState::running);
    CHECK(c[1].state == LaneState::blocked);
    CHECK(c[2].state == LaneState::running);
    CHECK(c[3].state == LaneState::exited);
}

TEST_CASE("lanes: processes named in the trace but without events still get a lane") {
    Trace t;
    t.processes = {info(0, "MainProcess"), info(1, "Process-1"), info(2, "Process-2")};
    t.events = {ev(10, 0, EventKind::stdout_write)};
    const auto lanes = build_lanes(t);
    REQUIRE(lanes.size() == 3);
    CHECK(lanes[2].name == "Process-2");
    CHECK(lanes[2].intervals.empty());
}

TEST_CASE("lanes: first_visible is a binary search over interval ends") {
    std::vector<Interval> iv;
    for (uint64_t i = 0; i < 100; ++i) iv.push_back({i * 10, i * 10 + 10, LaneState::running, 0});
    CHECK(first_visible(iv, 0) == 0);
    CHECK(first_visible(iv, 9) == 0);
    CHECK(first_visible(iv, 10) == 1);
    CHECK(first_visible(iv, 555) == 55);
    CHECK(first_visible(iv, 1000) == 100);
    CHECK(first_visible({}, 5) == 0);
}

TEST_CASE("lanes: visible spans clip to the range and merge narrow slices") {
    // 1000 alternating slices of 1 tick, then one long blocked interval of 1000 ticks.
    std::vector<Interval> iv;
    for (uint64_t i = 0; i < 1000; ++i)
        iv.push_back({i, i + 1, i % 4 == 0 ? LaneState::ready : LaneState::running, 0});
    iv.push_back({1000, 2000, LaneState::blocked, 0});

    std::vector<Span> spans;
    SUBCASE("zoomed in: every slice is its own span") {
        visible_spans(iv, 100, 110, 10.0, 3.0f, &spans);  // 10 px per tick
        REQUIRE(spans.size() == 10);
        CHECK(spans[0].x0 == doctest::Approx(0));
        CHECK(spans[0].x1 == doctest::Approx(10));
        CHECK(spans[0].state == LaneState::ready);  // 100 % 4 == 0
        CHECK(spans[1].state == LaneState::running);
        for (const auto& s : spans) CHECK(s.count == 1);
    }
    SUBCASE("zoomed out: narrow slices merge, dominated by running; wide one stays exact") {
        visible_spans(iv, 0, 2000, 0.5, 3.0f, &spans);  // 1000 px for the whole range
        REQUIRE(spans.size() > 2);
        CHECK(spans.size() < 200);
        size_t merged = 0;
        for (size_t k = 0; k + 1 < spans.size(); ++k) {
            CHECK(spans[k].x1 <= spans[k + 1].x0 + 0.001f);
            if (spans[k].count > 1) {
                ++merged;
                CHECK(spans[k].state == LaneState::running);
            }
        }
        CHECK(merged > 0);
        CHECK(spans.back().state == LaneState::blocked);
        CHECK(spans.back().count == 1);
        CHECK(spans.back().x0 == doctest::Approx(500));
        CHECK(spans.back().x1 == doctest::Approx(1000));
    }
    SUBCASE("range past the end or empty") {
        visible_spans(iv, 5000, 6000, 1.0, 3.0f, &spans);
        CHECK(spans.empty());
        visible_spans(iv, 10, 10, 1.0, 3.0f, &spans);
        CHECK(spans.empty());
    }
}

TEST_CASE("lanes: time formatting and axis steps") {
    CHECK(format_time(500, TimeUnit::nanoseconds) == "500 ns");
    CHECK(format_time(1500000, TimeUnit::nanoseconds) == "1.5 ms");
    CHECK(format_time(2500000, TimeUnit::ticks) == "2.5M");
    CHECK(format_time(12, TimeUnit::ticks) == "12");
    CHECK(axis_step(1.0, 80) == doctest::Approx(100));
    CHECK(axis_step(0.001, 80) == doctest::Approx(100000));
    CHECK(axis_step(2.0, 80) == doctest::Approx(50));
}

TEST_CASE("result lines: '<label>: <actual> de <expected>' in Spanish and English") {
    const auto lines = ui::parse_counter_lines(
        "hola\nsin lock: 412345 de 800000\ncon lock: 800000 de 800000\n"
        "total: 10 of 12\r\nnot: a de b\nvalor: -3 de 5\n");
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].label == "sin lock");
    CHECK(lines[0].actual == 412345);
    CHECK(lines[0].expected == 800000);
    CHECK(lines[0].lost() == 387655);
    CHECK_FALSE(lines[0].ok());
    CHECK(lines[1].label == "con lock");
    CHECK(lines[1].ok());
    CHECK(lines[2].label == "total");
    CHECK(lines[2].lost() == 2);
    CHECK(lines[3].actual == -3);
    CHECK(ui::parse_counter_lines("").empty());
}
