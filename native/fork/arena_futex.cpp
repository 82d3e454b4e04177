#include "fork/arena_futex.h"

#include <linux/futex.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <mutex>

namespace forklab::forkrt {

namespace {

// Spinning before sleeping: a holder on another core usually lets go within a few hundred
// nanoseconds, far less than a futex sleep and wake-up costs.
constexpr int kSpins = 200;

// glibc no longer caches getpid(): a system call per lock() would cost more than the lock.
// The cached value is forgotten in every child fork() makes.
std::atomic<uint32_t> g_self_pid{0};

uint32_t self_pid() {
    uint32_t pid = g_self_pid.load(std::memory_order_relaxed);
    if (pid != 0) return pid;
    static std::once_flag registered;
    std::call_once(registered, [] {
        pthread_atfork(nullptr, nullptr, [] { g_self_pid.store(0, std::memory_order_relaxed); });
    });
    pid = (uint32_t)getpid();
    g_self_pid.store(pid, std::memory_order_relaxed);
    return pid;
}


// A zombie still answers kill(pid, 0), so its state in /proc decides.
bool process_is_gone(uint32_t pid) {
    if (kill((pid_t)pid, 0) != 0) return errno == ESRCH;
    char path[64];
    snprintf(path, sizeof path, "/proc/%u/stat", pid);
    FILE* f = fopen(path, "re");
    if (!f) return true;
    char buf[256];
    const size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    const char* close_paren = nullptr;
    for (const char* p = buf; *p; ++p)
        if (*p == ')') close_paren = p;
    return close_paren && close_paren[1] == ' ' && (close_paren[2] == 'Z' || close_paren[2] == 'X');
}

}  // namespace

bool futex_wait_until(std::atomic<uint32_t>* word, uint32_t expected, WaitClock::time_point deadline) {
    const auto now = WaitClock::now();
    if (now >= deadline) return false;
    const auto step = std::min<WaitClock::duration>(deadline - now, kWaitSlice);
    const long long ns = std::chrono::duration_cast<std::chrono::nanoseconds>(step).count();
    struct timespec ts = {(time_t)(ns / 1'000'000'000), (long)(ns % 1'000'000'000)};
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAIT, expected, &ts, nullptr, 0);
    return true;
}

void futex_wake(std::atomic<uint32_t>* word, int count) {
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAKE, count, nullptr, nullptr, 0);
}

void ArenaMutex::lock() {
    const uint32_t me = self_pid();
    uint32_t expected = 0;
    if (word.compare_exchange_strong(expected, me, std::memory_order_acquire)) return;
    for (int i = 0; i < kSpins; ++i) {
        cpu_relax();
        expected = 0;
        if (word.load(std::memory_order_relaxed) == 0 &&
            word.compare_exchange_weak(expected, me, std::memory_order_acquire))
            return;
    }
    sleepers.fetch_add(1);
    for (;;) {
        const uint32_t holder = word.load();
        if (holder == 0) {
            expected = 0;
            if (word.compare_exchange_strong(expected, me, std::memory_order_acquire)) break;
            continue;
        }
        const auto deadline = WaitClock::now() + kWaitSlice;
        futex_wait_until(&word, holder, deadline);
        // Still the same holder after a whole slice: it may have been killed inside.
        if (WaitClock::now() >= deadline && word.load() == holder && process_is_gone(holder)) {
            expected = holder;
            if (word.compare_exchange_strong(expected, me, std::memory_order_acquire)) break;
        }
    }
    sleepers.fetch_sub(1);
}

void ArenaMutex::unlock() {
    word.store(0);
    if (sleepers.load() > 0) futex_wake(&word, 1);
}

void ArenaMutex::unlock_fenced() {
    word.store(0, std::memory_order_release);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (sleepers.load(std::memory_order_relaxed) > 0) futex_wake(&word, 1);
}

bool ArenaSignal::wait(uint32_t seen, WaitClock::time_point deadline) {
    if (WaitClock::now() >= deadline) return false;
    sleepers.fetch_add(1);
    if (seq.load() == seen) futex_wait_until(&seq, seen, deadline);
    sleepers.fetch_sub(1);
    return true;
}

void ArenaSignal::notify_all() {
    seq.fetch_add(1);
    if (sleepers.load() > 0) futex_wake(&seq, INT_MAX);
}

void yield_cpu() { sched_yield(); }

namespace {
// When this process's waits may spin again (steady_clock ticks); every thread of the process
// shares it, as they share the cores.
std::atomic<WaitClock::rep> g_spin_off_until{0};
}  // namespace

bool spin_pays(WaitClock::time_point now) {
    return now.time_since_epoch().count() >= g_spin_off_until.load(std::memory_order_relaxed);
}

void note_busy(WaitClock::time_point now) {
    g_spin_off_until.store((now + kBusyBackoff).time_since_epoch().count(), std::memory_order_relaxed);
}

void ArenaSignal::notify_one() {
    seq.fetch_add(1);
    if (sleepers.load() > 0) futex_wake(&seq, 1);
}

}  // namespace forklab::forkrt
