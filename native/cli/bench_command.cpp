// `forklab bench`: each experiment is an embedded scenario file run through the library
// (run_fork), in a forked copy of this process (the "runner"), never by spawning the CLI.
//
// Why a runner per experiment: the fork backend answers Ctrl-C by killing the scenario's
// processes and _exit(130)ing, which is right for `forklab run` but would lose what the bench
// had measured. In a runner, that exit ends only the current experiment; this process keeps
// the results that came before (and the lines the interrupted one had printed), prints the
// table, writes the JSON file and exits 128+signal. It also gives every experiment a fresh
// process: no descriptors, memory or limits carried from one to the next.
//
// The runner sends its MainProcess's output and every stderr line back over a pipe, one line
// per record: "O text" (stdout), "E text" (stderr and diagnostics), "X status" (the run's exit
// status, last). Scenario processes' own fds 1 and 2 go to /dev/null, so nothing but the
// progress bar and the table reaches the terminal.
#include "cli/bench_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/bench_report.h"
#include "cli/bench_scenarios.h"
#include "cli/option_reader.h"
#include "exec/runners.h"

namespace forklab {

namespace {

using Clock = std::chrono::steady_clock;

const char* kBenchHelp =
    "usage: forklab bench [--quick] [--scale F] [--json FILE] [--list] [EXPERIMENT ...]\n"
    "\n"
    "Runs the IPC and speed-up experiments on real processes (fork backend): process\n"
    "start+join, Pipe round trip and throughput (64 B to 1 MiB), Queue 1->1 and 2->2,\n"
    "contended Lock, Pool.map and Pool start-up, the mp_worker CPU-bound speed-up on\n"
    "1..N processes and the same job on threads under the GIL. Prints a table; the\n"
    "experiments are scripts/bench/ipc/*.py of the source tree, built into forklab.\n"
    "scripts/bench_ipc.py runs the same files under CPython and in C for comparison.\n"
    "\n"
    "  --quick        a fifth of the work (a few seconds in all)\n"
    "  --scale F      multiply the work of every experiment by F (default 1)\n"
    "  --json FILE    also write the results, ready to plot (docs/bench-json.md)\n"
    "  --list         print the experiments' names and exit\n"
    "  EXPERIMENT     run only these (names from --list)\n"
    "\n"
    "Ctrl-C stops at once and still prints (and writes) what was measured; exit 130.\n";

volatile sig_atomic_t g_stop = 0;
void on_stop(int sig) { g_stop = sig; }

bool write_all(int fd, std::string_view s) {
    while (!s.empty()) {
        const ssize_t n = write(fd, s.data(), s.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        s.remove_prefix((size_t)n);
    }
    return true;
}

// [SECTION] runner (the forked child that runs one experiment)

// Turns the run's output into "O"/"E" records, whole lines only.
class RecordSink final : public OutputSink {
public:
    explicit RecordSink(int fd) : fd_(fd) {}
    void write(ProcId proc, Stream stream, std::string_view text) override {
        if (stream == Stream::out && proc.value != 0) return;  // only MainProcess reports
        std::string& buf = stream == Stream::out ? out_ : err_;
        buf += text;
        size_t nl;
        while ((nl = buf.find('\n')) != std::string::npos) {
            record(stream == Stream::out ? 'O' : 'E', std::string_view(buf).substr(0, nl));
            buf.erase(0, nl + 1);
        }
    }
    void flush() {
        if (!out_.empty()) record('O', out_);
        if (!err_.empty()) record('E', err_);
        out_.clear();
        err_.clear();
    }
    void record(char tag, std::string_view line) {
        std::string r;
        r += tag;
        r += ' ';
        r += line;
        r += '\n';
        write_all(fd_, r);
    }

private:
    int fd_;
    std::string out_, err_;
};

[[noreturn]] void run_experiment(const BenchScenario& sc, double scale, int fd, pid_t bench_pid,
                                 bool int_ignored, bool term_ignored) {
#ifdef __linux__
    // If the bench dies without cleaning up, its runner goes too (and the fork backend's
    // SIGTERM handler takes the scenario's processes with it).
    prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
    if (getppid() != bench_pid) _exit(1);  // it died before prctl took effect
    signal(SIGINT, int_ignored ? SIG_IGN : SIG_DFL);
    signal(SIGTERM, term_ignored ? SIG_IGN : SIG_DFL);
    const int null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
        dup2(null_fd, 0);
        dup2(null_fd, 1);
        dup2(null_fd, 2);
        if (null_fd > 2) close(null_fd);
    }
    RunRequest req;
    req.source = with_scale(sc.source, scale);
    req.filename = std::string(sc.name) + ".py";
    req.backend = Backend::fork;
    req.trace = false;            // measure the runtime, not the recorder
    req.limits.max_processes = 256;
    RecordSink sink(fd);
    RunResult r = run_fork(req, &sink);
    sink.flush();
    for (const Diagnostic& d : r.diagnostics) {
        const std::string text = format_diagnostic(d, req.source);
        size_t at = 0;
        while (at < text.size()) {
            size_t nl = text.find('\n', at);
            if (nl == std::string::npos) nl = text.size();
            sink.record('E', std::string_view(text).substr(at, nl - at));
            at = nl + 1;
        }
    }
    sink.record('X', std::to_string(r.exit_status));
    _exit(0);  // never run the bench's atexit handlers or destructors in the copy
}

// [SECTION] progress bar (stderr, only on a terminal)

class Progress {
public:
    explicit Progress(size_t total) : on_(isatty(STDERR_FILENO) == 1), total_(total) {}
    void draw(size_t done, const char* name, size_t results, double seconds) {
        if (!on_) return;
        constexpr int kWidth = 24;
        const int filled = total_ ? (int)(kWidth * done / total_) : kWidth;
        std::string bar = "\r\033[K[";
        bar.append((size_t)filled, '#');
        bar.append((size_t)(kWidth - filled), '-');
        char tail[160];
        std::snprintf(tail, sizeof tail, "] %zu/%zu  %.28s  %zu result%s  %.1f s", done, total_, name,
                      results, results == 1 ? "" : "s", seconds);
        bar += tail;
        write_all(STDERR_FILENO, bar);
    }
    void clear() {
        if (on_) write_all(STDERR_FILENO, "\r\033[K");
    }

private:
    bool on_;
    size_t total_;
};

// [SECTION] the bench process

// The line of a failed run's stderr that says why: the exception or diagnostic line.
std::string reason_of(const std::vector<std::string>& err, int status) {
    static const char* kMarks[] = {"Error", "NotSupported", "LimitExceeded", "Exception", "Interrupt"};
    for (auto it = err.rbegin(); it != err.rend(); ++it)
        for (const char* m : kMarks)
            if (it->find(m) != std::string::npos) return *it;
    for (auto it = err.rbegin(); it != err.rend(); ++it)
        if (it->find_first_not_of(" ^") != std::string::npos) return *it;
    return "exit status " + std::to_string(status);
}

ExperimentResult run_one(const BenchScenario& sc, double scale, bool int_ignored, bool term_ignored,
                         Progress& progress, size_t index) {
    ExperimentResult res;
    res.name = sc.name;
    const auto t0 = Clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
    int fds[2];
    if (pipe(fds) != 0) {
        res.status = ExperimentStatus::failed;
        res.error = std::string("pipe(): ") + std::strerror(errno);
        return res;
    }
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t bench_pid = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        res.status = ExperimentStatus::failed;
        res.error = std::string("fork(): ") + std::strerror(errno);
        return res;
    }
    if (pid == 0) {
        close(fds[0]);
        run_experiment(sc, scale, fds[1], bench_pid, int_ignored, term_ignored);
    }
    close(fds[1]);

