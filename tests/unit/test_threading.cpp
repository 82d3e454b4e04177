// threading on the simulator: the GIL is observable (CPU-bound threads take as long as one
// thread doing all the work, processes on two cores take half), hand-offs reach the trace,
// runs stay deterministic, and an all-threads deadlock ends with a report.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "exec/runners.h"

using namespace forklab;

namespace {

RunResult sim(const std::string& source, uint64_t seed = 1) {
    RunRequest r;
    r.source = source;
    r.filename = "scenario.py";
    r.backend = Backend::sim;
    r.seed = seed;
    r.cores = 2;
    return run_sim(r, nullptr);
}

uint64_t end_time(const RunResult& r) {
    uint64_t t = 0;
    for (const TraceEvent& e : r.trace.events) t = std::max(t, e.time);
    return t;
}

size_t count(const RunResult& r, EventKind k) {
    return size_t(std::count_if(r.trace.events.begin(), r.trace.events.end(),
                                [k](const TraceEvent& e) { return e.kind == k; }));
}

const char* kWork = R"(
def trabajo(n):
    s = 0
    for i in range(n):
        s += i
    return s
)";

std::string split(const char* how) {
    return std::string(kWork) + how;
}

}  // namespace

// Work large enough (about 20 ms of virtual time each) that starting a process (1.5 ms in
// the cost model, exec/sim_costs.h) does not hide the speed-up, as with CPython.
TEST_CASE("threading: CPU-bound threads get no speed-up under the GIL, processes do") {
    const RunResult one = sim(split(R"(
trabajo(200000)
trabajo(200000)
print("ok")
)"));
    const RunResult threads = sim(split(R"(
import threading
hs = [threading.Thread(target=trabajo, args=(200000,)) for _ in range(2)]
for h in hs: h.start()
for h in hs: h.join()
print("ok")
)"));
    const RunResult procs = sim(split(R"(
from multiprocessing import Process
if __name__ == "__main__":
    ps = [Process(target=trabajo, args=(200000,)) for _ in range(2)]
    for p in ps: p.start()
    for p in ps: p.join()
    print("ok")
)"));
    REQUIRE(one.out == "ok\n");
    REQUIRE(threads.out == "ok\n");
    REQUIRE(procs.out == "ok\n");
    const double t1 = double(end_time(one)), tt = double(end_time(threads)), tp = double(end_time(procs));
    CHECK(tt > 0.9 * t1);   // two threads on two cores: no faster than one thread
    CHECK(tp < 0.7 * t1);   // two processes on two cores: close to half
    // The threads took turns at the switch interval: the trace shows the hand-offs.
    CHECK(count(threads, EventKind::thread_switch) >= 4);
    CHECK(count(one, EventKind::thread_switch) == 0);
}

TEST_CASE("threading: same seed, same run") {
    const std::string src = R"(
import threading, queue, time
q = queue.Queue(maxsize=2)
def prod():
    for i in range(20):
        q.put(i)
    q.put(None)
out = []
def cons():
    while True:
        x = q.get()
        if x is None:
            break
        out.append(x)
t1 = threading.Thread(target=prod); t2 = threading.Thread(target=cons)
t1.start(); t2.start(); t1.join(); t2.join()
print(out == list(range(20)))
)";
    const RunResult a = sim(src, 7), b = sim(src, 7);
    CHECK(a.out == "True\n");
    CHECK(a.out == b.out);
    CHECK(a.trace.events.size() == b.trace.events.size());
    CHECK(end_time(a) == end_time(b));
}

TEST_CASE("threading: every thread waiting without a timeout ends the process with a report") {
    const RunResult r = sim(R"(
import threading
a = threading.Lock()
b = threading.Lock()
def cruzar(x, y, ev):
    with x:
        ev.wait(0.01)
        with y:
            print("nunca")
e = threading.Event()
t = threading.Thread(target=cruzar, args=(b, a, e))
t.start()
cruzar(a, b, e)
)");
    CHECK(r.exit_status == 1);
    CHECK(r.err.find("forklab: deadlock in MainProcess") != std::string::npos);
    CHECK(r.err.find("MainThread waits in lock.acquire()") != std::string::npos);
    CHECK(r.err.find("Thread-1 (cruzar) waits in lock.acquire()") != std::string::npos);
}

TEST_CASE("threading: a thread waiting on a child's lock does not stop the other threads") {
    const RunResult r = sim(R"(
import threading, time
from multiprocessing import Lock, Process
def hijo(lk):
    with lk:
        time.sleep(0.2)
def latido():
    time.sleep(0.01)
    print("latido")
if __name__ == "__main__":
    lk = Lock()
    p = Process(target=hijo, args=(lk,))
    p.start()
    time.sleep(0.05)
    threading.Thread(target=latido).start()
    with lk:
        print("lock")
    p.join()
)");
    CHECK(r.out == "latido\nlock\n");
    CHECK(r.diagnostics.empty());
}
