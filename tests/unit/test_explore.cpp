// Exhaustive exploration (exec/explore.h) on scenarios whose possible outcomes are known by
// hand: every outcome found, nothing else, each witness replays to its outcome, and budgets
// stop the search with an honest "explored N of at least M".
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <string>

#include "exec/explore.h"
#include "test_support_scenarios.h"

using namespace forklab;

namespace {

const char* kLockedRace = R"(from multiprocessing import Process, Value

def work(c):
    for _ in range(2):
        with c.get_lock():
            c.value += 1

if __name__ == "__main__":
    c = Value("i", 0)
    ps = [Process(target=work, args=(c,)) for _ in range(2)]
    for p in ps: p.start()
    for p in ps: p.join()
    print(c.value)
)";

const char* kTwoPrinters = R"(from multiprocessing import Process

def say(word):
    print(word)

if __name__ == "__main__":
    ps = [Process(target=say, args=(w,)) for w in "AB"]
    for p in ps: p.start()
    for p in ps: p.join()
)";

const char* kLockedQueue = R"(from multiprocessing import Process, Lock, Queue

def add(lock, q, name):
    with lock:
        q.put(name)

if __name__ == "__main__":
    lock, q = Lock(), Queue()
    ps = [Process(target=add, args=(lock, q, n)) for n in ("uno", "dos")]
    for p in ps: p.start()
    got = [q.get(), q.get()]
    for p in ps: p.join()
    print(*got)
)";

const char* kOppositeLocks = R"(from multiprocessing import Process, Lock

def take(first, second):
    with first:
        with second:
            pass

if __name__ == "__main__":
    a, b = Lock(), Lock()
    p = Process(target=take, args=(a, b))
    q = Process(target=take, args=(b, a))
    p.start(); q.start()
    p.join(); q.join()
    print("done")
)";

ExploreResult explore_source(const char* source, ExploreLimits limits = {}) {
    RunRequest r;
    r.source = source;
    r.filename = "scenario.py";
    ExploreOptions o;
    o.limits = limits;
    return explore(r, o);
}

std::set<std::string> outputs(const ExploreResult& r) {
    std::set<std::string> s;
    for (const Outcome& o : r.outcomes) s.insert(o.out);
    return s;
}

// Replays every witness as `forklab run --backend sim --schedule W` would. With `may_run_on`,
// a witness may end where the run went on by itself (Explorer::stuck_state): the replay's
// schedule then begins with it.
void check_witnesses_replay(const char* source, const ExploreResult& r, bool may_run_on = false) {
    for (const Outcome& o : r.outcomes) {
        RunRequest req;
        req.source = source;
        req.backend = Backend::sim;
        req.trace = false;
        req.sim.policy = SimPolicy::steps;
        req.sim.schedule = o.witness;
        SimSession s(req, nullptr);
        while (s.advance(1'000'000)) {
        }
        const RunResult got = s.take_result();
        const Outcome replayed = outcome_of(s, got);
        CHECK_MESSAGE(outcome_key(replayed) == outcome_key(o), "witness " << o.witness);
        if (may_run_on && got.schedule != o.witness) CHECK(got.schedule.rfind(o.witness + ",", 0) == 0);
        else CHECK(got.schedule == o.witness);
    }
}

}  // namespace

TEST_CASE("explore: two processes incrementing twice without the lock give 2, 3 or 4") {
    const ExploreResult r = explore_source(testing::kTwoProcessesTwice);
    REQUIRE(r.errors.empty());
    CHECK(r.complete);
    CHECK(outputs(r) == std::set<std::string>{"2\n", "3\n", "4\n"});
    uint64_t sum = 0;
    for (const Outcome& o : r.outcomes) {
        CHECK(o.ending == Ending::exit);
        CHECK(o.count > 0);
        sum += o.count;
        REQUIRE(o.shared.size() == 1);
        CHECK(std::to_string(o.shared[0].cells[0].i) + "\n" == o.out);
        CHECK(format_shared(o.shared) == "#1=" + o.out.substr(0, 1));
    }
    CHECK(sum == r.schedules);
    CHECK(r.at_least == r.schedules);
    CHECK(explore_summary(r).rfind("explored all ", 0) == 0);
    check_witnesses_replay(testing::kTwoProcessesTwice, r);
    // The shortest way to lose two updates: both read before either writes, twice.
    for (const Outcome& o : r.outcomes)
        if (o.out == "2\n") CHECK(o.witness_switches >= 3);
}

