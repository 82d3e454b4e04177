// The stepper (exec/stepper.h): a person's choices of who goes next, at visible-operation,
// instruction and line granularity, and undo to any earlier point, which must give the very
// state a fresh replay of the same choices gives.
#include <doctest/doctest.h>

#include <string>

#include "exec/stepper.h"
#include "test_support_scenarios.h"

using namespace forklab;

namespace {

const char* kRace = R"(from multiprocessing import Process, Value

def work(c):
    for _ in range(2):
        c.value += 1
    print("done")

if __name__ == "__main__":
    c = Value("i", 0)
    ps = [Process(target=work, args=(c,)) for _ in range(2)]
    for p in ps: p.start()
    for p in ps: p.join()
    print(c.value)
)";

RunRequest request(const char* source) {
    RunRequest r;
    r.source = source;
    r.filename = "scenario.py";
    return r;
}

// Everything a person sees of a stepper's state, as one string to compare.
std::string snapshot(const Stepper& s) {
    std::string t = "schedule=" + s.schedule() + "\nout=" + s.out() + "\nerr=" + s.err() + "\n";
    for (const StepperProcess& p : s.processes())
        t += std::to_string(p.id.value) + " " + p.name + " state=" + std::to_string((int)p.state) +
             " line=" + std::to_string(p.line) + " run=" + std::to_string(p.runnable) +
             " wait=" + p.waiting_for + " exit=" + std::to_string(p.exit_code) +
             " instr=" + std::to_string(p.instructions) + "\n";
    t += s.finished() ? "finished " + std::to_string(s.result()->exit_status) : "live";
    return t;
}

// Takes the newest runnable process's next step, alternating granularities.
void pseudo_random_walk(Stepper& s, int steps) {
    std::string err;
    for (int i = 0; i < steps && !s.finished(); ++i) {
        const std::vector<ProcId> can = s.runnable();
        REQUIRE_FALSE(can.empty());
        const ProcId p = can[(size_t)(i * 7) % can.size()];
        switch (i % 4) {
            case 0: case 1: REQUIRE(s.step_visible(p, &err)); break;
            case 2: REQUIRE(s.step_instructions(p, 3, &err)); break;
            case 3: REQUIRE(s.step_line(p, &err)); break;
        }
    }
}

}  // namespace

TEST_CASE("stepper: undo to any point gives the state of a fresh replay") {
    Stepper live(request(kRace));
    std::vector<std::string> seen{snapshot(live)};
    pseudo_random_walk(live, 40);
    const size_t n = live.step_count();
    REQUIRE(n >= 10);
    // The state after each prefix, made fresh.
    for (size_t k = 0; k <= n; ++k) {
        Stepper fresh(request(kRace));
        std::string err;
        for (size_t i = 0; i < k; ++i) {
            const StepChoice& c = live.choices()[i];
            switch (c.kind) {
                case StepChoice::visible: REQUIRE(fresh.step_visible(ProcId{c.proc}, &err)); break;
                case StepChoice::instructions: REQUIRE(fresh.step_instructions(ProcId{c.proc}, c.count, &err)); break;
                case StepChoice::line: REQUIRE(fresh.step_line(ProcId{c.proc}, &err)); break;
                case StepChoice::to_end: fresh.run_to_end(); break;
            }
            CHECK(fresh.choices().back().count == c.count);  // a line step takes as many again
        }
        if (k > 0) seen.push_back(snapshot(fresh));
    }
    const std::string end = snapshot(live);
    CHECK(end == seen.back());
    // Back to each point, out of order, then forward again along the same choices.
    const std::vector<StepChoice> all = live.choices();
    std::string err;
    for (size_t k : {n / 2, (size_t)0, n - 1, (size_t)3, n / 3, n}) {
        REQUIRE(live.back_to(k, &err));
        CHECK(live.step_count() == k);
        CHECK(snapshot(live) == seen[k]);
        for (size_t i = k; i < n; ++i) REQUIRE(live.apply(all[i], &err));  // redo
        CHECK(snapshot(live) == end);
    }
    CHECK(live.back(&err));
    CHECK(snapshot(live) == seen[n - 1]);
}

