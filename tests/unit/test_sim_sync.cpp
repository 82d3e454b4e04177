// The sim backend's Semaphore, Event, Condition and Barrier: deadlocks are explained in words
// (who waits for what, who holds it), every operation is in the trace, and a seed replays.
#include <doctest/doctest.h>

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
    r.trace = true;
    return run_sim(r, nullptr);
}

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

const Diagnostic& deadlock_of(const RunResult& r) {
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].kind == "Deadlock");
    CHECK(r.exit_status == 1);
    return r.diagnostics[0];
}

}  // namespace

TEST_CASE("sim sync: a barrier short of parties is a deadlock that counts the arrivals") {
    const RunResult r = sim(R"(from multiprocessing import Process, Barrier

def llegar(b):
    b.wait()

if __name__ == "__main__":
    b = Barrier(3)
    p = Process(target=llegar, args=(b,))
    p.start()
    b.wait()
)");
    const Diagnostic& d = deadlock_of(r);
    CHECK(has(d.message, "MainProcess waits in `b.wait()` (line 10): barrier `b` needs 3 parties, only 2 have arrived"));
    CHECK(has(d.message, "Process-1 waits in `b.wait()` (line 4): barrier `b` needs 3 parties"));
}

TEST_CASE("sim sync: a semaphore nobody releases and an event nobody sets are named") {
    const RunResult r = sim(R"(from multiprocessing import Process, Semaphore, Event

def f(s):
    s.acquire()

def g(e):
    e.wait()

if __name__ == "__main__":
    s = Semaphore(0)
    e = Event()
    p = Process(target=f, args=(s,))
    q = Process(target=g, args=(e,))
    p.start()
    q.start()
    p.join()
)");
    const Diagnostic& d = deadlock_of(r);
    CHECK(has(d.message, "MainProcess waits in `p.join()` for Process-1 to end (line 16)"));
    CHECK(has(d.message, "Process-1 waits in `s.acquire()` (line 4): semaphore `s` is at 0 and no other process can release it"));
    CHECK(has(d.message, "Process-2 waits in `e.wait()` (line 7) for event `e`, which is not set"));
}

TEST_CASE("sim sync: a notified condition waiter that cannot take its lock back says who holds it") {
    const RunResult r = sim(R"(from multiprocessing import Process, Condition, Lock
import time

def f(c):
    with c:
        c.wait()

if __name__ == "__main__":
    c = Condition()
    l = Lock()
    p = Process(target=f, args=(c,))
    p.start()
    time.sleep(0.1)
    with c:
        c.notify()
        l.acquire()
        l.acquire()
)");
    const Diagnostic& d = deadlock_of(r);
    CHECK(has(d.message, "Process-1 was woken in `c.wait()` and waits to take back the lock of condition `c` (line 6), which MainProcess holds"));
    CHECK(has(d.message, "MainProcess already holds lock `l` and waits for it again (line 17): a Lock is not reentrant"));
}

TEST_CASE("sim sync: a condition wait nobody notifies is a deadlock, not a hang") {
    const RunResult r = sim(R"(from multiprocessing import Condition

c = Condition()
with c:
    c.wait()
)");
    const Diagnostic& d = deadlock_of(r);
    CHECK(has(d.message, "MainProcess waits in `c.wait()` (line 5) on condition `c`, and no other process can notify it"));
}

TEST_CASE("sim sync: operations are traced with their SyncOp, and blocked states carry the reason") {
    const char* src = R"(from multiprocessing import Process, Barrier, Semaphore

def w(b, s):
    with s:
        b.wait()

if __name__ == "__main__":
    b = Barrier(3)
    s = Semaphore(2)
    ps = [Process(target=w, args=(b, s)) for _ in range(2)]
    for p in ps:
        p.start()
    b.wait()
    for p in ps:
        p.join()
    print(s.get_value())
)";
    const RunResult r = sim(src, 3);
    CHECK(r.exit_status == 0);
    CHECK(r.out == "2\n");
    int waits = 0, acquires = 0, releases = 0;
    bool reason = false;
    for (const TraceEvent& e : r.trace.events) {
        if (e.kind == EventKind::sync_op) {
            waits += e.value == (int64_t)SyncOp::wait;
            acquires += e.value == (int64_t)SyncOp::acquire;
            releases += e.value == (int64_t)SyncOp::release;
        }
        if (e.kind == EventKind::proc_blocked && r.trace.text_of(e) &&
            has(*r.trace.text_of(e), "waiting on `b.wait()` (") && has(*r.trace.text_of(e), " of 3 arrived)"))
            reason = true;
    }
    CHECK(waits >= 3);
    CHECK(acquires == 2);
    CHECK(releases == 2);
    CHECK(reason);
    const RunResult again = sim(src, 3);
    CHECK(again.trace.events.size() == r.trace.events.size());
}

TEST_CASE("sim sync: wait_for calls its predicate once per wake-up, not once per re-run") {
    const RunResult r = sim(R"(from multiprocessing import Process, Condition, Value
import time

def child(c, n):
    for i in range(1, 4):
        time.sleep(0.01)
        with c:
            n.value = i
            c.notify()

if __name__ == "__main__":
    c = Condition()
    n = Value("i", 0, lock=False)
    calls = []
    p = Process(target=child, args=(c, n))
    p.start()
    with c:
        print(c.wait_for(lambda: calls.append(n.value) or n.value >= 3))
    p.join()
    print(calls)
)");
    CHECK(r.exit_status == 0);
    CHECK(r.out == "True\n[0, 1, 2, 3]\n");
}
