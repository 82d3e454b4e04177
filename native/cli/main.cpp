// The `forklab` command: run a scenario on a backend from the terminal, or open the viewer.
//
//   forklab run [--backend sim|fork|threads] [--seed N] [--cores K] [--max-processes N]
//               [--max-instructions N] [--max-time S] [--lang es|en] [--trace OUT.json]
//               [--record-trace] [--stats] FILE.py
//   forklab gui [FILE.py]
//   forklab dis FILE.py
//   forklab trace FILE.json [--export OUT.json]
//   forklab step FILE.py
//   forklab bench [--quick] [--json FILE]
//   forklab explore FILE.py | forklab compare FILE.py --runs N
//
// Exit status follows CPython's: the scenario's own status (0, 1 for an uncaught exception or
// a compile error, n for sys.exit(n)); 2 for a usage error or an unreadable file.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/bench_command.h"
#include "cli/dis_command.h"
#include "cli/trace_command.h"
#include "exec/run_stats.h"
#include "cli/explore_command.h"
#include "cli/option_reader.h"
#include "cli/step_command.h"
#include "exec/runners.h"
#include "fork/fork_backend.h"
#include "trace/chrome_json.h"

#ifndef FORKLAB_VERSION
#define FORKLAB_VERSION "0.1.0"
#endif

