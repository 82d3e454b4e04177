// The stepper's command language (exec/step_commands.h), shared by `forklab step` and the page
// API, and the state it reports as JSON: a strict reader accepts it and finds what a page
// needs to draw one button per process.
#include <doctest/doctest.h>

#include <string>

#include "exec/step_commands.h"
#include "runtime/json_reader.h"

using namespace forklab;

namespace {

const char* kLocked = R"(from multiprocessing import Process, Lock

def hold(l):
    with l:
        print("child \"has\" it")

if __name__ == "__main__":
    l = Lock()
    l.acquire()
    p = Process(target=hold, args=(l,))
    p.start()
    print("main has it")
    l.release()
    p.join()
)";

Stepper make() {
    RunRequest r;
    r.source = kLocked;
    r.filename = "locked.py";
    return Stepper(r);
}

}  // namespace

TEST_CASE("step commands: steps, back, run to the end, and errors that change nothing") {
    Stepper s = make();
    CHECK(run_step_command(s, "").action == StepAction::show);
    CHECK(run_step_command(s, "p").action == StepAction::show);
    CHECK(run_step_command(s, "h").action == StepAction::help);
    CHECK(run_step_command(s, "q").action == StepAction::quit);
    CHECK(run_step_command(s, "s").action == StepAction::schedule);
    CHECK(run_step_command(s, "0").action == StepAction::stepped);
    CHECK(run_step_command(s, "0 i 2").action == StepAction::stepped);
    CHECK(run_step_command(s, "  0   l ").action == StepAction::stepped);
    CHECK(s.step_count() == 3);
    for (const char* bad : {"x", "0 i 0", "0 i -1", "0 x", "0 l 2", "b x", "b 1 2", "b 9", "7",
                            "99999999999", "c 1", "s 1"}) {
        const StepCommandOutcome o = run_step_command(s, bad);
        CHECK_MESSAGE(o.action == StepAction::error, bad);
        CHECK_MESSAGE(!o.error.empty(), bad);
    }
    CHECK(s.step_count() == 3);
    CHECK(run_step_command(s, "b").action == StepAction::stepped);
    CHECK(s.step_count() == 2);
    CHECK(run_step_command(s, "b 0").action == StepAction::stepped);
    CHECK(s.step_count() == 0);
    CHECK(run_step_command(s, "c").action == StepAction::stepped);
    CHECK(s.finished());
    CHECK(run_step_command(s, "c").action == StepAction::error);
    CHECK(run_step_command(s, "0").error.find("the run is over") == 0);
}

TEST_CASE("step state JSON: strict, with the processes, their lines and waits") {
    Stepper s = make();
    for (const char* c : {"0", "0", "0", "1"}) REQUIRE(run_step_command(s, c).action == StepAction::stepped);
    json::Value v;
    json::ParseError e;
    const std::string text = stepper_state_json(s);
    REQUIRE_MESSAGE(json::parse(text, &v, &e), e.message, " in ", text);
    CHECK(v.find("step")->integer == 4);
    CHECK(v.find("finished")->boolean == false);
    CHECK(v.find("exitStatus")->is_null());
    CHECK(v.find("stdout")->string == "main has it\n");
    const json::Value* procs = v.find("processes");
    REQUIRE(procs->items.size() == 2);
    const json::Value& child = procs->items[1];
    CHECK(child.find("name")->string == "Process-1");
    CHECK(child.find("state")->string == "blocked");
    CHECK(child.find("runnable")->boolean == false);
    CHECK(child.find("line")->integer == 4);
    CHECK(child.find("source")->string == "    with l:");
    CHECK(child.find("waitingFor")->string.find("MainProcess") != std::string::npos);
    CHECK(child.find("exitCode")->is_null());
    REQUIRE(run_step_command(s, "c").action == StepAction::stepped);
    REQUIRE(json::parse(stepper_state_json(s), &v, &e));
    CHECK(v.find("finished")->boolean);
    CHECK(v.find("exitStatus")->integer == 0);
    CHECK(v.find("stdout")->string == "main has it\nchild \"has\" it\n");
    CHECK(v.find("processes")->items[1].find("exitCode")->integer == 0);
    CHECK(!v.find("schedule")->string.empty());
}
