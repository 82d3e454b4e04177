// Threads waiting in multiprocessing calls (docs/threading.md): on sim, a thread blocked in a
// Queue, Pipe, Condition or Barrier wait lets the other threads of its process run, two
// threads on one Condition keep their own tickets, and an RLock belongs to one thread.
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
    return run_sim(r, nullptr);
}

}  // namespace

TEST_CASE("thread host waits: a thread's q.get() and conn.recv() leave the main thread running") {
    const RunResult r = sim(R"(
import threading
from multiprocessing import Queue, Pipe, Process
def hijo(q, c):
    q.put("q")
    c.send("c")
if __name__ == "__main__":
    q = Queue()
    a, b = Pipe()
    got = []
    t1 = threading.Thread(target=lambda: got.append(q.get()))
    t2 = threading.Thread(target=lambda: got.append(a.recv()))
    t1.start(); t2.start()
    print("main runs")
    p = Process(target=hijo, args=(q, b))
    p.start()
    t1.join(); t2.join(); p.join()
    print(sorted(got))
)");
    CHECK(r.out == "main runs\n['c', 'q']\n");
    CHECK(r.diagnostics.empty());
}

TEST_CASE("thread host waits: two threads on one Condition, notified one at a time") {
    const RunResult r = sim(R"(
import threading, time
from multiprocessing import Condition, Process
def avisa(c):
    time.sleep(0.05)
    with c:
        c.notify()
    time.sleep(0.05)
    with c:
        c.notify()
if __name__ == "__main__":
    c = Condition()
    n = []
    def espera():
        with c:
            n.append(c.wait(2))
    ts = [threading.Thread(target=espera) for _ in range(2)]
    for t in ts: t.start()
    p = Process(target=avisa, args=(c,))
    p.start()
    for t in ts: t.join()
    p.join()
    print(n)
)");
    CHECK(r.out == "[True, True]\n");
    CHECK(r.diagnostics.empty());
}

TEST_CASE("thread host waits: a multiprocessing RLock belongs to the thread that took it") {
    const RunResult r = sim(R"(
import threading
from multiprocessing import RLock
lk = RLock()
lk.acquire()
def otro():
    print(lk.acquire(False))
    try:
        lk.release()
    except AssertionError as e:
        print(e)
t = threading.Thread(target=otro)
t.start(); t.join()
lk.release()
t = threading.Thread(target=lambda: print(lk.acquire(False)))
t.start(); t.join()
)");
    CHECK(r.out == "False\nattempt to release recursive lock not owned by thread\nTrue\n");
}

TEST_CASE("thread host waits: a Barrier wait times out and breaks while the other thread runs") {
    const RunResult r = sim(R"(
import threading
from multiprocessing import Barrier
b = Barrier(2)
def espera():
    try:
        b.wait(0.05)
    except threading.BrokenBarrierError:
        print("rota")
t = threading.Thread(target=espera)
t.start()
print("main")
t.join()
print(b.broken)
)");
    CHECK(r.out == "main\nrota\nTrue\n");
}
