// `forklab explore`: options, the progress bar and Ctrl-C around exec/explore.h.
#include "cli/explore_command.h"

#include <cstdio>
#include <string>
#include <string_view>

#include "cli/explore_report.h"
#include "cli/option_reader.h"
#include "exec/explore.h"

namespace forklab {

namespace {

const char* kExploreUsage =
    "usage: forklab explore [--max-executions N] [--max-seconds S] [--max-steps N] [--json] FILE.py\n";

const char* kExploreHelp =
    "forklab explore FILE.py: every order of the scenario's visible operations (shared memory,\n"
    "locks, pipes, queues, start/join, output) on the simulator, and each distinct outcome\n"
    "(stdout, exit status, final shared Value/Array cells; a deadlock is one) with the number\n"
    "of schedules that give it and a shortest witness schedule, which\n"
    "    forklab run --backend sim --schedule WITNESS FILE.py\n"
    "replays. Ctrl-C stops and prints what was found so far.\n"
    "\n"
    "  --max-executions N  runs of the scenario (default 1000000)\n"
    "  --max-seconds S     wall time (default 60)\n"
    "  --max-steps N       visible steps of one execution (default 10000)\n"
    "  --json              the result as JSON on stdout (docs/explore-json.md)\n";

int usage(const std::string& msg) {
    std::fprintf(stderr, "forklab explore: %s\n%s", msg.c_str(), kExploreUsage);
    return 2;
}

}  // namespace

int cmd_explore(int argc, char** argv) {
    ExploreOptions opt;
    bool json = false;
    std::string file;
    OptionReader args(argc, argv);
    while (args.next()) {
        std::string bad;
        if (read_exploration_budget(args, &opt.limits, &bad)) {
            if (!bad.empty()) return usage(bad);
        } else if (args.flag("--json")) {
            json = true;
        } else if (args.flag("-h") || args.flag("--help")) {
            std::fputs(kExploreHelp, stdout);
            std::fputs(kExploreUsage, stdout);
            return 0;
        } else if (args.is_option()) {
            return usage("unknown option '" + std::string(args.arg()) + "'");
        } else if (file.empty()) {
            file = std::string(args.arg());
        } else {
            return usage("only one scenario file");
        }
    }
    if (file.empty()) return usage("explore needs a scenario file");
    RunRequest req;
    std::string why;
    if (!read_scenario(file, &req.source, &why)) {
        std::fprintf(stderr, "forklab: can't open file '%s': %s\n", file.c_str(), why.c_str());
        return 2;
    }
    req.filename = file;

    StopOnSignal stop;
    ProgressBar bar;
    opt.cancel = &StopOnSignal::flag();
    opt.progress = [&bar](const ExploreProgress& p) {
        char text[160];
        std::snprintf(text, sizeof text, "%3.0f%%  %llu executions  %llu states  %llu outcomes  %.1f s",
                      100 * p.fraction, (unsigned long long)p.executions, (unsigned long long)p.states,
                      (unsigned long long)p.outcomes, p.seconds);
        bar.draw(p.fraction, text);
    };
    const ExploreResult r = explore(req, opt);
    bar.clear();
    if (!r.errors.empty()) {
        for (const Diagnostic& d : r.errors) std::fputs(format_diagnostic(d, req.source).c_str(), stderr);
        return 1;
    }
    const std::string text = json ? explore_json(r, file) : explore_table(r, file);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    const int sig = StopOnSignal::signal_number();
    return r.stopped_by == "cancelled" && sig ? 128 + sig : 0;
}

}  // namespace forklab