namespace {

using namespace forklab;

const char* kUsage =
    "usage: forklab run [--backend sim|fork|threads] [--seed N] [--cores K] [--max-processes N] [--trace OUT.json]\n"
    "                   [--policy random|rr|steps] [--quantum N] [--schedule S] [--print-schedule]\n"
    "                   [--max-instructions N] [--max-time S] [--lang es|en] [--record-trace] [--stats] FILE.py\n"
    "       forklab gui [FILE.py] | forklab gui --trace TRACE.json | forklab gui --bench RESULTS.json\n"
    "       forklab dis FILE.py\n"
    "       forklab trace TRACE.json [--export OUT.json]\n"
    "       forklab step [--seed N] [--cores K] [--schedule S] FILE.py\n"
    "       forklab bench [--quick] [--scale F] [--json FILE] [EXPERIMENT ...]\n"
    "       forklab explore [--max-executions N] [--max-seconds S] [--max-steps N] [--json] FILE.py\n"
    "       forklab compare --runs N [--json] FILE.py\n"
    "       forklab --help | --version\n";

const char* kHelp =
    "forklab: run small Python multiprocessing programs on a simulator, real fork() or threads.\n"
    "\n"
    "commands:\n"
    "  run FILE.py     run a scenario; its output goes to stdout/stderr\n"
    "  gui [FILE.py]   open the viewer (timeline of processes, locks and shared memory);\n"
    "                  gui --bench FILE.json plots the results of bench --json;\n"
    "                  gui --trace FILE.json replays a trace written by run --trace\n"
    "  dis FILE.py     print the bytecode of the module and of each function\n"
    "  trace FILE.json check a trace file written by run --trace and summarise it\n"
    "  step FILE.py    step a scenario by hand on the simulator: choose who goes next, by\n"
    "                  visible operation, instruction or line, and go back (forklab step --help)\n"
    "  bench           measure IPC and speed-up on real processes (forklab bench --help)\n"
    "  explore FILE.py every outcome the scenario allows, with witness schedules\n"
    "                  (forklab explore --help)\n"
    "  compare FILE.py the outcomes exploration allows against N seeded simulations and N\n"
    "                  real fork runs (forklab compare --help)\n"
    "\n"
    "options for run:\n"
    "  --backend B     fork (default): a real process per Process, shared memory and\n"
    "                  semaphores in a MAP_SHARED arena\n"
    "                  threads: a std::thread per Process\n"
    "                  sim: deterministic simulation on virtual cores and virtual time\n"
    "  --seed N        sim: seed of the interleaving (default 1); same seed, same run\n"
    "  --cores K       sim: number of virtual cores (default 2)\n"
    "  --max-processes N  processes a run may start in all (default 64); one more is a\n"
    "                  LimitExceeded error that stops the run (a fork bomb)\n"
    "  --max-instructions N  bytecode instructions the whole run may execute (default\n"
    "                  2000000000); then it stops and says what each process was doing\n"
    "  --max-time S    sim: virtual seconds the run may last (default 3600); fork,\n"
    "                  threads: wall-clock seconds (default 120)\n"
    "  --lang L        es or en: the language forklab explains deadlocks and limits in\n"
    "                  (default: from LC_ALL, LC_MESSAGES or LANG, else en)\n"
    "  --trace FILE    write a Chrome Trace Event JSON file (open it in ui.perfetto.dev or\n"
    "                  chrome://tracing, or replay it with forklab gui --trace FILE)\n"
    "  --policy P      sim: random (default: seeded bursts of 1..8 instructions), rr (each\n"
    "                  core a quantum in turn, no randomness) or steps (one visible\n"
    "                  operation per decision: the schedule, then the last process goes on)\n"
    "  --quantum N     sim: instructions a process keeps its core (default 2000)\n"
    "  --schedule S    sim: replay a schedule (implies --policy steps): e.g. 0x3,1,0+40 is\n"
    "                  3 visible operations of process 0 (MainProcess), 1 of process 1, then\n"
    "                  40 instructions of process 0\n"
    "  --print-schedule  sim: print the run's schedule on stderr at the end (replayable)\n"
    "  --record-trace  record the event trace in memory without writing it (as the viewer\n"
    "                  and the browser do); with --stats, shows what tracing costs\n"
    "  --stats         after the run, print to stderr one `forklab-stats:` line: instructions\n"
    "                  executed, virtual time (sim ticks), wall time of the run, instructions\n"
    "                  per second and trace events (scripts/bench_sim.py reads it)\n"
    "\n"
    "exit status: the scenario's (0; 1 on an uncaught exception or a syntax error; n from\n"
    "sys.exit(n)); 1 for a deadlock or a limit; 2 for a usage error.\n";

int usage_error(const std::string& msg) {
    std::fprintf(stderr, "forklab: %s\n%s", msg.c_str(), kUsage);
    return 2;
}

// Forwards program output to this process's stdout/stderr as it happens.
class TerminalSink final : public OutputSink {
public:
    explicit TerminalSink(Backend b) : backend_(b) {}
    void write(ProcId proc, Stream stream, std::string_view text) override {
        if (fork_output_is_on_fds(backend_, proc)) return;  // the child printed it itself
        std::lock_guard<std::mutex> g(m_);
        FILE* f = stream == Stream::out ? stdout : stderr;
        std::fwrite(text.data(), 1, text.size(), f);
        std::fflush(f);
    }
    bool read_line(std::string& out) override {
        std::lock_guard<std::mutex> g(m_);
        out.clear();
        int c;
        while ((c = std::fgetc(stdin)) != EOF) {
            out.push_back(char(c));
            if (c == '\n') break;
        }
        return !out.empty();
    }

private:
    Backend backend_;
    std::mutex m_;
};

bool parse_uint(std::string_view s, uint64_t* out) {
    if (s.empty() || s.size() > 19) return false;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (uint64_t)(c - '0');
    }
    *out = v;
    return true;
}

bool read_file(const std::string& path, std::string* out, std::string* why) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        *why = "Is a directory";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        *why = std::strerror(errno);
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        *why = "read error";
        return false;
    }
    *out = ss.str();
    return true;
}

// The language of the user's locale, as POSIX ranks the variables; English otherwise.
Lang lang_from_environment() {
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(var);
        if (!v || !*v) continue;
        Lang l = Lang::en;
        return lang_from_name(v, &l) ? l : Lang::en;
    }
    return Lang::en;
}

