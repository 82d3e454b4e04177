// How a scenario process waits on the threads backend.
//
// Every wait is a condition-variable wait on the object's own mutex, woken by whoever
// changes the object. Before it sleeps, a waiter may spin for up to kSpin on the object's
// change counter (without the mutex): a message or a release that comes within microseconds
// then costs no sleep and no wake-up system call. It spins only while the run has a core to
// spare (CoreLoad: fewer processes running than cores); on a busy machine spinning only
// takes the core from the process being waited for (measured: a Pipe round trip 10x
// slower), so then it sleeps at once. The wait also wakes every kPoll to notice a kill (terminate(), daemon
// cleanup, the run's limits), which only sets a flag, so a killed process never stays stuck
// inside a Host call.
//
// The objects' files (threads_sync.cpp, threads_pipes.cpp, threads_queues.cpp) reach the
// waiting process only through ThreadWaiter, which ThreadHost implements.
#pragma once
#include <algorithm>
#include <atomic>
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
constexpr auto kSpin = std::chrono::microseconds(10);

// The run's scenario processes that want a core now (not asleep in a wait), against the cores.
struct CoreLoad {
    std::atomic<int> running{0};
    int cores = 1;
    bool core_to_spare() const { return running.load(std::memory_order_relaxed) < cores; }
};

// What waiters of one object wait on. notify() after every change of the object's state.
struct Signal {
    std::condition_variable cv;
    std::atomic<uint32_t> changes{0};
    void notify() {
        changes.fetch_add(1, std::memory_order_release);
        cv.notify_all();
    }
};

// The process that calls into a shared object, as the object sees it.
class ThreadWaiter {
public:
    virtual ProcId waiter_id() const = 0;
    // True once the process has been killed: give up the wait (and change nothing more).
    // Also enforces the run's wall-clock limit, which kills every process.
    virtual bool waiter_killed() = 0;
    virtual CoreLoad& waiter_load() = 0;
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

// Spins (mutex released) until `s` changes or kSpin has passed.
inline void spin_for_change(Signal& s, std::unique_lock<std::mutex>& g) {
    const uint32_t seen = s.changes.load(std::memory_order_acquire);
    g.unlock();
    const Clock::time_point until = Clock::now() + kSpin;
    for (unsigned i = 1; s.changes.load(std::memory_order_acquire) == seen; ++i)
        if (i % 64 == 0 && Clock::now() >= until) break;
    g.lock();
}

// Waits on `s` (the object's mutex held in `g`) until ready(), the deadline or a kill.
// Returns ready(). When it has to sleep it marks the process blocked for `reason` in the
// trace, and running again when it stops waiting.
template <class Ready>
bool wait_until(ThreadWaiter& who, std::unique_lock<std::mutex>& g, Signal& s,
                Clock::time_point deadline, std::string_view reason, uint32_t object,
                Ready ready) {
    if (ready()) return true;
    if (Clock::now() >= deadline || who.waiter_killed()) return false;
    CoreLoad& load = who.waiter_load();
    if (load.core_to_spare()) {
        spin_for_change(s, g);
        if (ready()) return true;
    }
    who.waiter_trace(EventKind::proc_blocked, object, 0, reason);
    load.running.fetch_sub(1, std::memory_order_relaxed);
    bool ok = false;
    for (;;) {
        const Clock::time_point now = Clock::now();
        if (now >= deadline || who.waiter_killed()) break;
        s.cv.wait_until(g, deadline - now > kPoll ? now + kPoll : deadline);
        if (ready()) {
            ok = true;
            break;
        }
    }
    load.running.fetch_add(1, std::memory_order_relaxed);
    who.waiter_trace(EventKind::proc_running);
    return ok;
}

}  // namespace forklab::threadrt
