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
//
// The calls after lock_release have defaults (host.cpp) meaning "not on this backend":
// create calls return id 0, for which the interpreter raises NotImplementedError, and the
// others do nothing. Every backend overrides them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/ids.h"
#include "runtime/sync_logic.h"
#include "runtime/typecode.h"

namespace forklab {

// A Pipe's (and a Queue's shared buffer's) capacity in bytes of serialized messages, as
// the OS pipe behind CPython's Connection and Queue.
constexpr size_t kPipeBufferBytes = 65536;

class Interp;     // shared/lang/interp.h
struct ChildSpec;  // shared/lang/interp.h: what a child process will run (opaque here)

enum class OpStatus { done, blocked };
enum class SyncStepKind : uint8_t { begin, poll, cancel };  // Host::sync_step
// Host::wait_nested's answer: retry the blocked call now; stop (self() may not go on: a
// deadlock or a limit was reported, or it was killed); unsupported (the backend cannot wait
// there, the interpreter raises RuntimeError).
enum class NestedWait { unsupported, retry, stop };
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
    // When the process cannot be created it returns ProcId{kNoProcess} and sets *os_error:
    // EAGAIN when fork() failed or the run's process cap (RunLimits::max_processes) is
    // reached, and the interpreter raises OSError(errno, strerror) in the scenario. A backend
    // may instead stop the whole run with a LimitExceeded diagnostic (a fork bomb).
    virtual ProcId start_process(Interp& parent, const ChildSpec& child, std::string_view name,
                                 bool daemon, int* os_error) = 0;
    // p.join(timeout): waits for the child to end. `exitcode` receives its exit code when it
    // has ended (0, 1 for an uncaught exception, n for sys.exit(n), -signal when killed).
    // With a timeout that expires, returns done with *ended = false.
    virtual OpStatus join_process(ProcId child, std::optional<double> timeout_s, bool* ended,
                                  int* exitcode) = 0;
    // p.is_alive() / p.exitcode without waiting.
    virtual bool poll_process(ProcId child, int* exitcode) = 0;
    // p.terminate() (SIGTERM, 15) / p.kill() (SIGKILL, 9): the child stops at once, wherever
    // it is (blocked included), with exitcode -signal; its pipe ends and queue feeders are
    // dropped as at any exit, and a lock it held stays held (as in CPython). No effect on a
    // child that has already ended. Never blocks.
    virtual void signal_process(ProcId child, int signal);

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
    // How many times self() holds the lock: RLock recursion depth; 1 for a Lock held by
    // self() (multiprocessing's Lock remembers who acquired it), else 0. Never blocks.
    virtual int lock_held_by_self(LockId id);
    // Whether any process holds the lock now (repr() tells a free lock from another's).
    // Never blocks; false where the backend cannot tell.
    virtual bool lock_is_held(LockId id);

    // --- Semaphore, BoundedSemaphore, Event, Condition, Barrier, JoinableQueue's task count --
    // The rules are runtime/sync_logic.h; the backend keeps the SyncState where every
    // process sees it. `value`/`limit` as in sync_make (semaphore: start value and, bounded,
    // the same as the limit, else -1; barrier: parties, and limit 1 when it has an action).
    virtual SyncId sync_create(SyncKind kind, int64_t value, int64_t limit);
    // One operation; `arg` is notify's count or add's count. For SyncOp::wait on a
    // condition, `lock` is its lock, which self() holds: it is released completely while
    // waiting and re-acquired (same depth) before returning, timeout or not. A timeout that
    // expires gives done with result->ok false (barrier: error broken_barrier). Operations
    // for which sync_never_blocks() holds never return blocked.
    virtual OpStatus sync_op(SyncId id, SyncOp op, int64_t arg, LockId lock,
                             std::optional<double> timeout_s, SyncResult* result);
    // The same operation in steps that never block, for a thread whose process has other
    // threads to run (the interpreter lets them run between polls, and Host::idle when all
    // wait): begin (sync_begin, traced like sync_op) fills *ticket; poll re-checks with it;
    // cancel gives up at the caller's timeout (sync_cancel: a barrier breaks). Returns
    // whether the operation is complete, *result then holding its outcome (cancel always
    // completes). A condition's lock is not touched here: the interpreter releases it after
    // begin and takes it back after completion. Default: complete with wrong_kind (the
    // interpreter then falls back to the blocking sync_op).
    virtual bool sync_step(SyncId id, SyncOp op, int64_t arg, SyncStepKind step, SyncTicket* ticket,
                           SyncResult* result);