bool parse_seconds(std::string_view s, double* out) {
    const std::string text(s);
    char* end = nullptr;
    errno = 0;
    const double d = std::strtod(text.c_str(), &end);
    if (text.empty() || *end || errno || !(d > 0) || d > 1e12) return false;
    *out = d;
    return true;
}

int cmd_run(int argc, char** argv) {
    RunRequest req;
    req.lang = lang_from_environment();
    std::string trace_path, file;
    bool print_schedule = false;
    bool record_trace = false, stats = false;
    OptionReader args(argc, argv);
    while (args.next()) {
        const std::string_view a = args.arg();
        const std::string_view opt = args.name();
        std::string_view v;
        if (opt == "--backend") {
            if (!args.value(&v)) return usage_error("--backend needs a value");
            if (!backend_from_name(v, &req.backend))
                return usage_error("unknown backend '" + std::string(v) +
                                   "' (choose sim, fork or threads)");
        } else if (opt == "--seed") {
            uint64_t n;
            if (!args.value(&v) || !parse_uint(v, &n))
                return usage_error("--seed needs a non-negative integer");
            req.seed = n;
        } else if (opt == "--cores") {
            uint64_t n;
            if (!args.value(&v) || !parse_uint(v, &n) || n < 1 || n > 256)
                return usage_error("--cores needs an integer from 1 to 256");
            req.cores = (int)n;
        } else if (opt == "--max-processes") {
            uint64_t n;
            if (!args.value(&v) || !parse_uint(v, &n) || n < 1 || n > 4000)
                return usage_error("--max-processes needs an integer from 1 to 4000");
            req.limits.max_processes = (uint32_t)n;
        } else if (opt == "--max-instructions") {
            uint64_t n;
            if (!args.value(&v) || !parse_uint(v, &n) || n < 1)
                return usage_error("--max-instructions needs a positive integer");
            req.limits.max_instructions = n;
        } else if (opt == "--max-time") {
            double s;
            if (!args.value(&v) || !parse_seconds(v, &s))
                return usage_error("--max-time needs a positive number of seconds");
            req.limits.max_virtual_seconds = s;
            req.limits.max_wall_seconds = s;
        } else if (opt == "--lang") {
            if (!args.value(&v) || !lang_from_name(v, &req.lang))
                return usage_error("--lang needs es or en");
        } else if (opt == "--trace") {
            if (!args.value(&v) || v.empty()) return usage_error("--trace needs a file name");
            trace_path = std::string(v);
        } else if (opt == "--policy") {
            if (!args.value(&v)) return usage_error("--policy needs a value");
            if (v == "random") req.sim.policy = SimPolicy::random;
            else if (v == "rr" || v == "round-robin") req.sim.policy = SimPolicy::round_robin;
            else if (v == "steps") req.sim.policy = SimPolicy::steps;
            else return usage_error("unknown policy '" + std::string(v) + "' (choose random, rr or steps)");
        } else if (opt == "--quantum") {
            uint64_t n;
            if (!args.value(&v) || !parse_uint(v, &n) || n < 1 || n > 1'000'000'000)
                return usage_error("--quantum needs a positive number of instructions");
            req.sim.quantum = n;
        } else if (opt == "--schedule") {
            if (!args.value(&v)) return usage_error("--schedule needs a schedule string");
            std::vector<ScheduleStep> steps;
            std::string err;
            if (!parse_schedule(v, &steps, &err)) return usage_error("--schedule: " + err);
            req.sim.schedule = std::string(v);
            req.sim.policy = SimPolicy::steps;
        } else if (opt == "--print-schedule") {
            print_schedule = true;
        } else if (args.flag("--record-trace")) {
            record_trace = true;
        } else if (args.flag("--stats")) {
            stats = true;
        } else if (a == "-h" || a == "--help") {
            std::fputs(kHelp, stdout);
            return 0;
        } else if (args.is_option()) {
            return usage_error("unknown option '" + std::string(a) + "'");
        } else if (file.empty()) {
            file = std::string(a);
        } else {
            return usage_error("only one scenario file, got '" + file + "' and '" +
                               std::string(a) + "'");
        }
    }
    if (file.empty()) return usage_error("run needs a scenario file");
    std::string why;
    if (!read_file(file, &req.source, &why)) {
        std::fprintf(stderr, "forklab: can't open file '%s': %s\n", file.c_str(), why.c_str());
        return 2;
    }
    req.filename = file;
    req.trace = !trace_path.empty() || record_trace;

    // A closed pipe (`forklab run x.py | head -1`) must not kill us before the fork backend
    // has cleaned up: writes then fail with EPIPE instead.
    std::signal(SIGPIPE, SIG_IGN);
    TerminalSink sink(req.backend);
    std::fflush(stdout);
    const auto started = std::chrono::steady_clock::now();
    const std::clock_t cpu_started = std::clock();
    RunResult r = run_scenario(req, &sink);
    const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - started;
    const double cpu = double(std::clock() - cpu_started) / CLOCKS_PER_SEC;
    std::fflush(stdout);
    for (const Diagnostic& d : r.diagnostics)
        std::fputs(format_diagnostic(d, req.source).c_str(), stderr);
    if (print_schedule && req.backend == Backend::sim)
        std::fprintf(stderr, "schedule: %s\n", r.schedule.c_str());

    if (stats) std::fputs(format_run_stats(req, r, wall.count(), cpu).c_str(), stderr);
    if (!trace_path.empty()) {
        const std::string json = chrome_trace_json(r.trace);
        std::ofstream out(trace_path, std::ios::binary | std::ios::trunc);
        out << json;
        out.close();
        if (!out) {
            std::fprintf(stderr, "forklab: can't write trace '%s'\n", trace_path.c_str());
            return r.exit_status ? r.exit_status : 1;
        }
        if (r.trace.dropped_events)
            std::fprintf(stderr,
                         "forklab: trace kept %zu events; %llu more were dropped "
                         "(RunLimits.max_trace_events)\n",
                         r.trace.events.size(), (unsigned long long)r.trace.dropped_events);
    }
    return r.exit_status;
}

// `forklab gui ...`: the viewer is the executable forklab-gui next to this one (see
// cmake/ForklabNative.cmake: its SDL2/GL libraries would slow down every fork of `run`).
int exec_gui(int argc, char** argv) {
    std::error_code ec;
    std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) self = argv[0];
    const std::string gui = (self.parent_path() / FORKLAB_GUI_EXE).string();
    std::vector<char*> args;
    args.push_back(const_cast<char*>(FORKLAB_GUI_EXE));
    for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    execv(gui.c_str(), args.data());
    std::fprintf(stderr, "forklab: cannot run the viewer %s: %s\n", gui.c_str(), std::strerror(errno));
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage_error("missing command");
    const std::string_view cmd = argv[1];
    if (cmd == "-h" || cmd == "--help" || cmd == "help") {
        std::fputs(kHelp, stdout);
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (cmd == "--version" || cmd == "-V") {
        std::printf("forklab %s\n", FORKLAB_VERSION);
        return 0;
    }
    if (cmd == "run") return cmd_run(argc - 2, argv + 2);
    if (cmd == "gui") return exec_gui(argc, argv);
    if (cmd == "dis") return cmd_dis(argc - 2, argv + 2);
    if (cmd == "trace") return cmd_trace(argc - 2, argv + 2);
    if (cmd == "step") return cmd_step(argc - 2, argv + 2);
    if (cmd == "bench") return cmd_bench(argc - 2, argv + 2, FORKLAB_VERSION);
    if (cmd == "explore") return cmd_explore(argc - 2, argv + 2);
    if (cmd == "compare") return cmd_compare(argc - 2, argv + 2, argv[0]);
    return usage_error("unknown command '" + std::string(cmd) + "'");
}
