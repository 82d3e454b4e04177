// What `forklab explore` and `forklab compare` share: reading the scenario, options, the
// progress bar (stderr, only on a terminal), Ctrl-C as a stop flag, and outcome labels.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "exec/explore.h"

namespace forklab {

// The scenario's output in one short line: lines joined by " / ", cut at `width` characters.
std::string output_summary(std::string_view out, size_t width = 40);
// "exit 0: 4", "deadlock: done", "exit 1: <no output>"...
std::string outcome_label(Ending ending, int exit_status, std::string_view out, size_t width = 40);

// The table `forklab explore` prints, and its --json document (docs/explore-json.md).
std::string explore_table(const ExploreResult& r, const std::string& file);
std::string explore_json(const ExploreResult& r, const std::string& file);
void append_outcome_json(std::string& o, const Outcome& x);

// A bar on stderr when it is a terminal; nothing otherwise.
class ProgressBar {
public:
    ProgressBar();
    void draw(double fraction, const std::string& text);
    void clear();
private:
    bool on_;
    bool drawn_ = false;
};

// SIGINT and SIGTERM set `flag()` while one of these lives (a signal the caller ignores stays
// ignored); the previous handlers come back after.
class StopOnSignal {
public:
    StopOnSignal();
    ~StopOnSignal();
    static const std::atomic<bool>& flag();
    static int signal_number();  // the signal that set it (0: none)
};

bool read_scenario(const std::string& path, std::string* source, std::string* why);
bool parse_count(std::string_view s, uint64_t* out);  // a positive integer
bool parse_seconds(std::string_view s, double* out);  // a positive number

class OptionReader;  // cli/option_reader.h
// The exploration budgets that explore and compare both take: --max-executions N,
// --max-steps N, --max-seconds S. False when the current argument is none of them; true
// when it is one, with *error set (and *limits unchanged) when its value is bad.
bool read_exploration_budget(OptionReader& args, ExploreLimits* limits, std::string* error);

}  // namespace forklab
