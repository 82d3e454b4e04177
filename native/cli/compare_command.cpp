// `forklab compare FILE.py --runs N`: the outcomes exploration allows, those N seeded
// simulations hit and those N real fork runs hit, as one table and as JSON for a histogram
// (docs/explore-json.md). A real run can only show its stdout and exit status, so outcomes
// are compared by those (and by whether the run deadlocked: on fork, hung past the timeout).
#include <cstdio>
#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cli/compare_runs.h"
#include "cli/explore_command.h"
#include "cli/explore_report.h"
#include "cli/option_reader.h"
#include "exec/explore.h"
#include "trace/chrome_json.h"

namespace forklab {

namespace {

const char* kCompareUsage =
    "usage: forklab compare --runs N [--json] [--fork-timeout S] [--max-executions N] [--max-seconds S] [--max-steps N] FILE.py\n";

const char* kCompareHelp =
    "forklab compare FILE.py --runs N: for one scenario, the outcomes exploration allows\n"
    "(forklab explore), the outcomes of N simulations (seeds 1..N, policy random) and of N real\n"
    "runs on the fork backend, in one table: outcome, allowed?, sim count, fork count. An outcome\n"
    "of a real run that a complete exploration says is impossible is a bug in the simulator's\n"
    "model: it is flagged and the exit status is 3. Outcomes are compared by stdout, exit status\n"
    "and deadlock (a real run that is still going after --fork-timeout counts as a deadlock).\n"
    "\n"
    "  --runs N            simulations and real runs of each kind (default 20)\n"
    "  --fork-timeout S    seconds a real run may take (default 10)\n"
    "  --max-executions N, --max-seconds S, --max-steps N   the exploration's budgets (forklab explore)\n"
    "  --json              the result as JSON on stdout (docs/explore-json.md)\n";

int usage(const std::string& msg) {
    std::fprintf(stderr, "forklab compare: %s\n%s", msg.c_str(), kCompareUsage);
    return 2;
}

// What a real run can show: how it ended, its exit status and stdout.
struct Seen {
    Ending ending = Ending::exit;
    int exit_status = 0;
    std::string out;
    std::string key() const {
        return std::string(ending_name(ending)) + '\0' +
               (ending == Ending::exit ? std::to_string(exit_status) : std::string()) + '\0' + out;
    }
};

struct Row {
    Seen seen;
    bool explored = false;
    uint64_t explored_count = 0;  // schedules, summed over the outcomes that look like this
    std::string shared, witness;
    uint64_t sim = 0, fork = 0;
    size_t order = 0;
};

Seen seen_of(const Outcome& o) { return Seen{o.ending == Ending::step_limit ? Ending::error : o.ending, o.exit_status, o.out}; }

}  // namespace

int cmd_compare(int argc, char** argv, const char* argv0) {
    ExploreOptions opt;
    uint64_t runs = 20;
    double fork_timeout = 10;
    bool json = false;
    std::string file;
    OptionReader args(argc, argv);
    while (args.next()) {
        const std::string_view name = args.name();
        std::string_view value;
        std::string bad;
        if (read_exploration_budget(args, &opt.limits, &bad)) {
            if (!bad.empty()) return usage(bad);
        } else if (name == "--runs") {
            if (!args.value(&value) || !parse_count(value, &runs) || runs > 100000)
                return usage("--runs needs an integer from 1 to 100000");
        } else if (name == "--fork-timeout") {
            if (!args.value(&value) || !parse_seconds(value, &fork_timeout))
                return usage("--fork-timeout needs a positive number");
        } else if (args.flag("--json")) {
            json = true;
        } else if (args.flag("-h") || args.flag("--help")) {
            std::fputs(kCompareHelp, stdout);
            std::fputs(kCompareUsage, stdout);
            return 0;
        } else if (args.is_option()) {
            return usage("unknown option '" + std::string(args.arg()) + "'");
        } else if (file.empty()) {
            file = std::string(args.arg());
        } else {
            return usage("only one scenario file");
        }
    }
    if (file.empty()) return usage("compare needs a scenario file");
    RunRequest req;
    std::string why;
    if (!read_scenario(file, &req.source, &why)) {
        std::fprintf(stderr, "forklab: can't open file '%s': %s\n", file.c_str(), why.c_str());
        return 2;
    }
    req.filename = file;

    StopOnSignal stop;
    const std::atomic<bool>& stopping = StopOnSignal::flag();
    ProgressBar bar;
    opt.cancel = &stopping;
    opt.progress = [&bar](const ExploreProgress& p) {
        char text[120];
        std::snprintf(text, sizeof text, "exploring: %llu executions, %llu outcomes",
                      (unsigned long long)p.executions, (unsigned long long)p.outcomes);
        bar.draw(p.fraction / 3, text);
    };
    const ExploreResult ex = explore(req, opt);
    if (!ex.errors.empty()) {
        bar.clear();
        for (const Diagnostic& d : ex.errors) std::fputs(format_diagnostic(d, req.source).c_str(), stderr);
        return 1;
    }
    std::map<std::string, Row> rows;
    size_t order = 0;
    auto row = [&](const Seen& s) -> Row& {
        Row& r = rows[s.key()];
        if (r.order == 0) {
            r.order = ++order;
            r.seen = s;
        }
        return r;
    };
    for (const Outcome& o : ex.outcomes) {
        Row& r = row(seen_of(o));
        r.explored = true;
        r.explored_count = r.explored_count + o.count < r.explored_count ? UINT64_MAX : r.explored_count + o.count;
        if (r.witness.empty() || o.witness.size() < r.witness.size()) {
            r.witness = o.witness;
            r.shared = format_shared(o.shared);
        }
    }

    uint64_t sims_done = 0, forks_done = 0;
    for (uint64_t seed = 1; seed <= runs && !stopping; ++seed) {
        RunRequest s = req;
        s.backend = Backend::sim;
        s.trace = false;
        s.seed = seed;
        s.limits.max_instructions = 50'000'000;
        SimSession session(s, nullptr);
        while (session.advance(1'000'000) && !stopping) {
        }
        if (!session.finished()) break;
        const RunResult r = session.take_result();
        ++row(seen_of(outcome_of(session, r))).sim;
        ++sims_done;
        bar.draw((1 + (double)seed / runs) / 3, "simulating: seed " + std::to_string(seed));
    }
    const std::string exe = self_executable(argv0);
    for (uint64_t i = 0; i < runs && !stopping; ++i) {
        const RealRun rr = run_fork_once(exe, file, fork_timeout, stopping);
        if (rr.stopped) break;
        Seen s{rr.timed_out ? Ending::deadlock : Ending::exit, rr.exit_status, rr.out};
        ++row(s).fork;
        ++forks_done;
        bar.draw((2 + (double)(i + 1) / runs) / 3, "real runs: " + std::to_string(i + 1) + " of " + std::to_string(runs));
    }
    bar.clear();

    std::vector<const Row*> sorted;
    for (auto& [k, r] : rows) sorted.push_back(&r);
    std::sort(sorted.begin(), sorted.end(), [](const Row* a, const Row* b) { return a->order < b->order; });
    // "no" only when exploration saw everything; otherwise it may just not have got there.
    auto allowed = [&](const Row& r) { return r.explored ? "yes" : ex.complete ? "NO" : "unknown"; };
    size_t impossible_fork = 0, impossible_sim = 0;
    for (const Row* r : sorted) {
        if (!r->explored && ex.complete && r->fork) ++impossible_fork;
        if (!r->explored && ex.complete && r->sim) ++impossible_sim;
    }
    std::string text;
    if (json) {
        text = "{\"format\":\"forklab-compare\",\"version\":1,\"file\":";
        append_json_string(text, file);
        text += ",\"runs\":" + std::to_string(runs) + ",\"sim_runs\":" + std::to_string(sims_done) +
                ",\"fork_runs\":" + std::to_string(forks_done) + ",\"fork_timeout_seconds\":";
        char t[32];
        std::snprintf(t, sizeof t, "%.3f", fork_timeout);
        text += t;
        text += ",\"interrupted\":";
        text += stopping ? "true" : "false";
        text += ",\"exploration\":{\"complete\":";
        text += ex.complete ? "true" : "false";
        text += ",\"loops\":" + std::to_string(ex.loops);
        text += ",\"summary\":";
        append_json_string(text, explore_summary(ex));
        text += "},\"impossible_fork_outcomes\":" + std::to_string(impossible_fork) +
                ",\"impossible_sim_outcomes\":" + std::to_string(impossible_sim) + ",\"outcomes\":[";
        for (size_t i = 0; i < sorted.size(); ++i) {
            const Row& r = *sorted[i];
            if (i) text += ',';
            text += "{\"label\":";
            append_json_string(text, outcome_label(r.seen.ending, r.seen.exit_status, r.seen.out));
            text += ",\"ending\":";
            append_json_string(text, ending_name(r.seen.ending));
            text += ",\"exit_status\":" + (r.seen.ending == Ending::exit ? std::to_string(r.seen.exit_status) : std::string("null"));
            text += ",\"stdout\":";
            append_json_string(text, r.seen.out);
            text += ",\"allowed\":";
            text += r.explored ? "true" : ex.complete ? "false" : "null";
            text += ",\"explored_count\":" + (r.explored_count == UINT64_MAX ? std::string("null") : std::to_string(r.explored_count));
            text += ",\"sim\":" + std::to_string(r.sim) + ",\"fork\":" + std::to_string(r.fork) + ",\"witness\":";
            if (r.explored) append_json_string(text, r.witness);
            else text += "null";
            text += '}';
        }
        text += "]}\n";
    } else {
        size_t w = 7;
        for (const Row* r : sorted) w = std::max(w, outcome_label(r->seen.ending, r->seen.exit_status, r->seen.out).size());
        text = "forklab compare: " + file + "\n";
        text += "exploration: " + explore_summary(ex) + "\n";
        if (ex.loops) text += explore_loops_note(ex) + "\n";
        text += "sim: " + std::to_string(sims_done) + " runs (seeds 1.." + std::to_string(sims_done) +
                ", policy random); fork: " + std::to_string(forks_done) + " real runs\n";
        auto pad = [](std::string s, size_t n) { return s.size() < n ? s + std::string(n - s.size(), ' ') : s; };
        auto rpad = [](std::string s, size_t n) { return s.size() < n ? std::string(n - s.size(), ' ') + s : s; };
        text += pad("outcome", w) + "  allowed  " + rpad("schedules", 10) + "  " + rpad("sim", 6) + "  " + rpad("fork", 6) + "  witness\n";
        for (const Row* r : sorted) {
            text += pad(outcome_label(r->seen.ending, r->seen.exit_status, r->seen.out), w) + "  " +
                    pad(allowed(*r), 7) + "  " +
                    rpad(r->explored ? (r->explored_count == UINT64_MAX ? std::string(">=2^64") : std::to_string(r->explored_count)) : "-", 10) +
                    "  " + rpad(std::to_string(r->sim), 6) + "  " + rpad(std::to_string(r->fork), 6) + "  " +
                    (r->explored ? r->witness : std::string("-"));
            if (!r->explored && ex.complete && (r->fork || r->sim)) text += "   <-- IMPOSSIBLE by exploration";
            text += "\n";
        }
        if (stopping) text += "interrupted: the counts are of the runs done so far\n";
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    if (impossible_fork || impossible_sim)
        std::fprintf(stderr,
                     "forklab compare: MODEL BUG: %zu outcome(s) of real fork runs and %zu of simulations are "
                     "impossible according to a complete exploration; please report it with %s\n",
                     impossible_fork, impossible_sim, file.c_str());
    const int sig = StopOnSignal::signal_number();
    if (stopping && sig) return 128 + sig;
    return impossible_fork || impossible_sim ? 3 : 0;
}

}  // namespace forklab