TEST_CASE("explore: with get_lock() around the increment only 4 is possible") {
    const ExploreResult r = explore_source(kLockedRace);
    CHECK(r.complete);
    CHECK(outputs(r) == std::set<std::string>{"4\n"});
    check_witnesses_replay(kLockedRace, r);
}

TEST_CASE("explore: two printers give both orders") {
    const ExploreResult r = explore_source(kTwoPrinters);
    CHECK(r.complete);
    CHECK(outputs(r) == std::set<std::string>{"A\nB\n", "B\nA\n"});
    check_witnesses_replay(kTwoPrinters, r);
}

TEST_CASE("explore: a lock orders two puts, in either order") {
    const ExploreResult r = explore_source(kLockedQueue);
    CHECK(r.complete);
    CHECK(outputs(r) == std::set<std::string>{"uno dos\n", "dos uno\n"});
    check_witnesses_replay(kLockedQueue, r);
}

TEST_CASE("explore: a deadlock of some interleavings is an outcome with its witness") {
    const ExploreResult r = explore_source(kOppositeLocks);
    CHECK(r.complete);
    REQUIRE(r.outcomes.size() == 2);
    const auto dead = std::find_if(r.outcomes.begin(), r.outcomes.end(),
                                   [](const Outcome& o) { return o.ending == Ending::deadlock; });
    REQUIRE(dead != r.outcomes.end());
    CHECK(dead->out.empty());
    CHECK(dead->message.find("Deadlock") == 0);
    const auto fine = std::find_if(r.outcomes.begin(), r.outcomes.end(),
                                   [](const Outcome& o) { return o.ending == Ending::exit; });
    REQUIRE(fine != r.outcomes.end());
    CHECK(fine->out == "done\n");
    check_witnesses_replay(kOppositeLocks, r);
}

TEST_CASE("explore: budgets stop with explored N of at least M") {
    ExploreLimits few;
    few.max_executions = 4;
    const ExploreResult r = explore_source(testing::kTwoProcessesTwice, few);
    CHECK_FALSE(r.complete);
    CHECK(r.stopped_by == "executions");
    CHECK(r.at_least > r.schedules);
    CHECK(explore_summary(r).find(" of at least ") != std::string::npos);
    const ExploreResult all = explore_source(testing::kTwoProcessesTwice);
    CHECK(r.at_least <= all.schedules);  // M is a lower bound
    for (const Outcome& o : r.outcomes) CHECK(outputs(all).count(o.out));

    ExploreLimits short_runs;
    short_runs.max_steps = 5;
    const ExploreResult cut = explore_source(testing::kTwoProcessesTwice, short_runs);
    CHECK_FALSE(cut.complete);
    CHECK(cut.stopped_by == "steps");
    for (const Outcome& o : cut.outcomes) CHECK(o.ending == Ending::step_limit);

    std::atomic<bool> cancel{true};
    RunRequest req;
    req.source = testing::kTwoProcessesTwice;
    ExploreOptions o;
    o.cancel = &cancel;
    const ExploreResult stopped = explore(req, o);
    CHECK(stopped.stopped_by == "cancelled");
    CHECK_FALSE(stopped.complete);
}

TEST_CASE("explore: a program that does not compile explores nothing") {
    const ExploreResult r = explore_source("def f(:\n");
    CHECK_FALSE(r.errors.empty());
    CHECK(r.outcomes.empty());
    CHECK_FALSE(r.complete);
}

TEST_CASE("explore: threads of two processes race on a Value: every lost update, with replayable witnesses") {
    // Each writer reads, calls a function (a GIL release point for its threads) and writes
    // what it read plus 1 (MainProcess) or 10 (two threads of the child): the last write
    // wins, so the final value is one writer's read plus its k.
    const char* source = R"(import multiprocessing as mp
import threading

def pausa():
    pass

def trabajo(v, k):
    leido = v.value
    pausa()
    v.value = leido + k

def hijo(v):
    hs = [threading.Thread(target=trabajo, args=(v, 10)) for _ in range(2)]
    for h in hs:
        h.start()
    for h in hs:
        h.join()

if __name__ == "__main__":
    v = mp.Value("i", 0, lock=False)
    p = mp.Process(target=hijo, args=(v,))
    p.start()
    trabajo(v, 1)
    p.join()
    print(v.value)
)";
    const ExploreResult r = explore_source(source);
    REQUIRE(r.complete);
    CHECK(outputs(r) == std::set<std::string>{"1\n", "10\n", "11\n", "20\n", "21\n"});
    check_witnesses_replay(source, r);
}

