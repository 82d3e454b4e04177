// The threads backend runs the course's race: every update survives with the lock.
#include <doctest/doctest.h>

#include <string>

#include "exec/runners.h"
#include "test_support_race.h"

using namespace forklab;
using forklab::testing::counter_after;

namespace {

const std::string kRace = testing::race_scenario(3000);


RunResult threads(const std::string& source) {
    RunRequest r;
    r.source = source;
    r.filename = "scenario.py";
    r.backend = Backend::threads;
    return run_threads(r, nullptr);
}

}  // namespace

TEST_CASE("threads: the race scenario, exact with the lock") {
    const RunResult r = threads(kRace);
    REQUIRE(r.diagnostics.empty());
    CHECK(r.exit_status == 0);
    const long sin = counter_after(r.out, "sin lock: ");
    CHECK(sin > 0);
    CHECK(sin <= 12000);
    CHECK(counter_after(r.out, "con lock: ") == 12000);
    CHECK(r.trace.backend == "threads");
    CHECK(r.trace.time_unit == TimeUnit::nanoseconds);
    REQUIRE(r.trace.processes.size() == 9);
    CHECK(r.trace.processes[0].name == "MainProcess");
    CHECK(r.trace.processes[8].name == "Process-8");
    for (const ProcessInfo& p : r.trace.processes) CHECK(p.exited);
    for (size_t i = 1; i < r.trace.events.size(); ++i)
        REQUIRE(r.trace.events[i - 1].time <= r.trace.events[i].time);
}

TEST_CASE("threads: exit codes, a child's exception, daemon cleanup") {
    const RunResult r = threads(R"(from multiprocessing import Process
import sys
import time


def falla():
    return 1 / 0


def sale():
    sys.exit(4)


def dormir():
    time.sleep(1000)


if __name__ == "__main__":
    d = Process(target=dormir, daemon=True)
    d.start()
    p = Process(target=falla)
    p.start()
    p.join()
    q = Process(target=sale)
    q.start()
    q.join()
    print(p.exitcode, q.exitcode)
)");
    CHECK(r.exit_status == 0);
    CHECK(r.out == "1 4\n");
    CHECK(r.err.find("ZeroDivisionError") != std::string::npos);
    REQUIRE(r.trace.processes.size() == 4);
    CHECK(r.trace.processes[1].exitcode == -15);
}

TEST_CASE("threads: a real deadlock ends at the wall-clock limit, explained in the run's language") {
    // Two processes take two locks in opposite orders and wait for each other for ever: a real
    // backend cannot see the cycle, so it says so and points at the simulator, which can.
    const char* kCycle = R"(from multiprocessing import Process, Lock, Event
import time

def take(first, second, ready, other):
    with first:
        ready.set()
        other.wait()
        with second:
            pass

if __name__ == "__main__":
    a, b = Lock(), Lock()
    ra, rb = Event(), Event()
    p1 = Process(target=take, args=(a, b, ra, rb))
    p2 = Process(target=take, args=(b, a, rb, ra))
    p1.start(); p2.start()
    p1.join(); p2.join()
)";
    for (Lang lang : {Lang::es, Lang::en}) {
        RunRequest r;
        r.source = kCycle;
        r.filename = "ciclo.py";
        r.backend = Backend::threads;
        r.lang = lang;
        r.limits.max_wall_seconds = 0.5;
        const RunResult res = run_threads(r, nullptr);
        REQUIRE(res.diagnostics.size() == 1);
        CHECK(res.diagnostics[0].kind == "LimitExceeded");
        CHECK(res.exit_status != 0);
        const std::string& m = res.diagnostics[0].message;
        CHECK(m.find("--backend sim") != std::string::npos);
        CHECK(m.find(lang == Lang::es ? "tiempo real" : "wall-clock time") != std::string::npos);
    }
}
