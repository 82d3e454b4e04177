// Process-shared waiting primitives for the fork arena, built on Linux futexes.
//
// Why futexes rather than sem_t or pthread objects: an uncontended lock is one atomic
// exchange and no system call, a release only calls the kernel when someone sleeps, and the
// words are plain std::atomic<uint32_t> that live in the MAP_SHARED arena as they are.
//
// ArenaMutex guards the arena's own structures (a queue's ring, a SyncState). Its word holds
// the holder's pid, so a waiter that finds the holder dead (killed by terminate() inside a
// critical section) takes it over instead of wedging the run: the structures it guards are
// updated so that a half-done update is harmless (see fork_queue.cpp).
//
// ArenaSignal is a condition variable without a mutex of its own: a change bumps a sequence
// number and wakes the sleepers; a waiter reads the number before re-checking its condition
// and sleeps only while the number is unchanged, so no wake-up is ever lost.
//
// Waits are cut into slices (kWaitSlice) so a blocked process still notices the run's limits
// and the Ctrl-C of the CLI; `stop` is polled between slices.
#pragma once
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace forklab::forkrt {

using WaitClock = std::chrono::steady_clock;
constexpr auto kWaitSlice = std::chrono::milliseconds(50);

// How long a waiter polls before it sleeps: a partner on another core usually answers within
// microseconds, and a futex or poll() sleep plus its wake-up costs several.
constexpr auto kSpinBeforeSleep = std::chrono::microseconds(40);

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

// Before a waiter on a ring (Pipe, Queue) sleeps, it looks again for up to kYieldSpin with
// sched_yield() between looks: on an idle core the yield returns at once (a cheap spin), on a
// busy one it hands the core over, often to the very partner being waited for. Measured on 2
// cores shared with other work (scripts/bench_ipc.py): this beat both sleeping at once and a
// pause-instruction spin (which holds the core the partner is waiting for) several times over
// for Pipe round trips and streams, as long as the yields come back quickly (see
// kYieldTookLong below for when they do not).
constexpr auto kYieldSpin = std::chrono::microseconds(40);
void yield_cpu();  // sched_yield(), kept out of this header's includes

// On a machine with more runnable tasks than cores, a sched_yield() hands the core to each of
// them in turn and comes back milliseconds later, so a spin costs the waiter (and, when the
// partner waits on it, the partner) that much per message; a futex sleep, whose wake-up
// CFS lets run at once, is far cheaper there. A yield that took longer than kYieldTookLong
// says so, and the waits of this process then sleep without spinning for kBusyBackoff.
constexpr auto kYieldTookLong = std::chrono::microseconds(200);
constexpr auto kBusyBackoff = std::chrono::milliseconds(2);
bool spin_pays(WaitClock::time_point now);     // false while backing off
void note_busy(WaitClock::time_point now);

// True once ready() is; false after kYieldSpin, at `deadline`, or when spinning does not pay.
template <class Ready>
bool spin_until_ready(Ready ready, WaitClock::time_point deadline) {
    auto now = WaitClock::now();
    if (!spin_pays(now)) return ready();
    const auto spin_end = std::min(deadline, now + kYieldSpin);
    while (now < spin_end) {
        yield_cpu();
        const bool ok = ready();
        const auto after = WaitClock::now();
        const bool busy = after - now > kYieldTookLong;
        if (busy) note_busy(after);
        if (ok) return true;
        if (busy) return false;
        now = after;
    }
    return false;
}

// Sleeps while *word == expected, at most until `deadline` (or one slice). Returns false when
// the deadline has passed.
bool futex_wait_until(std::atomic<uint32_t>* word, uint32_t expected, WaitClock::time_point deadline);
void futex_wake(std::atomic<uint32_t>* word, int count);

struct ArenaMutex {
    std::atomic<uint32_t> word{0};     // 0 free, else the holder's pid
    std::atomic<uint32_t> sleepers{0};

    void lock();
    void unlock();
    // unlock() for a holder whose last stores inside were release stores and who looks for
    // sleepers of its own right after (the Queue rings): one seq_cst fence orders all those
    // stores before every sleeper check, the mutex's own included, where a seq_cst store
    // apiece would fence each of them.
    void unlock_fenced();
};

struct ArenaSignal {
    std::atomic<uint32_t> seq{0};
    std::atomic<uint32_t> sleepers{0};

    uint32_t ticket() const { return seq.load(std::memory_order_acquire); }
    // Sleeps until notify() is called after `ticket()` returned `seen`, or the deadline / a
    // slice passes. Returns false when the deadline has passed.
    bool wait(uint32_t seen, WaitClock::time_point deadline);
    void notify_all();
    // Wakes one sleeper: enough when each change is good for one waiter only (a queue item).
    void notify_one();
};

// The wake-up protocol of the shared-memory rings (Queue): the side that moved its position
// (a seq_cst store, or a release store and then a seq_cst fence) wakes only when someone sleeps, and then bumps `seq` first; a sleeper
// reads `seq`, counts itself in `sleepers` (seq_cst) and looks at its condition again before
// the futex wait. Whichever of the two comes second sees the other, so no wake-up is lost,
// and while nobody sleeps a waker writes nothing to the signal's cache line.
inline void ring_wake_if_sleepers(ArenaSignal& s, int count) {
    if (s.sleepers.load() == 0) return;
    s.seq.fetch_add(1);
    futex_wake(&s.seq, count);
}
// One sleep of at most a slice, unless ready() already holds; false when the deadline passed.
template <class Ready>
bool ring_sleep(ArenaSignal& s, Ready ready, WaitClock::time_point deadline) {
    const auto now = WaitClock::now();
    if (now >= deadline) return false;
    const uint32_t seen = s.seq.load();
    s.sleepers.fetch_add(1);
    if (!ready()) futex_wait_until(&s.seq, seen, deadline);
    s.sleepers.fetch_sub(1);
    return true;
}

// RAII for ArenaMutex.
struct ArenaGuard {
    explicit ArenaGuard(ArenaMutex& m) : m_(m) { m_.lock(); }
    ~ArenaGuard() { m_.unlock(); }
    ArenaGuard(const ArenaGuard&) = delete;
    ArenaGuard& operator=(const ArenaGuard&) = delete;

private:
    ArenaMutex& m_;
};

}  // namespace forklab::forkrt
