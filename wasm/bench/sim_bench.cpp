// forklab_sim_bench: the portable core alone (no SDL, no UI, no threads) with a main that
// runs one scenario on sim and prints the run's stats line, built with Emscripten and the
// browser build's optimization flags so that Node (V8, Chromium's JavaScript and wasm
// engine) measures the instructions per second the browser lab gets. The native CLI prints
// the same line for `forklab run --stats`; scripts/bench_sim.py runs both.
//
//   node --no-experimental-fetch forklab_sim_bench.js [--no-trace] [--seed N] FILE.py
//
// Lives outside wasm/*.cpp (that glob is the browser modules) and is built by its own small
// CMake project (wasm/bench/CMakeLists.txt), so the browser build and CI do not grow.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "exec/run_stats.h"
#include "exec/runners.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>

// Processor time of Node's main thread (the one running the wasm), from Linux's
// /proc/thread-self/stat (utime + stime, in clock ticks of 1/100 s); -1 where that is not
// readable. Emscripten's std::clock() is the wall clock, and a benchmark on a shared
// machine needs the time this thread really ran; process.cpuUsage() would add V8's
// background compiler and GC threads.
EM_JS(double, main_thread_cpu_seconds, (), {
    try {
        const stat = require("fs").readFileSync("/proc/thread-self/stat", "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch (e) {
        return -1;
    }
});
static double cpu_seconds_now() {
    const double s = main_thread_cpu_seconds();
    return s >= 0 ? s : double(std::clock()) / CLOCKS_PER_SEC;
}
#else
static double cpu_seconds_now() { return double(std::clock()) / CLOCKS_PER_SEC; }
#endif

namespace {

using namespace forklab;

class StdioSink final : public OutputSink {
public:
    void write(ProcId, Stream stream, std::string_view text) override {
        std::fwrite(text.data(), 1, text.size(), stream == Stream::out ? stdout : stderr);
    }
};

}  // namespace

namespace forklab {
// runners.h: this executable has the simulator only.
RunResult run_scenario(const RunRequest& request, OutputSink* sink) { return run_sim(request, sink); }
}  // namespace forklab

int main(int argc, char** argv) {
    RunRequest req;
    req.backend = Backend::sim;
    req.trace = true;
    std::string file;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--no-trace") {
            req.trace = false;
        } else if (a == "--seed" && i + 1 < argc) {
            req.seed = std::strtoull(argv[++i], nullptr, 10);
        } else if (file.empty() && !a.empty() && a[0] != '-') {
            file = std::string(a);
        } else {
            std::fprintf(stderr, "usage: forklab_sim_bench [--no-trace] [--seed N] FILE.py\n");
            return 2;
        }
    }
    if (file.empty()) {
        std::fprintf(stderr, "usage: forklab_sim_bench [--no-trace] [--seed N] FILE.py\n");
        return 2;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "forklab_sim_bench: can't open file '%s'\n", file.c_str());
        return 2;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    req.source = ss.str();
    req.filename = file;

    StdioSink sink;
    const auto started = std::chrono::steady_clock::now();
    const double cpu_started = cpu_seconds_now();
    RunResult r = run_sim(req, &sink);
    const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - started;
    const double cpu = cpu_seconds_now() - cpu_started;
    std::fflush(stdout);
    for (const Diagnostic& d : r.diagnostics) std::fputs(format_diagnostic(d, req.source).c_str(), stderr);
    std::fputs(format_run_stats(req, r, wall.count(), cpu).c_str(), stderr);
    return r.exit_status;
}
