// `forklab step`: a read-eval-print loop over a Stepper. On a terminal it prompts; from a
// pipe it echoes each command (so a transcript reads in order) and prompts nothing. The
// scenario's output is printed as its steps write it; the stepper's own lines go to stdout,
// errors in commands to stderr, each flushed at once so that both streams interleave right.
#include "cli/step_command.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/option_reader.h"
#include "exec/step_commands.h"
#include "exec/stepper.h"

namespace forklab {

namespace {

std::string step_help() {
    return std::string("usage: forklab step [--seed N] [--cores K] [--schedule S] FILE.py\n"
                       "Runs FILE.py on the simulator one step at a time: you choose which process\n"
                       "(or which thread of a process, P.T) goes next. --schedule S starts from a\n"
                       "schedule (each of its steps one choice).\n") +
           kStepCommandsHelp;
}

struct StepCli {
    Stepper& s;
    bool terminal;
    size_t printed_chunks = 0;  // of Stepper::output(): how much the user has seen
    size_t printed_bytes = 0;   // of the last chunk seen
    uint64_t generation = 0;

    void say(const std::string& line) {
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fflush(stdout);
    }
    void complain(const std::string& msg) {
        std::fflush(stdout);
        std::fprintf(stderr, "error: %s\n", msg.c_str());
        std::fflush(stderr);
    }

    // Output written since the last call, as the steps wrote it. After going back the output
    // is a prefix of what was seen: nothing to print.
    void flush_output() {
        const std::vector<StepOutput>& out = s.output();
        if (generation != s.generation()) {
            generation = s.generation();
            printed_chunks = out.size();
            printed_bytes = out.empty() ? 0 : out.back().text.size();
            return;
        }
        for (size_t i = printed_chunks ? printed_chunks - 1 : 0; i < out.size(); ++i) {
            const size_t from = i + 1 == printed_chunks ? printed_bytes : 0;
            if (from >= out[i].text.size()) continue;
            FILE* f = out[i].stream == Stream::out ? stdout : stderr;
            std::fflush(f == stdout ? stderr : stdout);
            std::fwrite(out[i].text.data() + from, 1, out[i].text.size() - from, f);
            std::fflush(f);
        }
        printed_chunks = out.size();
        printed_bytes = out.empty() ? 0 : out.back().text.size();
    }

    // A process with several threads: one row per thread, chosen as P.T (a thread step).
    std::string thread_rows(const StepperProcess& p) {
        std::string t;
        for (const SimThreadView& th : p.threads) {
            const std::string choice = std::to_string(p.id.value) + "." + std::to_string(th.number);
            char head[128];
            std::snprintf(head, sizeof head, "    %c %-5s %-16s %-8s ", p.runnable ? '*' : ' ',
                          choice.c_str(), th.name.c_str(), thread_state_name(th));
            t += head;
            std::string_view text = s.source_line(th.line);
            while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
            t += th.line > 0 ? "line " + std::to_string(th.line) + ": " + std::string(text) : std::string("starting");
            if (th.waiting) t += "   (waits in " + th.waits_in + ")";
            t += "\n";
        }
        return t;
    }

    void show_processes() {
        std::string t = "[step " + std::to_string(s.step_count()) + "] schedule: " +
                        (s.schedule().empty() ? std::string("(empty)") : s.schedule()) + "\n";
        for (const StepperProcess& p : s.processes()) {
            char head[96];
            std::snprintf(head, sizeof head, "  %c %-3u %-14s %-8s ", p.runnable ? '*' : ' ',
                          p.id.value, p.name.c_str(), step_state_name(p.state));
            t += head;
            if (p.state == SimProcState::exited) {
                t += "exit code " + std::to_string(p.exit_code) + "\n";
                continue;
            }
            if (p.line <= 0) {  // started, has not run an instruction yet
                t += "starting\n";
                continue;
            }
            std::string_view text = s.source_line(p.line);
            while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
            t += "line " + std::to_string(p.line) + ": " + std::string(text);
            if (!p.waiting_for.empty()) t += "   (" + p.waiting_for + ")";
            t += "\n";
            if (p.threads.size() > 1) t += thread_rows(p);
        }
        if (s.finished()) {
            const RunResult& r = *s.result();
            for (const Diagnostic& d : r.diagnostics) {
                std::fflush(stdout);
                std::fputs(format_diagnostic(d, s.request().source).c_str(), stderr);
                std::fflush(stderr);
            }
            t += "the run has ended: exit status " + std::to_string(r.exit_status) +
                 " (b goes back, q quits)\n";
        } else {
            t += "  (* may take the next step)\n";
        }
        say(t);
    }