TEST_CASE("stepper: the schedule replays to the same outcome") {
    Stepper s(request(kRace));
    pseudo_random_walk(s, 12);
    s.run_to_end();
    REQUIRE(s.finished());
    RunRequest r = request(kRace);
    r.backend = Backend::sim;
    r.sim.policy = SimPolicy::steps;
    r.sim.schedule = s.schedule();
    const RunResult replay = run_sim(r, nullptr);
    CHECK(replay.out == s.out());
    CHECK(replay.schedule == s.schedule());
    CHECK(replay.exit_status == s.result()->exit_status);
    // A schedule's steps taken as choices, one each, end where the schedule string does.
    const char* race = "0x3,1,2,1,2,1,2,1,2";
    Stepper from(request(kRace));
    std::vector<ScheduleStep> steps;
    std::string why;
    REQUIRE(parse_schedule(race, &steps, &why));
    for (const ScheduleStep& st : steps) REQUIRE(from.step_visible(ProcId{st.proc}, &why, st.count));
    from.run_to_end();
    r.sim.schedule = race;
    CHECK(from.out() == run_sim(r, nullptr).out);
    CHECK(from.out().find("\n2\n") != std::string::npos);  // both updates lost twice
    // run_to_end is undone like any other step.
    std::string err;
    REQUIRE(s.back(&err));
    CHECK_FALSE(s.finished());
}

TEST_CASE("stepper: a line step runs to the next line, an instruction step one instruction") {
    Stepper s(request(kRace));
    std::string err;
    const int first = s.processes()[0].line;
    CHECK(first == 1);
    REQUIRE(s.step_line(ProcId{0}, &err));
    CHECK(s.processes()[0].line != first);
    CHECK(s.choices().back().kind == StepChoice::line);
    CHECK(s.choices().back().count >= 1);
    CHECK(s.schedule() == "0+" + std::to_string(s.choices().back().count));
    const uint64_t before = s.processes()[0].instructions;
    REQUIRE(s.step_instructions(ProcId{0}, 1, &err));
    CHECK(s.processes()[0].instructions == before + 1);
    // An endless loop on one line stops at the cap.
    Stepper spin(request("while True: pass\n"));
    REQUIRE(spin.step_line(ProcId{0}, &err));
    CHECK(spin.choices().back().count == Stepper::kLineStepCap);
    CHECK_FALSE(spin.finished());
}

TEST_CASE("stepper: a process that cannot run gives a clear error and changes nothing") {
    Stepper s(request(testing::kLockHeldByMain));
    std::string err;
    // MainProcess: the lock, acquire, Process start (the child exists now).
    int guard = 0;
    while (s.processes().size() < 2 && guard++ < 20) REQUIRE(s.step_visible(ProcId{0}, &err));
    REQUIRE(s.processes().size() == 2);
    // The child's first visible step finds the lock held: it blocks.
    REQUIRE(s.step_visible(ProcId{1}, &err));
    const StepperProcess child = s.processes()[1];
    CHECK(child.state == SimProcState::blocked);
    CHECK_FALSE(child.runnable);
    CHECK(child.waiting_for.find("MainProcess") != std::string::npos);
    const std::string before = snapshot(s);
    CHECK_FALSE(s.step_visible(ProcId{1}, &err));
    CHECK(err.find("Process-1 (process 1) cannot take a step: it is waiting for lock `l`") == 0);
    CHECK_FALSE(s.step_line(ProcId{1}, &err));
    CHECK_FALSE(s.step_instructions(ProcId{1}, 5, &err));
    CHECK_FALSE(s.step_visible(ProcId{7}, &err));
    CHECK(err.find("there is no process 7") == 0);
    CHECK(snapshot(s) == before);
    // MainProcess releases; the child goes on and the run ends.
    s.run_to_end();
    REQUIRE(s.finished());
    CHECK(s.out() == "main has it\nchild has it\n");
    CHECK(s.result()->exit_status == 0);
    CHECK_FALSE(s.step_visible(ProcId{0}, &err));
    CHECK(err.find("the run is over") == 0);
    CHECK_FALSE(s.back_to(99, &err));
}

TEST_CASE("stepper: an instruction step into a blocking call blocks the process, no error") {
    Stepper s(request(testing::kLockHeldByMain));
    std::string err;
    int guard = 0;
    while (s.processes().size() < 2 && guard++ < 20) REQUIRE(s.step_visible(ProcId{0}, &err));
    // One instruction at a time until the child blocks on the lock.
    guard = 0;
    while (s.processes()[1].runnable && guard++ < 500) REQUIRE(s.step_instructions(ProcId{1}, 1, &err));
    CHECK(s.processes()[1].state == SimProcState::blocked);
    CHECK_FALSE(s.finished());
    CHECK(s.result() == nullptr);
    s.run_to_end();
    REQUIRE(s.finished());
    CHECK(s.result()->diagnostics.empty());
    CHECK(s.out() == "main has it\nchild has it\n");
}

TEST_CASE("stepper: a compile error ends the run at once") {
    Stepper s(request("def f(:\n"));
    CHECK(s.finished());
    REQUIRE(s.result() != nullptr);
    CHECK(s.result()->exit_status == 1);
    CHECK_FALSE(s.result()->diagnostics.empty());
    std::string err;
    CHECK_FALSE(s.step_visible(ProcId{0}, &err));
}
