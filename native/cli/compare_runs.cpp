#include "cli/compare_runs.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <vector>

namespace forklab {

std::string self_executable(const char* argv0) {
    std::error_code ec;
    const std::filesystem::path p = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string(argv0) : p.string();
}

namespace {

// SIGTERM to the whole group (the fork backend's handler takes the scenario's processes with
// it), then SIGKILL for whatever is left after a grace period.
void stop_group(pid_t pid) {
    kill(-pid, SIGTERM);
    for (int i = 0; i < 40; ++i) {
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            kill(-pid, SIGKILL);  // stragglers of the group, if any
            return;
        }
        usleep(50'000);
    }
    kill(-pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
}

}  // namespace

RealRun run_fork_once(const std::string& exe, const std::string& file, double timeout_s,
                      const std::atomic<bool>& stop) {
    RealRun r;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        r.exit_status = 2;
        return r;
    }
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        r.exit_status = 2;
        return r;
    }
    if (pid == 0) {
        setpgid(0, 0);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        dup2(fds[1], 1);
        const int null_fd = open("/dev/null", O_RDWR);
        if (null_fd >= 0) {
            dup2(null_fd, 0);
            dup2(null_fd, 2);
        }
        std::vector<char*> args = {const_cast<char*>("forklab"), const_cast<char*>("run"),
                                   const_cast<char*>("--backend"), const_cast<char*>("fork"),
                                   const_cast<char*>(file.c_str()), nullptr};
        execv(exe.c_str(), args.data());
        _exit(127);
    }
    setpgid(pid, pid);  // both sides, so the group exists before either goes on
    close(fds[1]);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    char buf[4096];
    bool eof = false;
    while (!eof) {
        if (stop.load(std::memory_order_relaxed)) {
            r.stopped = true;
            break;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            r.timed_out = true;
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        const int n = poll(&p, 1, 100);
        if (n < 0 && errno != EINTR) break;
        if (n <= 0) continue;
        const ssize_t got = read(fds[0], buf, sizeof buf);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) eof = true;
        else r.out.append(buf, (size_t)got);
    }
    close(fds[0]);
    if (!eof) {
        stop_group(pid);
        return r;
    }
    // Its stdout is closed: it has ended or is about to; a child that closed fd 1 early and
    // hangs is stopped at the deadline like any other.
    int st = 0;
    while (true) {
        const pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid) break;
        if (w < 0 && errno != EINTR) break;
        if (std::chrono::steady_clock::now() > deadline || stop.load(std::memory_order_relaxed)) {
            r.timed_out = !stop.load(std::memory_order_relaxed);
            r.stopped = !r.timed_out;
            stop_group(pid);
            return r;
        }
        usleep(2000);
    }
    r.exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
    return r;
}

}  // namespace forklab