TEST_CASE("explore: a thread that sleeps may wake while another thread computes") {
    const char* source = R"(import threading, time

def dormilon():
    time.sleep(0.001)
    print("A")

def ocupado():
    x = 0
    for i in range(3):
        x += i
    print("B")

if __name__ == "__main__":
    t1 = threading.Thread(target=dormilon)
    t2 = threading.Thread(target=ocupado)
    t1.start()
    t2.start()
    t1.join()
    t2.join()
)";
    const ExploreResult r = explore_source(source);
    REQUIRE(r.complete);
    CHECK(outputs(r) == std::set<std::string>{"A\nB\n", "B\nA\n"});
    check_witnesses_replay(source, r);
}

// A process that polls a flag in a loop: each turn that finds it unset comes back to the same
// state, so the search cuts the schedule there instead of unrolling the loop up to the step
// limit (which took 30 s and reported a "cut short" outcome that no fair schedule has).
const char* kSpinOnFlag = R"(from multiprocessing import Process, Value

def espera(bandera, dato):
    while bandera.value == 0:
        pass
    print(dato.value)

if __name__ == "__main__":
    bandera, dato = Value("i", 0), Value("i", 0)
    p = Process(target=espera, args=(bandera, dato))
    p.start()
    dato.value = 1
    bandera.value = 1
    dato.value = 2
    p.join()
)";

TEST_CASE("explore: a loop polling a flag is cut where it comes back, and both outcomes are found") {
    const ExploreResult r = explore_source(kSpinOnFlag);
    REQUIRE(r.errors.empty());
    CHECK(r.complete);
    CHECK(r.stopped_by.empty());
    CHECK(outputs(r) == std::set<std::string>{"1\n", "2\n"});
    CHECK(r.loops > 0);
    CHECK(r.executions < 100);
    for (const Outcome& o : r.outcomes) CHECK(o.ending == Ending::exit);
    CHECK(explore_loops_note(r).find("not counted") != std::string::npos);
    check_witnesses_replay(kSpinOnFlag, r);
    // Without a loop there is no note.
    const ExploreResult plain = explore_source(kLockedRace);
    CHECK(plain.loops == 0);
    CHECK(explore_loops_note(plain).empty());
}

// Threads that wait on multiprocessing objects poll them; each thread is still a choice of its
// own, so which consumer gets which item, and in which order they note it, are all found (the
// simulator's own thread scheduling alone gives one of the four).
TEST_CASE("explore: threads that wait on a multiprocessing Queue are interleaved") {
    const char* source = R"(import multiprocessing as mp
import threading

def consumidor(q, salida, nombre):
    salida.append((nombre, q.get()))

def productor(q):
    q.put("a")

if __name__ == "__main__":
    q = mp.Queue()
    salida = []
    hilos = [threading.Thread(target=consumidor, args=(q, salida, n)) for n in ("T1", "T2")]
    for h in hilos:
        h.start()
    p = mp.Process(target=productor, args=(q,))
    p.start()
    p.join()
    q.put("b")
    for h in hilos:
        h.join()
    print(salida)
)";
    const ExploreResult r = explore_source(source);
    REQUIRE(r.complete);
    CHECK(outputs(r) == std::set<std::string>{"[('T1', 'a'), ('T2', 'b')]\n", "[('T2', 'b'), ('T1', 'a')]\n",
                                              "[('T2', 'a'), ('T1', 'b')]\n", "[('T1', 'b'), ('T2', 'a')]\n"});
    for (const Outcome& o : r.outcomes) CHECK(o.ending == Ending::exit);
    check_witnesses_replay(source, r);
}

// A thread that polls a Queue nobody fills: every choice is a retry in vain, so the run goes
// on by itself and the simulator's deadlock diagnosis is the outcome (not "no outcome", not a
// step limit). (tests/explore_cli.sh: a polled wait whose timeout may fire.)
TEST_CASE("explore: a polled wait that nothing ends is a deadlock") {
    const char* forever = R"(import multiprocessing as mp
import threading

def lector(q):
    print(q.get())

if __name__ == "__main__":
    q = mp.Queue()
    t = threading.Thread(target=lector, args=(q,))
    t.start()
    t.join()
)";
    const ExploreResult r = explore_source(forever);
    REQUIRE(r.complete);
    REQUIRE(r.outcomes.size() == 1);
    CHECK(r.outcomes[0].ending == Ending::deadlock);
    CHECK(r.outcomes[0].message.find("Deadlock") == 0);
    check_witnesses_replay(forever, r, true);
}
