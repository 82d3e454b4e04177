// Host: everything a scenario process can observe or change outside its own memory.
//
// The interpreter (shared/lang) knows Python; a backend (sim, fork, threads) knows how
// processes, shared memory and locks really exist. This interface is the only bridge.
// Each scenario process gets its own Host object, so `self()` needs no argument and a
// backend can keep per-process state (its trace buffer, its virtual clock) in it.
//
// Blocking: an operation that would block returns OpStatus::blocked only on backends that
// run many processes on one OS thread (sim). The interpreter then leaves the instruction
// un-executed (stack and pc untouched) and returns from Interp::run(); the scheduler
// resumes it later and the instruction runs again from the start. fork and threads block
// the OS thread instead and always return OpStatus::done. So every Host call the
// interpreter makes must be safe to repeat after `blocked`.
//
// The interpreter never traces: the backend records every trace event in these calls.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/ids.h"
#include "runtime/typecode.h"

namespace forklab {

class Interp;     // shared/lang/interp.h
struct ChildSpec;  // shared/lang/interp.h: what a child process will run (opaque here)

enum class OpStatus { done, blocked };
enum class Stream { out, err };

// multiprocessing.Lock is a plain lock that any process may release;
// RLock (used inside synchronized Value/Array) is owned and re-entrant.
enum class LockKind { lock, rlock };

class Host {
public:
    virtual ~Host() = default;

    // --- identity -----------------------------------------------------------------
    virtual ProcId self() const = 0;
    virtual int os_pid(ProcId p) const = 0;    // real pid on fork, a stable fake pid otherwise
    virtual int os_ppid() const = 0;           // os.getppid() of self()
    virtual int cpu_count() const = 0;         // real cores, or the simulated core count

    // --- processes ------------------------------------------------------------------
    // p.start(): creates a child that starts as a copy of `parent` (fork semantics) and
    // runs the Process object's run() (normally target(*args, **kwargs)). `name` is the
    // multiprocessing name ("Process-1"). Never blocks. On fork the child never returns
    // from this call: it runs to completion inside it and _exit()s.
    virtual ProcId start_process(Interp& parent, const ChildSpec& child, std::string_view name,
                                 bool daemon) = 0;
    // p.join(timeout): waits for the child to end. `exitcode` receives its exit code when it
    // has ended (0, 1 for an uncaught exception, n for sys.exit(n), -signal when killed).
    // With a timeout that expires, returns done with *ended = false.
    virtual OpStatus join_process(ProcId child, std::optional<double> timeout_s, bool* ended,
                                  int* exitcode) = 0;
    // p.is_alive() / p.exitcode without waiting.
    virtual bool poll_process(ProcId child, int* exitcode) = 0;

    // --- shared memory (Value, Array, RawValue, RawArray) -------------------------------
    // `synchronized` (lock=True) gives the block its own RLock; every load and store below
    // takes it for just that access, so `v.value += 1` is still a race, as in CPython.
    virtual SharedId shared_alloc(TypeCode t, size_t count, bool synchronized) = 0;
    virtual OpStatus shared_load(SharedId id, size_t index, Scalar* out) = 0;
    virtual OpStatus shared_store(SharedId id, size_t index, Scalar value) = 0;
    // The RLock of a synchronized block (v.get_lock()); LockId{0} for a raw one.
    virtual LockId shared_lock(SharedId id) = 0;

    // --- locks ----------------------------------------------------------------------------
    virtual LockId lock_create(LockKind kind) = 0;
    // acquire(block, timeout): *acquired tells whether the lock is now held by self().
    virtual OpStatus lock_acquire(LockId id, bool block, std::optional<double> timeout_s,
                                  bool* acquired) = 0;
    // Returns false for releasing an unlocked Lock, or an RLock self() does not own
    // (the interpreter raises ValueError / RuntimeError as CPython does).
    virtual bool lock_release(LockId id) = 0;

    // --- the outside world ------------------------------------------------------------------
    virtual void write(Stream s, std::string_view text) = 0;
    virtual double now_seconds() = 0;  // time.time(); virtual time on sim
    virtual double monotonic_seconds() = 0;  // time.perf_counter()/monotonic()
    // time.sleep(s): on sim, the first call records a wake-up time and returns blocked; the
    // repeated call after the wake-up finds it passed and returns done.
    virtual OpStatus sleep(double seconds) = 0;
    // input(): one line of the run's standard input, newline included; false at end of
    // input (EOFError). Scenarios get no input unless a backend provides it.
    virtual bool read_line(std::string& out) { (void)out; return false; }
    // os.getcwd(): by default the working directory of the OS process ("/" in the browser
    // or when it cannot be read), see host.cpp.
    virtual std::string current_dir() const;
};

}  // namespace forklab