    // One command line; false to quit.
    bool command(const std::string& line) {
        const StepCommandOutcome r = run_step_command(s, line);
        switch (r.action) {
            case StepAction::quit: return false;
            case StepAction::help: say(step_help()); break;
            case StepAction::schedule: say("schedule: " + s.schedule() + "\n"); break;
            case StepAction::error: complain(r.error); break;
            case StepAction::stepped: flush_output(); show_processes(); break;
            case StepAction::show: show_processes(); break;
        }
        return true;
    }
};

bool read_source(const std::string& file, std::string* out) {
    std::error_code ec;
    const bool dir = std::filesystem::is_directory(file, ec);
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    if (!dir && in) ss << in.rdbuf();
    if (dir || !in || in.bad()) {
        std::fprintf(stderr, "forklab: can't open file '%s': %s\n", file.c_str(),
                     dir ? "Is a directory" : std::strerror(errno));
        return false;
    }
    *out = ss.str();
    return true;
}

bool parse_count(std::string_view w, uint64_t max, uint64_t* out) {
    if (w.empty() || w.size() > 10) return false;
    uint64_t v = 0;
    for (char c : w) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + uint64_t(c - '0');
    }
    if (v > max) return false;
    *out = v;
    return true;
}

int usage(const std::string& msg) {
    std::fprintf(stderr, "forklab: %s\n%s", msg.c_str(), step_help().c_str());
    return 2;
}

// --schedule S: its steps become the first choices (one step each).
bool start_from(Stepper& s, const std::string& text) {
    std::vector<ScheduleStep> steps;
    std::string err;
    if (!parse_schedule(text, &steps, &err)) return usage("--schedule: " + err), false;
    for (const ScheduleStep& st : steps) {
        if (!s.apply(st, &err)) {
            std::fprintf(stderr, "forklab: --schedule: step %zu: %s\n", s.step_count() + 1, err.c_str());
            return false;
        }
    }
    return true;
}

}  // namespace

int cmd_step(int argc, char** argv) {
    RunRequest req;
    std::string file, schedule;
    OptionReader args(argc, argv);
    while (args.next()) {
        const std::string_view a = args.name();
        auto value = [&](const char* opt, std::string_view* v) {
            if (!args.value(v)) return usage(std::string(opt) + " needs a value"), false;
            return true;
        };
        std::string_view v;
        uint64_t n = 0;
        if (args.flag("-h") || args.flag("--help")) {
            std::fputs(step_help().c_str(), stdout);
            return 0;
        } else if (a == "--seed") {
            if (!value("--seed", &v)) return 2;
            if (!parse_count(v, UINT32_MAX, &n)) return usage("--seed needs a non-negative integer");
            req.seed = n;
        } else if (a == "--cores") {
            if (!value("--cores", &v)) return 2;
            if (!parse_count(v, 64, &n) || n < 1) return usage("--cores needs an integer from 1 to 64");
            req.cores = (int)n;
        } else if (a == "--schedule") {
            if (!value("--schedule", &v)) return 2;
            schedule = std::string(v);
        } else if (args.is_option()) {
            return usage("unknown option '" + std::string(args.arg()) + "'");
        } else if (file.empty()) {
            file = std::string(args.arg());
        } else {
            return usage("step takes one scenario file");
        }
    }
    if (file.empty()) return usage("step needs a scenario file");
    if (!read_source(file, &req.source)) return 2;
    req.filename = file;

    Stepper stepper(req);
    if (!schedule.empty() && !start_from(stepper, schedule)) return 2;
    StepCli cli{stepper, isatty(STDIN_FILENO) == 1};
    cli.flush_output();
    if (cli.terminal) cli.say("forklab step: h lists the commands\n");
    cli.show_processes();
    for (;;) {
        if (cli.terminal) cli.say("step> ");
        std::string line;
        if (!std::getline(std::cin, line)) break;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!cli.terminal) cli.say("> " + line + "\n");
        if (!cli.command(line)) break;
    }
    cli.say("schedule: " + stepper.schedule() + "\n");
    return stepper.finished() ? stepper.result()->exit_status : 0;
}

}  // namespace forklab
