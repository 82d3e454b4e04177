// The sim's nested waits (Host::wait_nested): a Host call that blocks inside Python code run
// by native code (a generator consumed by sorted(), a key function) waits there while the
// other processes run. Same seed, same run; a deadlock there is reported as any other.
#include <doctest/doctest.h>

#include <string>

#include "exec/runners.h"

using namespace forklab;

namespace {

RunResult sim(const std::string& source, uint64_t seed) {
    RunRequest r;
    r.source = source;
    r.filename = "scenario.py";
    r.backend = Backend::sim;
    r.seed = seed;
    r.cores = 2;
    r.trace = true;
    return run_sim(r, nullptr);
}

// Everything a replay must reproduce: the output, the exit and every trace event.
std::string fingerprint(const RunResult& r) {
    std::string s = r.out + "|" + r.err + "|" + std::to_string(r.exit_status) + "|" +
                    std::to_string(r.instructions) + "\n";
    for (const TraceEvent& e : r.trace.events)
        s += std::to_string(e.time) + " " + std::to_string(e.proc.value) + " " +
             std::to_string(int(e.kind)) + " " + std::to_string(e.object) + " " +
             std::to_string(e.value) + " " + std::to_string(e.text) + "\n";
    return s;
}

const char* kSortedGets = R"(from multiprocessing import Process, Queue

def cuadrado(q, n):
    q.put(n * n)

if __name__ == "__main__":
    q = Queue()
    procs = [Process(target=cuadrado, args=(q, n)) for n in range(4)]
    for p in procs:
        p.start()
    print(sorted(q.get() for _ in procs))
    for p in procs:
        p.join()
)";

// Both processes wait nested at once: the child inside sum(), the parent inside list().
const char* kBothNested = R"(from multiprocessing import Process, Pipe

def sumador(conn):
    conn.send(sum(conn.recv() for _ in range(3)))

if __name__ == "__main__":
    a, b = Pipe()
    p = Process(target=sumador, args=(b,))
    p.start()
    for i in range(3):
        a.send(i)
    print(list(a.recv() for _ in range(1)))
    p.join()
)";

}  // namespace

TEST_CASE("sim nested wait: sorted() over q.get() gives the result and replays for a seed") {
    for (uint64_t seed : {1u, 2u, 7u}) {
        const RunResult a = sim(kSortedGets, seed);
        const RunResult b = sim(kSortedGets, seed);
        CHECK(a.out == "[0, 1, 4, 9]\n");
        CHECK(a.err.empty());
        CHECK(a.exit_status == 0);
        CHECK(a.diagnostics.empty());
        CHECK(fingerprint(a) == fingerprint(b));
        // The main process's wait inside sorted() is in the trace as a block.
        bool blocked = false;
        for (const TraceEvent& e : a.trace.events)
            blocked |= e.proc.value == 0 && e.kind == EventKind::proc_blocked;
        CHECK(blocked);
    }
}

TEST_CASE("sim nested wait: two processes waiting nested at once, replayed for a seed") {
    for (uint64_t seed : {1u, 3u, 5u}) {
        const RunResult a = sim(kBothNested, seed);
        CHECK(a.out == "[3]\n");
        CHECK(a.exit_status == 0);
        CHECK(fingerprint(a) == fingerprint(sim(kBothNested, seed)));
    }
}

TEST_CASE("sim nested wait: a nested recv nobody answers is the sim's deadlock report") {
    const RunResult r = sim(R"(from multiprocessing import Pipe

a, b = Pipe()
print("antes")
print(sorted(a.recv() for _ in range(2)))
print("nunca")
)", 1);
    CHECK(r.out == "antes\n");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].kind == "Deadlock");
    CHECK(r.diagnostics[0].message.find("MainProcess waits in `a.recv()` (line 5) for a message nobody can send: "
                                        "the other end of the pipe is open only in MainProcess itself") !=
          std::string::npos);
    CHECK(r.exit_status == 1);
    CHECK(r.err.find("Traceback") == std::string::npos);  // stopped, not raised
}

TEST_CASE("sim nested wait: a lone process sleeping inside a generator keeps virtual time") {
    const RunResult r = sim(R"(import time
t0 = time.monotonic()
print(sum(time.sleep(0.01) or 1 for _ in range(3)))
print(round(time.monotonic() - t0, 2))
)", 1);
    CHECK(r.out == "3\n0.03\n");
    CHECK(r.exit_status == 0);
}

TEST_CASE("sim nested wait: a wait nested under another process's nested wait fails cleanly") {
    // One core: the child sends (the parent could go on) and then waits nested itself before
    // the parent, suspended further down the C stack, can be resumed. CPython runs this; the
    // sim reports it instead of hanging or corrupting either burst.
    RunRequest r;
    r.source = R"(from multiprocessing import Process, Pipe

def hijo(a2, b2):
    a2.send(1)
    print("hijo", sum(b2.recv() for _ in range(1)))

if __name__ == "__main__":
    a, a2 = Pipe()
    b, b2 = Pipe()
    p = Process(target=hijo, args=(a2, b2))
    p.start()
    print("padre", sum(a.recv() for _ in range(1)))
    b.send(2)
    p.join()
)";
    r.filename = "scenario.py";
    r.backend = Backend::sim;
    r.cores = 1;
    const RunResult res = run_sim(r, nullptr);
    REQUIRE(res.diagnostics.size() == 1);
    CHECK(res.diagnostics[0].kind == "Deadlock");
    CHECK(res.diagnostics[0].message.find("MainProcess (line 12) could go on but waits nested") != std::string::npos);
    CHECK(res.exit_status == 1);
    CHECK(res.out.empty());
    r.cores = 2;  // with a second core the parent resumes first and the run completes
    CHECK(run_sim(r, nullptr).out == "padre 1\nhijo 2\n");
}
