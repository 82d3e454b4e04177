// The desktop BackgroundRunner: run_scenario() on a std::thread, so fork and threads runs
// never block the UI. One run at a time; the viewer polls it every frame.
#pragma once
#include <atomic>
#include <mutex>
#include <thread>

#include "ui/viewer.h"

namespace forklab::gui {

class ThreadRunner final : public ui::BackgroundRunner {
public:
    ~ThreadRunner() override;
    bool available(Backend b, std::string* why_not) const override;
    void start(const RunRequest& request) override;
    bool poll(RunResult* out) override;

private:
    std::thread worker_;
    std::mutex mutex_;
    bool done_ = false;
    RunResult result_;
};

}  // namespace forklab::gui