    std::string pending;
    std::vector<std::string> err;
    int exit_status = -1;
    bool forwarded = false;
    Clock::time_point kill_at{};
    auto take_line = [&](std::string_view line) {
        if (line.size() < 2) return;
        const std::string_view text = line.substr(2);
        if (line[0] == 'O') {
            BenchMeasurement m;
            if (parse_bench_line(text, &m)) res.measurements.push_back(std::move(m));
        } else if (line[0] == 'E') {
            if (err.size() >= 200) err.erase(err.begin());
            err.emplace_back(text);
        } else if (line[0] == 'X') {
            exit_status = std::atoi(std::string(text).c_str());
        }
    };
    for (;;) {
        progress.draw(index, sc.name, res.measurements.size(), elapsed());
        if (g_stop && !forwarded) {
            // The terminal already signalled the whole process group on Ctrl-C; this covers a
            // signal sent to the bench alone. The runner gets 3 s to clean up, then SIGKILL.
            kill(pid, g_stop);
            forwarded = true;
            kill_at = Clock::now() + std::chrono::seconds(3);
        }
        if (forwarded && Clock::now() > kill_at) kill(pid, SIGKILL);
        struct pollfd p = {fds[0], POLLIN, 0};
        const int ready = poll(&p, 1, 100);
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        char buf[4096];
        const ssize_t n = read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // the runner is gone
        pending.append(buf, (size_t)n);
        size_t nl;
        while ((nl = pending.find('\n')) != std::string::npos) {
            take_line(std::string_view(pending).substr(0, nl));
            pending.erase(0, nl + 1);
        }
    }
    close(fds[0]);
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    res.wall_seconds = elapsed();
    if (exit_status == 0) {
        res.status = ExperimentStatus::ok;
    } else if (g_stop) {
        res.status = ExperimentStatus::interrupted;
    } else {
        res.status = ExperimentStatus::failed;
        if (exit_status < 0 && WIFSIGNALED(wstatus))
            res.error = "the runner died of signal " + std::to_string(WTERMSIG(wstatus));
        else
            res.error = reason_of(err, exit_status);
    }
    return res;
}

std::string cpu_name() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) != 0) continue;
        const size_t colon = line.find(':');
        if (colon == std::string::npos) break;
        const size_t start = line.find_first_not_of(" \t", colon + 1);
        return start == std::string::npos ? "" : line.substr(start);
    }
    return "";
}

