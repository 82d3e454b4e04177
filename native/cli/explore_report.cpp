#include "cli/explore_report.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/option_reader.h"
#include "trace/chrome_json.h"

namespace forklab {

// [SECTION] labels

std::string output_summary(std::string_view out, size_t width) {
    if (out.empty()) return "<no output>";
    std::string s;
    size_t at = 0;
    while (at < out.size()) {
        size_t nl = out.find('\n', at);
        if (nl == std::string_view::npos) nl = out.size();
        if (!s.empty()) s += " / ";
        s.append(out.substr(at, nl - at));
        at = nl + 1;
    }
    for (char& c : s)
        if ((unsigned char)c < 32) c = ' ';
    if (s.size() > width) s = s.substr(0, width - 3) + "...";
    return s;
}

std::string outcome_label(Ending ending, int exit_status, std::string_view out, size_t width) {
    std::string head = ending == Ending::exit ? "exit " + std::to_string(exit_status)
                                              : std::string(ending_name(ending));
    return head + ": " + output_summary(out, width);
}

// [SECTION] explore's table and JSON

static std::string pad(std::string s, size_t w) {
    if (s.size() < w) s.append(w - s.size(), ' ');
    return s;
}

static std::string count_text(uint64_t n) {
    return n == UINT64_MAX ? std::string(">=2^64") : std::to_string(n);
}

std::string explore_table(const ExploreResult& r, const std::string& file) {
    std::string t = "forklab explore: " + file + "\n";
    size_t wl = 7, ws = 12;
    std::vector<std::string> labels, shared;
    for (const Outcome& o : r.outcomes) {
        labels.push_back(outcome_label(o.ending, o.exit_status, o.out));
        shared.push_back(format_shared(o.shared));
        if (shared.back().size() > 30) shared.back() = shared.back().substr(0, 27) + "...";
        wl = std::max(wl, labels.back().size());
        ws = std::max(ws, shared.back().size());
    }
    t += pad("count", 12) + "  " + pad("outcome", wl) + "  " + pad("shared state", ws) + "  witness (steps)\n";
    for (size_t i = 0; i < r.outcomes.size(); ++i) {
        const Outcome& o = r.outcomes[i];
        std::string c = count_text(o.count);
        t += std::string(c.size() < 12 ? 12 - c.size() : 0, ' ') + c + "  " + pad(labels[i], wl) + "  " +
             pad(shared[i].empty() ? "-" : shared[i], ws) + "  " + o.witness + " (" +
             std::to_string(o.witness_steps) + ")\n";
        if (o.ending != Ending::exit && !o.message.empty()) t += std::string(14, ' ') + o.message + "\n";
    }
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.3f", r.seconds);
    t += explore_summary(r) + " in " + secs + " s\n";
    if (r.loops) t += explore_loops_note(r) + "\n";
    t += "replay one: forklab run --backend sim --schedule WITNESS " + file + "\n";
    return t;
}

static void key(std::string& o, const char* k) {
    append_json_string(o, k);
    o += ':';
}

static void append_number(std::string& o, double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6f", v);
    o += buf;
}

static void append_scalar(std::string& o, const Scalar& s) {
    if (!s.is_float) {
        o += std::to_string(s.i);
    } else if (s.f == s.f && s.f - s.f == 0) {  // finite
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", s.f);
        o += buf;
    } else {
        o += "null";
    }
}

void append_outcome_json(std::string& o, const Outcome& x) {
    o += '{';
    key(o, "ending");
    append_json_string(o, ending_name(x.ending));
    o += ',';
    key(o, "exit_status");
    o += std::to_string(x.exit_status);
    o += ',';
    key(o, "stdout");
    append_json_string(o, x.out);
    o += ',';
    key(o, "shared");
    o += '[';
    for (size_t i = 0; i < x.shared.size(); ++i) {
        if (i) o += ',';
        o += '{';
        key(o, "id");
        o += std::to_string(x.shared[i].id);
        o += ',';
        key(o, "values");
        o += '[';
        for (size_t j = 0; j < x.shared[i].cells.size(); ++j) {
            if (j) o += ',';
            append_scalar(o, x.shared[i].cells[j]);
        }
        o += "]}";
    }
    o += "],";
    key(o, "shared_text");
    append_json_string(o, format_shared(x.shared));
    o += ',';
    key(o, "message");
    if (x.message.empty()) o += "null";
    else append_json_string(o, x.message);
    o += ',';
    key(o, "count");
    o += x.count == UINT64_MAX ? "null" : std::to_string(x.count);
    o += ',';
    key(o, "witness");
    append_json_string(o, x.witness);
    o += ',';
    key(o, "witness_steps");
    o += std::to_string(x.witness_steps);
    o += ',';
    key(o, "witness_switches");
    o += std::to_string(x.witness_switches);
    o += '}';
}

std::string explore_json(const ExploreResult& r, const std::string& file) {
    std::string o = "{";
    key(o, "format");
    o += "\"forklab-explore\",";
    key(o, "version");
    o += "1,";
    key(o, "file");
    append_json_string(o, file);
    o += ',';
    key(o, "complete");
    o += r.complete ? "true," : "false,";
    key(o, "stopped_by");
    if (r.stopped_by.empty()) o += "null,";
    else {
        append_json_string(o, r.stopped_by);
        o += ',';
    }
    key(o, "summary");
    append_json_string(o, explore_summary(r));
    o += ',';
    key(o, "loops");  // schedules cut where they came back to a state (explore_loops_note)
    o += std::to_string(r.loops) + ",";
    key(o, "executions");
    o += std::to_string(r.executions) + ",";
    key(o, "states");
    o += std::to_string(r.states) + ",";
    key(o, "schedules");
    o += (r.schedules == UINT64_MAX ? std::string("null") : std::to_string(r.schedules)) + ",";
    key(o, "at_least");
    o += (r.at_least == UINT64_MAX ? std::string("null") : std::to_string(r.at_least)) + ",";
    key(o, "seconds");
    append_number(o, r.seconds);
    o += ',';
    key(o, "outcomes");
    o += '[';
    for (size_t i = 0; i < r.outcomes.size(); ++i) {
        if (i) o += ',';
        append_outcome_json(o, r.outcomes[i]);
    }
    o += "]}\n";
    return o;
}

// [SECTION] progress bar

static void write_all(int fd, const std::string& s) {
    size_t at = 0;
    while (at < s.size()) {
        const ssize_t n = ::write(fd, s.data() + at, s.size() - at);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        at += (size_t)n;
    }
}

ProgressBar::ProgressBar() : on_(isatty(STDERR_FILENO) == 1) {}

void ProgressBar::draw(double fraction, const std::string& text) {
    if (!on_) return;
    constexpr int kWidth = 24;
    fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
    const int filled = (int)(kWidth * fraction);
    std::string bar = "\r\033[K[";
    bar.append((size_t)filled, '#');
    bar.append((size_t)(kWidth - filled), '-');
    bar += "] " + text;
    write_all(STDERR_FILENO, bar);
    drawn_ = true;
}

void ProgressBar::clear() {
    if (on_ && drawn_) write_all(STDERR_FILENO, "\r\033[K");
    drawn_ = false;
}

// [SECTION] Ctrl-C

namespace {
std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_old_int, g_old_term;
void on_signal(int sig) {
    g_signal = sig;
    g_stop.store(true, std::memory_order_relaxed);
}
}  // namespace

StopOnSignal::StopOnSignal() {
    g_stop = false;
    g_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, nullptr, &g_old_int);
    sigaction(SIGTERM, nullptr, &g_old_term);
    if (g_old_int.sa_handler != SIG_IGN) sigaction(SIGINT, &sa, nullptr);
    if (g_old_term.sa_handler != SIG_IGN) sigaction(SIGTERM, &sa, nullptr);
}

