// Thread steps (exec/sim_schedule.h "P.T", Interp::pin_thread): a person picks which thread of
// a process holds the GIL next, so that two threads can be led through a lost update; the
// schedule says so compactly and replays exactly, and undo stays exact across thread steps.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "exec/stepper.h"

using namespace forklab;

namespace {

// The read and the write of `contador` are split by a call: a point where CPython 3.11 may
// hand the GIL to another thread.
// (tests/scenarios/multiprocessing/thread_leer_pausa_escribir.py, shared with the CLI and
// browser tests; its expectations are comments at its end.)
std::string read_scenario(const char* name) {
    std::ifstream in(std::string(FORKLAB_SOURCE_DIR) + "/tests/scenarios/multiprocessing/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
const std::string kThreadRaceText = read_scenario("thread_leer_pausa_escribir.py");
const char* kThreadRace = kThreadRaceText.c_str();

// The second thread finds the lock held by the first.
const char* kThreadLock = R"(import threading

candado = threading.Lock()

def trabajo(nombre):
    with candado:
        print(nombre)

if __name__ == "__main__":
    hilos = [threading.Thread(target=trabajo, args=(n,)) for n in ("a", "b")]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
)";

RunRequest request(const char* source) {
    RunRequest r;
    r.source = source;
    r.filename = "hilos.py";
    return r;
}

std::string snapshot(const Stepper& s) {
    std::string t = "schedule=" + s.schedule() + "\nout=" + s.out() + "\nerr=" + s.err() + "\n";
    for (const StepperProcess& p : s.processes()) {
        t += std::to_string(p.id.value) + " state=" + std::to_string((int)p.state) + " line=" +
             std::to_string(p.line) + " instr=" + std::to_string(p.instructions) + "\n";
        for (const SimThreadView& th : p.threads)
            t += "  " + std::to_string(th.number) + " " + th.name + " line=" + std::to_string(th.line) +
                 " gil=" + std::to_string(th.holds_gil) + " wait=" + std::to_string(th.waiting) + th.waits_in + "\n";
    }
    return t + (s.finished() ? "finished " + std::to_string(s.result()->exit_status) : "live");
}

// Runs `commands` (P, P.T as in exec/step_commands.h, spelled as choices here).
void take(Stepper& s, std::initializer_list<const char*> choices) {
    std::string err;
    for (const char* c : choices) {
        const std::string w = c;
        const size_t dot = w.find('.');
        const uint32_t p = (uint32_t)std::stoul(w.substr(0, dot));
        const uint32_t t = dot == std::string::npos ? kAnyThread : (uint32_t)std::stoul(w.substr(dot + 1));
        INFO("choice " << w << " at step " << s.step_count());
        REQUIRE(s.step_visible(ProcId{p}, &err, 1, t));
    }
}

// Thread `number` of MainProcess, null once it has ended (kept until the next call).
const SimThreadView* thread(const Stepper& s, uint32_t number) {
    static std::vector<SimThreadView> seen;
    seen = s.processes()[0].threads;
    for (const SimThreadView& t : seen)
        if (t.number == number) return &t;
    return nullptr;
}

RunResult replay(const char* source, const std::string& schedule) {
    RunRequest r = request(source);
    r.backend = Backend::sim;
    r.sim.policy = SimPolicy::steps;
    r.sim.schedule = schedule;
    return run_sim(r, nullptr);
}

// Undo to every earlier point gives what a fresh stepper given the same choices shows.
void check_undo_everywhere(Stepper& live, const char* source) {
    const std::vector<StepChoice> all = live.choices();
    const std::string end = snapshot(live);
    std::string err;
    for (size_t k = all.size(); k-- > 0;) {
        Stepper fresh(request(source));
        for (size_t i = 0; i < k; ++i) REQUIRE(fresh.apply(all[i], &err));
        REQUIRE(live.back_to(k, &err));
        CHECK(snapshot(live) == snapshot(fresh));
    }
    for (const StepChoice& c : all) REQUIRE(live.apply(c, &err));
    CHECK(snapshot(live) == end);
}

}  // namespace

TEST_CASE("schedule: thread steps are written P.T and read back") {
    std::vector<ScheduleStep> steps;
    std::string err;
    REQUIRE(parse_schedule("0+50,0.1x2,0.0,0.2+3,1", &steps, &err));
    REQUIRE(steps.size() == 5);
    CHECK(steps[0].thread == kAnyThread);
    CHECK((steps[1].thread == 1 && steps[1].count == 2 && !steps[1].instructions));
    CHECK((steps[3].thread == 2 && steps[3].count == 3 && steps[3].instructions));
    CHECK(steps[4].thread == kAnyThread);
    CHECK(format_schedule(steps) == "0+50,0.1x2,0.0,0.2+3,1");
    // Steps of one thread merge; of another thread, or of the process, they do not.
    std::vector<ScheduleStep> built;
    append_step(built, 0, 1, false, 1);
    append_step(built, 0, 1, false, 1);
    append_step(built, 0, 1, false, 2);
    append_step(built, 0);
    CHECK(format_schedule(built) == "0.1x2,0.2,0");
    CHECK_FALSE(parse_schedule("0.", &steps, &err));
    CHECK(err.find("a thread number is missing at character 3") == 0);
    CHECK_FALSE(parse_schedule("0.x1", &steps, &err));
    CHECK_FALSE(parse_schedule("0.4294967295", &steps, &err));
}

TEST_CASE("thread steps: two threads led through a lost update, replayed exactly") {
    Stepper s(request(kThreadRace));
    std::string err;
    // A process step by hand stops right after Thread.start(): the new thread is a choice.
    take(s, {"0"});
    REQUIRE(s.processes()[0].threads.size() == 2);
    CHECK(thread(s, 0)->name == "MainThread");
    CHECK(thread(s, 1)->name == "Thread-1 (sumar)");
    CHECK(thread(s, 1)->line == 0);  // has not run yet
    // Thread 1: into sumar(), then it reads contador and stops entering pausa() (a call).
    take(s, {"0.1"});
    CHECK(thread(s, 1)->line == 10);
    CHECK(thread(s, 1)->holds_gil);
    take(s, {"0.1"});
    CHECK(thread(s, 1)->line == 6);  // pausa's body: it has read contador, not written it
    // MainThread starts thread 2, which reads the same 0 and writes 1 and ends.
    take(s, {"0.0", "0.0"});
    REQUIRE(thread(s, 2) != nullptr);
    CHECK(thread(s, 0)->line == 17);  // it stops right after h.start(), a GIL release point
    CHECK(thread(s, 0)->holds_gil);
    take(s, {"0.2", "0.2", "0.2"});
    CHECK(thread(s, 2) == nullptr);  // ended
    // Thread 1 writes what it read plus one: 1 again.
    take(s, {"0.1"});
    const std::string schedule = s.schedule();
    CHECK(schedule.find("0.1x2,0.0x2,0.2x3,0.1") != std::string::npos);
    s.run_to_end();
    REQUIRE(s.finished());
    CHECK(s.out() == "contador = 1\n");
    const RunResult r = replay(kThreadRace, s.schedule());
    CHECK(r.out == "contador = 1\n");
    CHECK(r.schedule == s.schedule());
    // Without thread choices the interpreter's own GIL keeps the statement whole: 2.
    CHECK(replay(kThreadRace, "").out == "contador = 2\n");
    // A thread that does not exist: a clear error, nothing changes.
    Stepper t(request(kThreadRace));
    take(t, {"0"});
    const std::string before = snapshot(t);
    CHECK_FALSE(t.step_visible(ProcId{0}, &err, 1, 7));
    CHECK(err == "MainProcess (process 0) has no thread 7 (its threads: 0.0 0.1)");
    CHECK(snapshot(t) == before);
    CHECK(replay(kThreadRace, "0+50,0.7").diagnostics.at(0).message.find("has no live thread 7") !=
          std::string::npos);
    check_undo_everywhere(s, kThreadRace);
}

TEST_CASE("thread steps: a waiting thread tries its wait again; instructions and lines too") {
    Stepper s(request(kThreadLock));
    std::string err;
    take(s, {"0", "0.1", "0.1"});  // thread 1 holds the lock and prints
    CHECK(s.out() == "a\n");
    take(s, {"0.0", "0.0", "0.2", "0.2"});  // thread 2 finds the lock held
    REQUIRE(thread(s, 2) != nullptr);
    CHECK(thread(s, 2)->waiting);
    CHECK_FALSE(thread(s, 2)->waits_in.empty());
    take(s, {"0.2"});  // still held: it still waits
    CHECK(thread(s, 2)->waiting);
    CHECK(s.out() == "a\n");
    REQUIRE(s.step_line(ProcId{0}, &err, 1));  // thread 1 leaves the with block by lines
    REQUIRE(s.step_instructions(ProcId{0}, 2, &err, 1));
    take(s, {"0.1"});
    take(s, {"0.2", "0.2"});  // the lock is free now: thread 2 takes it and prints
    CHECK(s.out() == "a\nb\n");
    const std::string schedule = s.schedule();
    CHECK(schedule.find("0.2x3") != std::string::npos);
    s.run_to_end();
    REQUIRE(s.finished());
    const RunResult r = replay(kThreadLock, s.schedule());
    CHECK(r.out == s.out());
    CHECK(r.schedule == s.schedule());
    CHECK(r.exit_status == 0);
    check_undo_everywhere(s, kThreadLock);
}

TEST_CASE("thread steps: a process-only schedule of a program with threads replays as before") {
    // A schedule recorded without any thread choice (here the seeded policy's), given to the
    // stepper entry by entry, ends where the schedule string ends: the stop after
    // Thread.start() is only for steps chosen by hand.
    for (const char* source : {kThreadRace, kThreadLock}) {
        RunRequest r = request(source);
        r.backend = Backend::sim;
        const RunResult recorded = run_sim(r, nullptr);
        REQUIRE(recorded.exit_status == 0);
        REQUIRE(recorded.schedule.find('.') == std::string::npos);
        std::vector<ScheduleStep> steps;
        std::string err;
        REQUIRE(parse_schedule(recorded.schedule, &steps, &err));
        Stepper s(request(source));
        for (const ScheduleStep& st : steps) REQUIRE(s.apply(st, &err));
        REQUIRE(s.finished());
        CHECK(s.out() == recorded.out);
        CHECK(s.schedule() == recorded.schedule);
        CHECK(replay(source, recorded.schedule).out == recorded.out);
        // By hand, the first step stops after the first Thread.start().
        Stepper by_hand(request(source));
        take(by_hand, {"0"});
        CHECK(by_hand.processes()[0].threads.size() == 2);
        CHECK(by_hand.schedule().find('+') != std::string::npos);
    }
}

namespace {

// Threads that sleep, wait on a Condition and take a lock, in a child process too.
const char* kThreadMix = R"(import threading, time
from multiprocessing import Process

cond = threading.Condition()
listos = []

def dormir(i):
    time.sleep(0.001 * i)
    with cond:
        listos.append(i)
        cond.notify_all()

def esperar():
    with cond:
        while len(listos) < 2:
            cond.wait(timeout=0.5)
    print("listos", sorted(listos))

def hijo():
    hs = [threading.Thread(target=dormir, args=(i,)) for i in (1, 2)]
    hs.append(threading.Thread(target=esperar))
    for h in hs:
        h.start()
    for h in hs:
        h.join()

if __name__ == "__main__":
    p = Process(target=hijo)
    p.start()
    hijo()
    p.join()
    print("fin")
)";

// Pseudo-random choices of processes and threads, at every granularity.
void random_thread_walk(Stepper& s, int steps, uint32_t seed) {
    std::string err;
    for (int i = 0; i < steps && !s.finished(); ++i) {
        seed = seed * 1103515245u + 12345u;
        std::vector<std::pair<uint32_t, uint32_t>> options;  // (process, thread)
        for (const StepperProcess& p : s.processes()) {
            if (!p.runnable) continue;
            options.emplace_back(p.id.value, kAnyThread);
            for (const SimThreadView& t : p.threads) options.emplace_back(p.id.value, t.number);
        }
        REQUIRE_FALSE(options.empty());
        const auto [p, t] = options[(seed >> 8) % options.size()];
        INFO("step " << s.step_count() << ": " << p << "." << t);
        switch ((seed >> 4) % 5) {
            case 0: case 1: case 2: REQUIRE(s.step_visible(ProcId{p}, &err, 1, t)); break;
            case 3: REQUIRE(s.step_instructions(ProcId{p}, 1 + (seed >> 20) % 7, &err, t)); break;
            case 4: REQUIRE(s.step_line(ProcId{p}, &err, t)); break;
        }
    }
}

}  // namespace

