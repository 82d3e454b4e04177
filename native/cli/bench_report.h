// What `forklab bench` measured and how it is shown: the scenarios' result lines, the
// printed table and the JSON file for plotting. Plain C++ with no I/O, so the command file
// (bench_command.cpp) only runs experiments and draws progress.
//
// A scenario reports each measurement on its stdout as one line:
//     BENCH metric=NAME x=INT ops=INT seconds=FLOAT
// x is the point on the plot's x axis (message size in bytes, number of processes...), ops
// how many operations the timed section did. The JSON schema is in docs/bench-json.md.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace forklab {

struct BenchMeasurement {
    std::string metric;
    int64_t x = 0;
    int64_t ops = 0;
    double seconds = 0;
};

// Parses one line of a scenario's output; false for any other line.
bool parse_bench_line(std::string_view line, BenchMeasurement* out);

enum class ExperimentStatus {
    ok,           // the scenario ran to the end
    failed,       // it exited non-zero: `error` says why (often an API forklab lacks yet)
    interrupted,  // Ctrl-C (or SIGTERM) arrived while it ran; what it had printed is kept
    not_run,      // the run was interrupted before it started
};
const char* experiment_status_name(ExperimentStatus s);

struct ExperimentResult {
    std::string name;  // the scenario's file name without ".py"
    ExperimentStatus status = ExperimentStatus::not_run;
    std::string error;
    double wall_seconds = 0;  // the whole run of the scenario, start-up included
    std::vector<BenchMeasurement> measurements;
};

struct BenchReport {
    std::string forklab_version;
    std::string backend = "fork";
    std::string cpu;
    int cores = 0;
    double scale = 1.0;
    bool interrupted = false;
    std::vector<ExperimentResult> experiments;
};

// The human table: one row per measurement (speed-ups as t(1)/t(P)), then the experiments
// that did not run and why. Ends with a newline.
std::string bench_table(const BenchReport& report);

// The JSON document of docs/bench-json.md (strict JSON: finite numbers, escaped strings).
std::string bench_json(const BenchReport& report);

// `source` with its first line that starts with "SCALE = " replaced by "SCALE = <scale>".
// Unchanged when there is no such line.
std::string with_scale(std::string_view source, double scale);

}  // namespace forklab