StopOnSignal::~StopOnSignal() {
    sigaction(SIGINT, &g_old_int, nullptr);
    sigaction(SIGTERM, &g_old_term, nullptr);
}

const std::atomic<bool>& StopOnSignal::flag() { return g_stop; }
int StopOnSignal::signal_number() { return g_signal; }

// [SECTION] arguments

bool read_scenario(const std::string& path, std::string* source, std::string* why) {
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
    *source = ss.str();
    return true;
}

bool parse_count(std::string_view s, uint64_t* out) {
    if (s.empty() || s.size() > 18) return false;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (uint64_t)(c - '0');
    }
    if (v == 0) return false;
    *out = v;
    return true;
}

bool parse_seconds(std::string_view s, double* out) {
    const std::string t(s);
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || *end || !(v > 0) || v > 1e7) return false;
    *out = v;
    return true;
}

bool read_exploration_budget(OptionReader& args, ExploreLimits* limits, std::string* error) {
    const std::string_view name = args.name();
    std::string_view value;
    if (name == "--max-executions" || name == "--max-steps") {
        uint64_t* target = name == "--max-executions" ? &limits->max_executions : &limits->max_steps;
        if (!args.value(&value) || !parse_count(value, target))
            *error = std::string(name) + " needs a positive integer";
        return true;
    }
    if (name == "--max-seconds") {
        if (!args.value(&value) || !parse_seconds(value, &limits->max_seconds))
            *error = "--max-seconds needs a positive number";
        return true;
    }
    return false;
}

}  // namespace forklab