TEST_CASE("thread steps: random walks replay exactly and undo exactly") {
    for (const char* source : {kThreadRace, kThreadLock, kThreadMix}) {
        for (uint32_t seed : {1u, 7u, 42u}) {
            Stepper s(request(source));
            random_thread_walk(s, 60, seed);
            const std::string at = s.schedule();
            if (!s.finished()) check_undo_everywhere(s, source);
            s.run_to_end();
            REQUIRE(s.finished());
            INFO("schedule " << s.schedule());
            const RunResult r = replay(source, s.schedule());
            CHECK(r.out == s.out());
            CHECK(r.err == s.err());
            CHECK(r.schedule == s.schedule());
            CHECK(r.exit_status == s.result()->exit_status);
            CHECK(s.schedule().rfind(at, 0) == 0);
        }
    }
}

TEST_CASE("thread steps: a loop's back-edge between the read and the write loses an update") {
    const char* source = R"(import threading

contador = 0

def sumar():
    global contador
    leido = contador
    for _ in range(1):
        pass
    contador = leido + 1

if __name__ == "__main__":
    hilos = [threading.Thread(target=sumar) for _ in range(2)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    print(contador)
)";
    Stepper s(request(source));
    std::string err;
    take(s, {"0", "0.1", "0.1"});  // into sumar(), then the read, stopping at the back-edge
    CHECK(thread(s, 1)->line == 8);
    take(s, {"0.0", "0.0"});       // MainThread starts thread 2
    REQUIRE(thread(s, 2) != nullptr);
    int guard = 0;
    while (thread(s, 2) && guard++ < 20) take(s, {"0.2"});  // thread 2 runs to its end: 1
    guard = 0;
    while (thread(s, 1) && guard++ < 20) take(s, {"0.1"});  // thread 1 writes its 0 + 1
    s.run_to_end();
    CHECK(s.out() == "1\n");
    CHECK(replay(source, s.schedule()).out == "1\n");
    CHECK(replay(source, "").out == "2\n");
}
