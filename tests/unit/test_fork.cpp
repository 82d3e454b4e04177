// The fork backend: real processes, shared arena, semaphores; nothing leaks after a run.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "exec/runners.h"
#include "test_support_race.h"

using namespace forklab;
using forklab::testing::counter_after;

namespace {

const std::string kRace = testing::race_scenario(3000);


size_t open_fds() {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n;
}

RunResult fork_run(const std::string& source) {
    RunRequest r;
    r.source = source;
    r.filename = "scenario.py";
    r.backend = Backend::fork;
    return run_fork(r, nullptr);
}

}  // namespace

TEST_CASE("fork: the race scenario is exact with the lock and leaves nothing behind") {
    const size_t fds_before = open_fds();
    const RunResult r = fork_run(kRace);
    REQUIRE(r.diagnostics.empty());
    CHECK(r.exit_status == 0);
    const long sin = counter_after(r.out, "sin lock: ");
    CHECK(sin > 0);
    CHECK(sin <= 12000);
    CHECK(counter_after(r.out, "con lock: ") == 12000);
    CHECK(r.trace.backend == "fork");
    REQUIRE(r.trace.processes.size() == 9);
    CHECK(r.trace.processes[3].name == "Process-3");
    for (const ProcessInfo& p : r.trace.processes) {
        CHECK(p.exited);
        CHECK(p.exitcode == 0);
        CHECK(p.os_pid > 0);
    }
    // The children's trace files were merged: their events are there, in time order.
    size_t child_events = 0;
    for (const TraceEvent& e : r.trace.events) child_events += e.proc.value != 0;
    CHECK(child_events > 1000);
    for (size_t i = 1; i < r.trace.events.size(); ++i)
        REQUIRE(r.trace.events[i - 1].time <= r.trace.events[i].time);
    // No child left, not even a zombie; no descriptor left open.
    errno = 0;
    CHECK(waitpid(-1, nullptr, WNOHANG) == -1);
    CHECK(errno == ECHILD);
    CHECK(open_fds() == fds_before);
}

TEST_CASE("fork: children's output, exit codes and memory copies reach the parent") {
    const RunResult r = fork_run(R"(from multiprocessing import Process
import sys

datos = [1, 2]


def cambiar():
    datos.append(3)
    print("hijo", datos)
    sys.exit(5)


if __name__ == "__main__":
    p = Process(target=cambiar)
    p.start()
    p.join()
    print("padre", datos, p.exitcode)
)");
    CHECK(r.exit_status == 0);
    CHECK(r.out == "hijo [1, 2, 3]\npadre [1, 2] 5\n");
    REQUIRE(r.trace.processes.size() == 2);
    CHECK(r.trace.processes[1].exitcode == 5);
    errno = 0;
    CHECK(waitpid(-1, nullptr, WNOHANG) == -1);
}

TEST_CASE("fork: daemonic children are terminated when the main process ends") {
    const RunResult r = fork_run(R"(from multiprocessing import Process
import time


def dormir():
    time.sleep(1000)


if __name__ == "__main__":
    p = Process(target=dormir, daemon=True)
    p.start()
    print("fin")
)");
    CHECK(r.exit_status == 0);
    REQUIRE(r.trace.processes.size() == 2);
    CHECK(r.trace.processes[1].exitcode == -15);
    errno = 0;
    CHECK(waitpid(-1, nullptr, WNOHANG) == -1);
}

#ifdef __linux__
TEST_CASE("fork: Ctrl-C kills every child, removes the run directory and exits 130") {
    // The run happens in a helper process (the handler ends it with _exit). This process
    // becomes a child subreaper, so any scenario process that outlived the helper would be
    // re-parented to us and show up in waitpid() below.
    char dir[] = "/tmp/forklab-sigint-XXXXXX";
    REQUIRE(mkdtemp(dir) != nullptr);
    REQUIRE(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
    const pid_t helper = fork();
    REQUIRE(helper >= 0);
    if (helper == 0) {
        setenv("TMPDIR", dir, 1);
        RunRequest r;
        r.source = R"(from multiprocessing import Process


def girar():
    while True:
        pass


if __name__ == "__main__":
    ps = [Process(target=girar) for _ in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
)";
        r.backend = Backend::fork;
        run_fork(r, nullptr);
        _exit(0);
    }
    namespace fs = std::filesystem;
    for (int i = 0; i < 500 && fs::is_empty(dir); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // children are spinning
    kill(helper, SIGINT);
    int status = 0;
    REQUIRE(waitpid(helper, &status, 0) == helper);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    errno = 0;
    CHECK(waitpid(-1, nullptr, WNOHANG) == -1);  // nothing was left behind to re-parent
    CHECK(errno == ECHILD);
    CHECK(fs::is_empty(dir));
    fs::remove_all(dir);
    prctl(PR_SET_CHILD_SUBREAPER, 0);
}
#endif
