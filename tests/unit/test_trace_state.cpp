// The run as a trace knows it at one moment (trace/trace_state.h), for the Inspector of a
// fork/threads run or a trace file: cells, locks, queues, pipes and process states after the
// events up to that time; the index's saved copies give the same answers as a replay from
// the start. And the scenario's source rides in the trace file (otherData.scenario) through
// write -> import on every backend, while a trace without it still opens.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "exec/runners.h"
#include "trace/chrome_json.h"
#include "trace/trace_import.h"
#include "trace/trace_state.h"

using namespace forklab;

namespace {

TraceEvent ev(uint64_t time, uint32_t proc, EventKind kind, uint32_t object = 0, int64_t value = 0,
              uint16_t cell = 0) {
    TraceEvent e;
    e.time = time;
    e.proc = ProcId{proc};
    e.kind = kind;
    e.object = object;
    e.value = value;
    e.cell = cell;
    return e;
}

// MainProcess starts Process-1; both take lock #3 around writes of shared #2; a queue and a
// pipe carry items; Process-1 exits with 3.
Trace small_run() {
    Trace t;
    t.backend = "fork";
    t.time_unit = TimeUnit::nanoseconds;
    for (uint32_t i = 0; i < 2; ++i) {
        ProcessInfo p;
        p.id = ProcId{i};
        p.name = i == 0 ? "MainProcess" : "Process-1";
        t.processes.push_back(p);
    }
    using K = EventKind;
    t.events = {
        ev(1, 0, K::proc_created, 1), ev(2, 0, K::proc_started, 1),
        ev(4, 0, K::lock_acquire, 3), ev(5, 1, K::lock_wait, 3),
        ev(6, 0, K::shared_write, 2, 10), ev(7, 0, K::lock_release, 3),
        ev(8, 1, K::lock_acquire, 3), ev(9, 1, K::shared_write, 2, 11),
        ev(9, 1, K::shared_write, 2, 40, 4), ev(9, 1, K::lock_release, 3),
        ev(10, 0, K::queue_put, 5, 1), ev(11, 0, K::queue_put, 5, 2), ev(12, 1, K::queue_get, 5, 1),
        ev(13, 1, K::msg_send, 7, 1), ev(14, 0, K::msg_recv, 8, 1),
        ev(15, 1, K::proc_exited, 0, 3),
    };
    t.processes[1].exited = true;
    t.processes[1].exitcode = 3;
    return t;
}

std::vector<uint32_t> ids(const std::vector<ProcId>& v) {
    std::vector<uint32_t> out;
    for (ProcId p : v) out.push_back(p.value);
    return out;
}

const TracedCell* cell(const TraceMoment& m, uint32_t object, uint16_t c) {
    for (const TracedCell& x : m.cells)
        if (x.object == object && x.cell == c) return &x;
    return nullptr;
}

RunResult run_traced(Backend b, const std::string& source, const std::string& filename) {
    RunRequest r;
    r.source = source;
    r.filename = filename;
    r.backend = b;
    r.trace = true;
    return run_scenario(r, nullptr);
}

// The course's race with a lock (accents in the comments: the source is UTF-8 text).
const char* kLockedRace = R"(from multiprocessing import Process, Value, Lock
# Dos procesos suman con el cerrojo tomado: ninguna actualización se pierde.

def sumar(total, candado, n):
    for _ in range(n):
        with candado:
            total.value += 1


if __name__ == "__main__":
    total = Value("i", 0, lock=False)
    candado = Lock()
    ps = [Process(target=sumar, args=(total, candado, 50)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("total", total.value)
)";

}  // namespace

TEST_CASE("trace state: cells, locks, queues, pipes and processes at a moment") {
    const Trace t = small_run();
    const std::vector<lanes::Lane> lanes = lanes::build_lanes(t);
    TraceStateIndex index;
    index.build(t);

    TraceMoment m = index.at(t, lanes, 0);
    CHECK(m.events == 0);
    CHECK(m.cells.empty());
    CHECK(m.locks.empty());
    REQUIRE(m.processes.size() == 2);
    CHECK(m.processes[0].exists);
    CHECK(m.processes[0].state == lanes::LaneState::running);
    CHECK_FALSE(m.processes[1].exists);  // not created yet

    m = index.at(t, lanes, 6);
    CHECK(m.events == 5);
    REQUIRE(m.locks.size() == 1);
    CHECK(m.locks[0].id == 3);
    CHECK(ids(m.locks[0].holders) == std::vector<uint32_t>{0});
    CHECK(ids(m.locks[0].waiters) == std::vector<uint32_t>{1});
    REQUIRE(cell(m, 2, 0));
    CHECK(cell(m, 2, 0)->value == 10);
    CHECK(cell(m, 2, 0)->writes == 1);
    CHECK(m.processes[1].state == lanes::LaneState::blocked);

    m = index.at(t, lanes, 8);
    CHECK(ids(m.locks[0].holders) == std::vector<uint32_t>{1});
    CHECK(m.locks[0].waiters.empty());
    CHECK(m.locks[0].acquisitions == 2);
    CHECK(m.processes[1].state == lanes::LaneState::running);

    m = index.at(t, lanes, 9);  // every event at the time counts
    CHECK(m.locks[0].holders.empty());
    CHECK(cell(m, 2, 0)->value == 11);
    REQUIRE(cell(m, 2, 4));
    CHECK(cell(m, 2, 4)->value == 40);

    m = index.at(t, lanes, 12);
    REQUIRE(m.queues.size() == 1);
    CHECK(m.queues[0].items == 1);
    CHECK(m.queues[0].puts == 2);
    CHECK(m.queues[0].gets == 1);

    m = index.at(t, lanes, 13);
    REQUIRE(m.pipes.size() == 1);
    CHECK(m.pipes[0].conn == 7);
    CHECK(m.pipes[0].in_flight == 1);
    CHECK(index.at(t, lanes, 14).pipes[0].in_flight == 0);

    m = index.at(t, lanes, UINT64_MAX);
    CHECK(m.time == 15);
    CHECK(m.events == t.events.size());
    CHECK(m.processes[1].state == lanes::LaneState::exited);
    CHECK(m.processes[1].exitcode == 3);
    CHECK(index.at(t, lanes, 14).processes[1].state != lanes::LaneState::exited);
}

TEST_CASE("trace state: releases by another process, an RLock's depth, a wait given up") {
    using K = EventKind;
    Trace t;
    t.backend = "threads";
    t.time_unit = TimeUnit::nanoseconds;
    t.events = {
        ev(1, 0, K::lock_acquire, 1), ev(2, 0, K::lock_acquire, 1),  // an RLock taken twice
        ev(3, 1, K::lock_acquire, 2), ev(4, 0, K::lock_release, 2),  // a Lock freed by another
        ev(5, 1, K::lock_wait, 1), ev(6, 1, K::stdout_write),        // the wait timed out
        ev(7, 2, K::lock_release, 9),                                // its acquire was dropped
    };
    const auto lanes = lanes::build_lanes(t);
    TraceStateIndex index;
    index.build(t);
    TraceMoment m = index.at(t, lanes, 2);
    CHECK(ids(m.locks[0].holders) == std::vector<uint32_t>{0, 0});
    m = index.at(t, lanes, 4);
    REQUIRE(m.locks.size() == 2);
    CHECK(m.locks[1].holders.empty());
    m = index.at(t, lanes, 5);
    CHECK(ids(m.locks[0].waiters) == std::vector<uint32_t>{1});
    m = index.at(t, lanes, 7);
    CHECK(m.locks[0].waiters.empty());
    CHECK(ids(m.locks[0].holders) == std::vector<uint32_t>{0, 0});
    CHECK(m.locks[2].holders.empty());
}

TEST_CASE("trace state: 100,000 events answer as a replay from the start would") {
    // Random traffic on 3 cells, 2 queues and 2 locks by 4 processes; the answers at many
    // moments (across the index's saved copies) are checked against a plain model replayed
    // from the first event, and the locks against an index built over just the prefix.
    using K = EventKind;
    std::mt19937 rng(7);
    Trace t;
    t.backend = "threads";
    t.time_unit = TimeUnit::nanoseconds;
    std::map<uint32_t, std::vector<uint32_t>> holders;  // lock -> procs
    uint64_t time = 0;
    while (t.events.size() < 100'000) {
        time += rng() % 3;
        const uint32_t p = rng() % 4;
        switch (rng() % 5) {
            case 0: t.events.push_back(ev(time, p, K::shared_write, 1 + rng() % 2, (int64_t)(rng() % 1000), (uint16_t)(rng() % 2))); break;
            case 1: t.events.push_back(ev(time, p, K::shared_read, 1, (int64_t)(rng() % 1000))); break;
            case 2: t.events.push_back(ev(time, p, rng() % 2 ? K::queue_put : K::queue_get, 1 + rng() % 2, (int64_t)t.events.size())); break;
            default: {
                const uint32_t lock = 1 + rng() % 2;
                auto& h = holders[lock];
                if (!h.empty() && rng() % 2) {
                    t.events.push_back(ev(time, h.back(), K::lock_release, lock));
                    h.pop_back();
                } else {
                    t.events.push_back(ev(time, p, K::lock_acquire, lock));
                    h.push_back(p);
                }
            }
        }
    }
    const auto lanes = lanes::build_lanes(t);
    TraceStateIndex index;
    index.build(t);

    std::map<uint64_t, int64_t> cells;       // object << 16 | cell -> value
    std::map<uint32_t, int64_t> queue_items;
    size_t next = 0;
    for (uint64_t at = 0; at <= time; at += 1 + time / 97) {
        for (; next < t.events.size() && t.events[next].time <= at; ++next) {
            const TraceEvent& e = t.events[next];
            if (e.kind == K::shared_write || e.kind == K::shared_read) cells[(uint64_t)e.object << 16 | e.cell] = e.value;
            if (e.kind == K::queue_put) ++queue_items[e.object];
            if (e.kind == K::queue_get) queue_items[e.object] = std::max<int64_t>(0, queue_items[e.object] - 1);
        }
        const TraceMoment m = index.at(t, lanes, at);
        INFO("at " << at);
        CHECK(m.events == next);
        REQUIRE(m.cells.size() == cells.size());
        for (const TracedCell& c : m.cells) CHECK(c.value == cells.at((uint64_t)c.object << 16 | c.cell));
        REQUIRE(m.queues.size() == queue_items.size());
        for (const TracedQueue& q : m.queues) CHECK(q.items == queue_items.at(q.id));

        Trace prefix = t;
        prefix.events.resize(next);
        TraceStateIndex fresh;
        fresh.build(prefix);
        const TraceMoment f = fresh.at(prefix, lanes, UINT64_MAX);
        REQUIRE(f.locks.size() == m.locks.size());
        for (size_t i = 0; i < f.locks.size(); ++i) {
            CHECK(ids(f.locks[i].holders) == ids(m.locks[i].holders));
            CHECK(f.locks[i].acquisitions == m.locks[i].acquisitions);
        }
    }
}

TEST_CASE("trace state: a real run's last values are what it printed") {
    for (Backend b : {Backend::sim, Backend::threads, Backend::fork}) {
        INFO("backend " << std::string(backend_name(b)));
        const RunResult r = run_traced(b, kLockedRace, "carrera.py");
        REQUIRE(r.exit_status == 0);
        REQUIRE(r.out == "total 100\n");
        TraceStateIndex index;
        index.build(r.trace);
        const TraceMoment m = index.at(r.trace, lanes::build_lanes(r.trace), UINT64_MAX);
        REQUIRE(m.cells.size() == 1);
        CHECK(m.cells[0].value == 100);
        CHECK(m.cells[0].writes == 101);  // Value("i", 0) writes its initial 0
        REQUIRE_FALSE(m.locks.empty());
        for (const TracedLock& l : m.locks) {
            CHECK(l.holders.empty());
            CHECK(l.waiters.empty());
        }
        REQUIRE(m.processes.size() == 3);
        for (const TracedProcess& p : m.processes) CHECK(p.state == lanes::LaneState::exited);
    }
}

TEST_CASE("trace file: the scenario's source survives write -> import on every backend") {
    for (Backend b : {Backend::sim, Backend::threads, Backend::fork}) {
        INFO("backend " << std::string(backend_name(b)));
        const RunResult r = run_traced(b, kLockedRace, "carrera.py");
        REQUIRE(r.trace.scenario);
        const std::string text = chrome_trace_json(r.trace);
        CHECK(text.find("\"scenario\":{\"file\":\"carrera.py\"") != std::string::npos);
        Trace back;
        TraceLoadError e;
        REQUIRE_MESSAGE(import_trace_json(text, &back, &e), format_trace_error("t", e));
        REQUIRE(back.scenario);
        CHECK(back.scenario->file == "carrera.py");
        CHECK(back.scenario->source == kLockedRace);
        CHECK(chrome_trace_json(back) == text);
    }
}

TEST_CASE("trace file: a trace without a scenario opens; a bad scenario is refused") {
    Trace t = small_run();
    const std::string without = chrome_trace_json(t);
    CHECK(without.find("\"scenario\"") == std::string::npos);
    Trace back;
    TraceLoadError e;
    REQUIRE_MESSAGE(import_trace_json(without, &back, &e), format_trace_error("t", e));
    CHECK_FALSE(back.scenario);
    CHECK(chrome_trace_json(back) == without);

    t.scenario = TraceScenario{"x.py", "print('hola')\n"};
    const std::string with = chrome_trace_json(t);
    auto refused = [&](const std::string& from, const std::string& to, const char* message) {
        std::string bad = with;
        const size_t at = bad.find(from);
        REQUIRE(at != std::string::npos);
        bad.replace(at, from.size(), to);
        Trace out;
        TraceLoadError err;
        CHECK_FALSE(import_trace_json(bad, &out, &err));
        CHECK(err.message == message);
        CHECK(err.line > 0);
        CHECK(out.events.empty());
    };
    refused("\"scenario\":{\"file\":\"x.py\",", "\"scenario\":{\"file\":7,",
            "otherData.scenario.file should be string, not number");
    refused("\"scenario\":{\"file\":\"x.py\",\"source\":\"print('hola')\\n\"}", "\"scenario\":[]",
            "otherData.scenario should be object, not array");
    refused(",\"source\":\"print('hola')\\n\"", "",
            "otherData.scenario has no \"source\"");
}
