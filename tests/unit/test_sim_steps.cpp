// The simulator's step mode and schedules (exec/sim_schedule.h): schedule strings parse and
// print back, every run's schedule replays to the same outcome, manual steps follow the
// user's choices, and how a run is sliced into advance() calls never changes it.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "exec/runners.h"
#include "test_support_race.h"
#include "test_support_scenarios.h"

using namespace forklab;

namespace {

RunRequest request(const std::string& source, SimPolicy policy, uint64_t seed = 1) {
    RunRequest r;
    r.source = source;
    r.backend = Backend::sim;
    r.seed = seed;
    r.sim.policy = policy;
    return r;
}

RunResult run_with(const std::string& source, SimPolicy policy, const std::string& schedule = "",
                   uint64_t seed = 1) {
    RunRequest r = request(source, policy, seed);
    r.sim.schedule = schedule;
    return run_sim(r, nullptr);
}

}  // namespace

TEST_CASE("schedule strings parse, merge and print back") {
    std::vector<ScheduleStep> s;
    std::string err;
    REQUIRE(parse_schedule("0x3, 1,0+40,2", &s, &err));
    REQUIRE(s.size() == 4);
    CHECK(s[0].proc == 0);
    CHECK(s[0].count == 3);
    CHECK(s[2].instructions);
    CHECK(s[2].count == 40);
    CHECK(format_schedule(s) == "0x3,1,0+40,2");
    CHECK(schedule_length(s) == 45);
    append_step(s, 2);
    CHECK(format_schedule(s) == "0x3,1,0+40,2x2");
    append_step(s, 2, 5, true);
    CHECK(format_schedule(s) == "0x3,1,0+40,2x2,2+5");
    CHECK(parse_schedule("", &s, &err));
    CHECK(s.empty());
    CHECK_FALSE(parse_schedule("0x", &s, &err));
    CHECK(err.find("character 3") != std::string::npos);
    CHECK_FALSE(parse_schedule("1,,2", &s, &err));
    CHECK_FALSE(parse_schedule("1x0", &s, &err));
    CHECK_FALSE(parse_schedule("99999999999", &s, &err));
    CHECK_FALSE(parse_schedule("a", &s, &err));
}

TEST_CASE("every seeded run's schedule replays to the same outcome and the same schedule") {
    // Enough increments that the children overlap despite the cost of starting them.
    const std::string race = testing::race_scenario(3000);
    bool lost = false;
    for (uint64_t seed = 1; seed <= 12; ++seed) {
        const RunResult a = run_with(race, SimPolicy::random, "", seed);
        REQUIRE(a.exit_status == 0);
        REQUIRE_FALSE(a.schedule.empty());
        const RunResult b = run_with(race, SimPolicy::steps, a.schedule);
        CHECK(b.exit_status == 0);
        CHECK(b.out == a.out);
        CHECK(b.schedule == a.schedule);
        lost = lost || testing::counter_after(a.out, "sin lock: ") < 12000;
    }
    CHECK(lost);  // the replayed runs include lost updates, not only the easy outcome
    const RunResult rr = run_with(testing::kTwoProcessesTwice, SimPolicy::round_robin);
    CHECK(run_with(testing::kTwoProcessesTwice, SimPolicy::steps, rr.schedule).out == rr.out);
}

TEST_CASE("a hand-written schedule decides the race") {
    // MainProcess stores 0, starts both children (4 operations); each child's `+= 1` is a read
    // then a write. Both read 0 before either writes: one update is lost, twice.
    const RunResult r = run_with(testing::kTwoProcessesTwice, SimPolicy::steps, "0x3,1,2,1,2,1,2,1,2");
    CHECK(r.out == "2\n");
    const RunResult serial = run_with(testing::kTwoProcessesTwice, SimPolicy::steps, "0x3,1x5,2x5");
    CHECK(serial.out == "4\n");
}