    // --- Pipe: connections carrying serialized messages (lang/transport.h) -----------------
    // Every process holds its own copies of connection ends: the creator holds both ends, and
    // a child started later inherits a copy of every end its parent holds open at that
    // moment (fork semantics); close() drops self()'s copy and exiting drops all of them.
    // Messages are delivered whole and in order. duplex=false: `a` only receives, `b` only
    // sends (as multiprocessing.Pipe returns them).
    virtual void pipe_create(bool duplex, ConnId* a, ConnId* b);
    // conn.send(): *peer_gone is set (BrokenPipeError) when no process holds the other end
    // any more. A pipe buffers kPipeBufferBytes; a send that does not fit blocks until the
    // reader has taken enough (a message larger than the buffer blocks until it is read).
    // (fork buffers about 3x that, as the socketpair behind CPython's Pipe: pipe_ring.h.)
    virtual OpStatus conn_send(ConnId c, std::string_view message, bool* peer_gone);
    // conn.recv(): blocks until a message arrives; *eof (EOFError) once the buffer is empty and
    // no process holds the other end any more.
    virtual OpStatus conn_recv(ConnId c, std::string* message, bool* eof);
    // conn.poll(timeout): whether recv() would not block (a message or EOF); no timeout
    // waits forever, 0 polls.
    virtual OpStatus conn_poll(ConnId c, std::optional<double> timeout_s, bool* ready);
    virtual void conn_close(ConnId c);
    virtual int conn_fileno(ConnId c);  // a real fd on fork; a stable small number elsewhere

    // --- Queue, JoinableQueue (with a counter SyncId), SimpleQueue ----------------------------
    // maxsize counts items (0: unbounded). Items are serialized (lang/transport.h); one
    // producer's items arrive in the order it put them. As in CPython, a Queue's buffer in
    // shared memory holds kPipeBufferBytes of items; what does not fit waits in the putting
    // process (its feeder thread in CPython), which cannot exit until a reader has made room
    // for all of it, unless cancel_join_thread() was called: joining such a child before
    // draining the queue deadlocks, as documented. SimpleQueue (simple=true) has no feeder:
    // its put blocks while the buffer is full.
    virtual QueueId queue_create(size_t maxsize, bool simple);
    // *full (queue.Full) when not put: the queue holds maxsize items and the wait timed out
    // or block was false.
    virtual OpStatus queue_put(QueueId q, std::string_view item, bool block,
                               std::optional<double> timeout_s, bool* full);
    // *empty (queue.Empty) when nothing was got in time (or at once, block false).
    virtual OpStatus queue_get(QueueId q, bool block, std::optional<double> timeout_s,
                               std::string* item, bool* empty);
    virtual size_t queue_size(QueueId q);  // items put and not yet got, feeders included
    // q.cancel_join_thread(): self() may exit without flushing its feeder (items are lost).
    virtual void queue_cancel_join(QueueId q);

    // --- the outside world ------------------------------------------------------------------
    virtual void write(Stream s, std::string_view text) = 0;
    virtual double now_seconds() = 0;  // time.time(); virtual time on sim
    virtual double monotonic_seconds() = 0;  // time.perf_counter()/monotonic()
    // time.sleep(s): on sim, the first call records a wake-up time and returns blocked; the
    // repeated call after the wake-up finds it passed and returns done.
    virtual OpStatus sleep(double seconds) = 0;
    // Threads (issue 4): every thread of self() waits, some for something another process
    // may change (a multiprocessing lock, a child's exit ...), which the interpreter polls
    // with the non-blocking forms of the calls above. idle() returns once another process
    // may have changed something, or at the timeout (none: no timeout). On sim, blocked
    // until any change or the deadline, repeated as sleep is. The default polls: it sleeps
    // 1 ms (less when the timeout is nearer), which is what fork and threads use.
    virtual OpStatus idle(std::optional<double> timeout_s);
    // A Host call just returned blocked inside Python code that native code runs (a generator
    // consumed by sorted(), a key function, __str__ ...), which the interpreter cannot unwind
    // to retry later. The backend runs the rest of the world until self()'s recorded wait may
    // be satisfied and answers retry (the interpreter repeats the call at once), or stop when
    // nothing else can run (the deadlock has been reported) or self() was stopped meanwhile.
    // Only sim returns blocked, so only sim overrides this.
    virtual NestedWait wait_nested() { return NestedWait::unsupported; }
    // The GIL changed hands inside self(): from now on its thread `thread` (0 = the main
    // thread, then in start order; `name` is Thread.name) runs. For the trace only; the
    // default ignores it (sim, fork and threads record EventKind::thread_switch).
    virtual void thread_switch(uint32_t thread, std::string_view name) { (void)thread; (void)name; }
    // input(): one line of the run's standard input, newline included; false at end of
    // input (EOFError). Scenarios get no input unless a backend provides it.
    virtual bool read_line(std::string& out) { (void)out; return false; }
    // os.getcwd(): by default the working directory of the OS process ("/" in the browser
    // or when it cannot be read), see host.cpp.
    virtual std::string current_dir() const;
};

}  // namespace forklab