int usage_error(const std::string& msg) {
    std::fprintf(stderr, "forklab: %s\nusage: forklab bench [--quick] [--scale F] [--json FILE] "
                         "[--list] [EXPERIMENT ...]\n", msg.c_str());
    return 2;
}

}  // namespace

int cmd_bench(int argc, char** argv, const char* forklab_version) {
    double scale = 1.0;
    std::string json_path;
    std::vector<const BenchScenario*> chosen;
    OptionReader args(argc, argv);
    while (args.next()) {
        const std::string_view a = args.arg();
        std::string_view v;
        if (a == "-h" || a == "--help") {
            std::fputs(kBenchHelp, stdout);
            return 0;
        } else if (a == "--list") {
            for (const BenchScenario& s : bench_scenarios()) std::printf("%s\n", s.name);
            return 0;
        } else if (a == "--quick") {
            scale = 0.2;
        } else if (args.name() == "--scale") {
            const std::string text = args.value(&v) ? std::string(v) : std::string();
            char* end = nullptr;
            scale = std::strtod(text.c_str(), &end);
            if (text.empty() || *end || !(scale > 0) || scale > 1000)
                return usage_error("--scale needs a number above 0 (at most 1000)");
        } else if (args.name() == "--json") {
            json_path = args.value(&v) ? std::string(v) : std::string();
            if (json_path.empty()) return usage_error("--json needs a file name");
        } else if (args.is_option()) {
            return usage_error("unknown option '" + std::string(a) + "'");
        } else {
            const BenchScenario* found = nullptr;
            for (const BenchScenario& s : bench_scenarios())
                if (a == s.name) found = &s;
            if (!found) {
                std::string names;
                for (const BenchScenario& s : bench_scenarios()) names += std::string(" ") + s.name;
                return usage_error("no experiment '" + std::string(a) + "'; there are:" + names);
            }
            chosen.push_back(found);
        }
    }
    if (chosen.empty())
        for (const BenchScenario& s : bench_scenarios()) chosen.push_back(&s);

    // Ctrl-C and SIGTERM only set a flag here (no SA_RESTART, so poll() wakes up); a signal
    // the caller ignores (nohup, a background job) stays ignored, in the runners too.
    struct sigaction sa {}, old_int {}, old_term {}, old_pipe {};
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, nullptr, &old_int);
    sigaction(SIGTERM, nullptr, &old_term);
    const bool int_ignored = old_int.sa_handler == SIG_IGN, term_ignored = old_term.sa_handler == SIG_IGN;
    if (!int_ignored) sigaction(SIGINT, &sa, nullptr);
    if (!term_ignored) sigaction(SIGTERM, &sa, nullptr);
    struct sigaction ign {};
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old_pipe);  // `forklab bench | head` must still clean up
    g_stop = 0;

    BenchReport report;
    report.forklab_version = forklab_version;
    report.cpu = cpu_name();
    const long cores = sysconf(_SC_NPROCESSORS_ONLN);
    report.cores = cores > 0 ? (int)cores : 1;
    report.scale = scale;
    Progress progress(chosen.size());
    for (size_t i = 0; i < chosen.size(); ++i) {
        if (g_stop) {
            ExperimentResult skipped;
            skipped.name = chosen[i]->name;
            report.experiments.push_back(std::move(skipped));
            continue;
        }
        report.experiments.push_back(run_one(*chosen[i], scale, int_ignored, term_ignored, progress, i));
    }
    progress.clear();
    const int stop = g_stop;
    report.interrupted = stop != 0;

    const std::string table = bench_table(report);
    std::fwrite(table.data(), 1, table.size(), stdout);
    std::fflush(stdout);
    int status = stop ? 128 + stop : 0;
    if (!json_path.empty()) {
        const std::string json = bench_json(report);
        const std::string tmp = json_path + ".tmp";
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << json;
        out.close();
        if (!out || std::rename(tmp.c_str(), json_path.c_str()) != 0) {
            std::remove(tmp.c_str());
            std::fprintf(stderr, "forklab: can't write '%s'\n", json_path.c_str());
            if (!stop) status = 1;
        }
    }
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    sigaction(SIGPIPE, &old_pipe, nullptr);
    return status;
}

}  // namespace forklab