TEST_CASE("a schedule naming a process that cannot run is a clear error") {
    // Process 1 waits for the lock MainProcess holds until its 4th operation: the first
    // choice of it finds that out (and does nothing visible), the second is an error.
    const RunResult r = run_with(testing::kLockHeldByMain, SimPolicy::steps, "0x3,1,1");
    REQUIRE_FALSE(r.diagnostics.empty());
    CHECK(r.diagnostics[0].kind == "ScheduleError");
    CHECK(r.diagnostics[0].message.find("Process-1") != std::string::npos);
    CHECK(r.exit_status != 0);
    const RunResult none = run_with(testing::kLockHeldByMain, SimPolicy::steps, "7");
    REQUIRE_FALSE(none.diagnostics.empty());
    CHECK(none.diagnostics[0].message.find("no process 7") != std::string::npos);
    const RunResult bad = run_with(testing::kLockHeldByMain, SimPolicy::steps, "1+");
    CHECK(bad.exit_status == 2);
}

TEST_CASE("manual stepping waits for choices and records them") {
    RunRequest r = request(testing::kLockHeldByMain, SimPolicy::steps);
    r.sim.manual = true;
    r.sim.record_steps = true;
    SimSession s(r, nullptr);
    s.advance(1'000'000);
    REQUIRE(s.waiting_for_choice());
    REQUIRE(s.runnable().size() == 1);  // only MainProcess exists
    int guard = 0;
    while (!s.finished() && guard++ < 100) {
        REQUIRE(s.waiting_for_choice());
        const std::vector<ProcId> can = s.runnable();
        REQUIRE_FALSE(can.empty());
        s.step(can.back());  // always the newest process that can go
        s.advance(1'000'000);
    }
    REQUIRE(s.finished());
    const std::string sched = s.schedule();
    const RunResult done = s.take_result();
    CHECK(done.diagnostics.empty());
    CHECK(done.exit_status == 0);
    CHECK(done.out == "main has it\nchild has it\n");
    CHECK(run_with(testing::kLockHeldByMain, SimPolicy::steps, sched).out == done.out);
    CHECK(done.schedule == sched);
}

TEST_CASE("step records name the operations and who could have run") {
    RunRequest r = request(testing::kTwoProcessesTwice, SimPolicy::steps);
    r.sim.record_steps = true;
    SimSession s(r, nullptr);
    while (s.advance(1'000'000)) {
    }
    const auto& steps = s.steps();
    REQUIRE(steps.size() >= 14);
    size_t cell_writes = 0, spawns = 0;
    for (const StepRecord& st : steps) {
        CHECK_FALSE(st.enabled.empty());
        CHECK(std::find(st.enabled.begin(), st.enabled.end(), st.proc) != st.enabled.end());
        for (const VisibleOp& op : st.ops)
            if (op_space(op.key) == OpSpace::cell && op.writes) ++cell_writes;
        spawns += st.spawned.size();
    }
    CHECK(cell_writes == 5);  // Value("i", 0) and the four increments
    CHECK(spawns == 2);
}

TEST_CASE("instruction steps and slicing never change a step-mode run") {
    const RunResult whole = run_with(testing::kTwoProcessesTwice, SimPolicy::steps, "0+30,0x2,1+7,2+3,1,2");
    RunRequest r = request(testing::kTwoProcessesTwice, SimPolicy::steps);
    r.sim.schedule = "0+30,0x2,1+7,2+3,1,2";
    SimSession s(r, nullptr);
    while (s.advance(1)) {
    }
    const RunResult sliced = s.take_result();
    CHECK(sliced.out == whole.out);
    CHECK(sliced.schedule == whole.schedule);
    CHECK(whole.schedule.rfind("0+30,0x", 0) == 0);
    CHECK(whole.schedule.find(",1+7,2+3,1,2") != std::string::npos);
    CHECK(run_with(testing::kTwoProcessesTwice, SimPolicy::steps, whole.schedule).out == whole.out);
}
