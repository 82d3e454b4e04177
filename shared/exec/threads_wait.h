// How a scenario process waits on the threads backend.
//
// Every wait is a condition-variable wait on the object's own mutex, woken by whoever
// changes the object, so a hand-off costs one wake-up. The wait also wakes every kPoll to
// notice a kill (terminate(), daemon cleanup, the run's limits), which only sets a flag, so
// a killed process never stays stuck inside a Host call.
//
// The objects' files (threads_sync.cpp, threads_pipes.cpp, threads_queues.cpp) reach the
// waiting process only through ThreadWaiter, which ThreadHost implements.
#pragma once
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>

#include "runtime/ids.h"
#include "trace/event.h"

namespace forklab::threadrt {

using Clock = std::chrono::steady_clock;
constexpr auto kPoll = std::chrono::milliseconds(20);

// The process that calls into a shared object, as the object sees it.
class ThreadWaiter {
public:
    virtual ProcId waiter_id() const = 0;
    // True once the process has been killed: give up the wait (and change nothing more).
    // Also enforces the run's wall-clock limit, which kills every process.
    virtual bool waiter_killed() = 0;
    // Records one trace event for this process, stamped now.
    virtual void waiter_trace(EventKind kind, uint32_t object = 0, int64_t value = 0,
                              std::string_view text = {}) = 0;

protected:
    ~ThreadWaiter() = default;
};

inline Clock::time_point deadline_after(std::optional<double> seconds) {
    if (!seconds) return Clock::time_point::max();
    const double s = std::min(std::max(*seconds, 0.0), 1e7);
    return Clock::now() +
           std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

// Waits on `cv` (whose mutex `g` holds) until ready(), the deadline or a kill. Returns
// ready(). The first time it must wait it marks the process blocked for `reason` in the
// trace, and running again when it stops waiting.
template <class Ready>
bool wait_until(ThreadWaiter& who, std::unique_lock<std::mutex>& g, std::condition_variable& cv,
                Clock::time_point deadline, std::string_view reason, uint32_t object,
                Ready ready) {
    if (ready()) return true;
    if (Clock::now() >= deadline || who.waiter_killed()) return false;
    who.waiter_trace(EventKind::proc_blocked, object, 0, reason);
    bool ok = false;
    for (;;) {
        const Clock::time_point now = Clock::now();
        if (now >= deadline || who.waiter_killed()) break;
        cv.wait_until(g, deadline - now > kPoll ? now + kPoll : deadline);
        if (ready()) {
            ok = true;
            break;
        }
    }
    who.waiter_trace(EventKind::proc_running);
    return ok;
}

}  // namespace forklab::threadrt
