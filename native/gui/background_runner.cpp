#include "gui/background_runner.h"

#include "exec/runners.h"

namespace forklab::gui {

namespace {
// The result carries out/err; the viewer shows them when the run ends.
class DiscardOutput final : public OutputSink {
public:
    void write(ProcId, Stream, std::string_view) override {}
};
}  // namespace

ThreadRunner::~ThreadRunner() {
    // A run cannot be interrupted; wait for it (the run's own wall-clock limit bounds this).
    if (worker_.joinable()) worker_.join();
}

bool ThreadRunner::available(Backend, std::string*) const { return true; }

void ThreadRunner::start(const RunRequest& request) {
    if (worker_.joinable()) worker_.join();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        done_ = false;
        result_ = RunResult{};
    }
    worker_ = std::thread([this, request] {
        DiscardOutput sink;
        RunResult r = run_scenario(request, &sink);
        std::lock_guard<std::mutex> lock(mutex_);
        result_ = std::move(r);
        done_ = true;
    });
}

bool ThreadRunner::poll(RunResult* out) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!done_) return false;
        done_ = false;
        *out = std::move(result_);
    }
    worker_.join();
    return true;
}

}  // namespace forklab::gui
