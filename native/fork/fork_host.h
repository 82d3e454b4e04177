// ForkHost: the Host of one scenario process on the fork backend.
//
// One object per OS process: MainProcess's lives in run_fork; a child builds its own inside
// start_process after fork(), copying what a forked process inherits from its parent (its
// Pipe ends). Processes and output are in fork_backend.cpp, locks and Semaphore/Event/
// Condition/Barrier in fork_sync.cpp, Pipe in fork_pipe.cpp, Queue in fork_queue.cpp.
#pragma once
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <deque>
#include <map>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "exec/run.h"
#include "fork/fork_arena.h"
#include "runtime/host.h"
#include "trace/trace_recorder.h"

namespace forklab {
class Interp;
}

namespace forklab::forkrt {

// fork_terminate.cpp: a traced child asked to end by SIGTERM (terminate(), a Pool's end, a
// daemon's parent exiting) first saves its trace, which the default action would lose. The
// handler only sets this flag; check_limits() stops the Interp, run_interp() then calls
// ForkHost::die_terminated(). A child that does not get there within a second dies anyway.
extern volatile sig_atomic_t g_terminate_requested;
void install_traced_terminate();  // in the child, after fork(), when the run is traced

uint64_t now_ns();

struct Child {
    ProcId id;
    pid_t pid = 0;
    bool daemon = false;
    bool reaped = false;
    int exitcode = 0;
};

// This process's copy of one Pipe end: the rings it reads and writes (pipe_ring.h) and a
// socket that carries no data: the kernel counts its copies, so it tells when every copy of
// the other end is closed (EOFError, BrokenPipeError), and it is what fileno() returns.
struct ConnEnd {
    int fd = -1;
    PipeRing* in = nullptr;   // null when not readable
    PipeRing* out = nullptr;  // null when not writable
    uint32_t epoch_seen = UINT32_MAX;  // ForkArena::conn_epoch when the socket was last asked
};

// Items of one Queue this process put that did not fit in its ring yet (CPython's feeder
// buffer).
struct FeederItem {
    std::string bytes;
    uint64_t flow = 0;
};
struct Feeder {
    std::deque<FeederItem> items;
    bool cancelled = false;  // cancel_join_thread(): exit without flushing
    // An item larger than kPipeBufferBytes is in the ring, but on CPython most of it would
    // still be in the feeder, waiting for a reader: this process may exit only once the
    // ring's head has passed this position (fork_queue.cpp).
    uint64_t exit_after_head = 0;
};


class ForkHost final : public Host {
public:
    explicit ForkHost(ProcId self)
        : rec(self, g_run->request.trace ? &g_run->arena->budget : nullptr), self_(self) {}

    ProcId self() const override { return self_; }
    int os_pid(ProcId p) const override {
        if (p == self_) return (int)getpid();
        if (p.value == 0) return (int)g_run->main_pid;
        return p.value < kMaxProcs ? g_run->arena->procs[p.value].pid.load() : 0;
    }
    int os_ppid() const override { return (int)getppid(); }
    int cpu_count() const override {
        const long n = sysconf(_SC_NPROCESSORS_ONLN);
        return n > 0 ? (int)n : 1;
    }

    ProcId start_process(Interp& parent, const ChildSpec& child, std::string_view name,
                         bool daemon, int* os_error) override;

    OpStatus join_process(ProcId child, std::optional<double> timeout_s, bool* ended,
                          int* exitcode) override {
        *ended = false;
        if (terminating()) return OpStatus::blocked;  // fork_terminate.cpp
        Child* c = find_child(child);
        if (!c) return OpStatus::done;
        if (!c->reaped) wait_child(*c, 0.0);  // already over: no blocked state to show
        if (!c->reaped && !(timeout_s && *timeout_s <= 0)) {
            rec.record(now_ns(), EventKind::proc_blocked, child.value, 0, "join()");
            wait_child(*c, timeout_s);
            rec.record(now_ns(), EventKind::proc_running);
        }
        if (!c->reaped) return OpStatus::done;
        *ended = true;
        if (exitcode) *exitcode = c->exitcode;
        rec.record(now_ns(), EventKind::proc_joined, child.value, c->exitcode);
        return OpStatus::done;
    }

    bool poll_process(ProcId child, int* exitcode) override {
        Child* c = find_child(child);
        if (!c) return false;
        if (!c->reaped) wait_child(*c, 0.0);
        if (!c->reaped) return true;
        if (exitcode) *exitcode = c->exitcode;
        return false;
    }

    // terminate()/kill(): a real signal (only the parent knows the pid, as in CPython); the
    // exit code -signal comes from waitpid when it is joined. (helper mp-proc's)
    void signal_process(ProcId child, int signal) override {
        if (terminating()) return;
        Child* c = find_child(child);
        if (c && !c->reaped) kill(c->pid, signal);
    }

    SharedId shared_alloc(TypeCode t, size_t count, bool synchronized) override {
        ForkArena& a = *g_run->arena;
        const uint64_t bytes = ((uint64_t)std::max<size_t>(count, 1) * 8 + 63) & ~uint64_t(63);
        const uint32_t i = a.next_block.fetch_add(1);
        const uint64_t off = a.bump.fetch_add(bytes);
        if (i >= kMaxBlocks || off + bytes > a.data_capacity() || count > (1u << 28)) {
            a.limit_hit.store(3);
            return SharedId{0};
        }
        BlockSlot& b = a.blocks[i];
        b.type = (char)t;
        b.count = (uint32_t)count;
        b.offset = off;
        b.lock = synchronized ? lock_create(LockKind::rlock).value : 0;
        std::atomic<uint64_t>* cells = a.cells(b);
        const Scalar zero = typecode_is_float(t) ? Scalar::real(0) : Scalar::integer(0);
        for (size_t k = 0; k < count; ++k) new (&cells[k]) std::atomic<uint64_t>(to_bits(zero));
        return SharedId{i + 1};
    }

    OpStatus shared_load(SharedId id, size_t index, Scalar* out) override {
        if (terminating()) return OpStatus::blocked;  // fork_terminate.cpp
        BlockSlot* b = block(id);
        if (!b || index >= b->count) return OpStatus::done;
        const bool locked = b->lock && !owns_rlock(b->lock) && take(LockId{b->lock}, true, std::nullopt, false);
        const uint64_t bits = g_run->arena->cells(*b)[index].load(std::memory_order_relaxed);
        if (locked) give(LockId{b->lock}, false);
        *out = from_bits((TypeCode)b->type, bits);
        if (tracing()) rec.record_shared(now_ns(), EventKind::shared_read, id.value, index, trace_value(*out));
        return OpStatus::done;
    }

    OpStatus shared_store(SharedId id, size_t index, Scalar value) override {
        if (terminating()) return OpStatus::blocked;  // fork_terminate.cpp
        BlockSlot* b = block(id);
        if (!b || index >= b->count) return OpStatus::done;
        const Scalar v = typecode_wrap((TypeCode)b->type, value);
        const bool locked = b->lock && !owns_rlock(b->lock) && take(LockId{b->lock}, true, std::nullopt, false);
        g_run->arena->cells(*b)[index].store(to_bits(v), std::memory_order_relaxed);
        if (locked) give(LockId{b->lock}, false);
        if (tracing()) rec.record_shared(now_ns(), EventKind::shared_write, id.value, index, trace_value(v));
        return OpStatus::done;
    }

    LockId shared_lock(SharedId id) override {
        BlockSlot* b = block(id);
        return LockId{b ? b->lock : 0};
    }

    // fork_sync.cpp
    LockId lock_create(LockKind kind) override;
    OpStatus lock_acquire(LockId id, bool block, std::optional<double> timeout_s,
                          bool* acquired) override {
        *acquired = false;
        if (terminating()) return OpStatus::blocked;  // fork_terminate.cpp
        // The uncontended cases inline (`with v.get_lock():` in a loop): an RLock this
        // process holds already, or a free word taken with one compare-exchange; take()
        // does the same first, then spins and sleeps.
        LockSlot* l = lock(id);
        if (l) {
            const uint32_t me = self_.value + 1;
            if (l->kind == (int)LockKind::rlock && l->owner.load(std::memory_order_relaxed) == me) {
                ++l->count;
            } else {
                uint32_t expected = 0;
                if (l->word.load(std::memory_order_relaxed) != 0 ||
                    !l->word.compare_exchange_strong(expected, 1, std::memory_order_acquire)) {
                    *acquired = take(id, block, timeout_s, true);
                    return OpStatus::done;
                }
                l->owner.store(me, std::memory_order_relaxed);
                l->count = 1;
            }
            if (tracing()) rec.record(now_ns(), EventKind::lock_acquire, id.value);
            *acquired = true;
            return OpStatus::done;
        }
        *acquired = take(id, block, timeout_s, true);
        return OpStatus::done;
    }
    bool lock_release(LockId id) override { return terminating() || give(id, true); }
    int lock_held_by_self(LockId id) override;
    bool lock_is_held(LockId id) override;
    SyncId sync_create(SyncKind kind, int64_t value, int64_t limit) override;
    bool sync_step(SyncId id, SyncOp op, int64_t arg, SyncStepKind step, SyncTicket* ticket,
                   SyncResult* result) override;
    OpStatus sync_op(SyncId id, SyncOp op, int64_t arg, LockId lock,
                     std::optional<double> timeout_s, SyncResult* result) override;

    // fork_pipe.cpp
    void pipe_create(bool duplex, ConnId* a, ConnId* b) override;
    OpStatus conn_send(ConnId c, std::string_view message, bool* peer_gone) override;
    OpStatus conn_recv(ConnId c, std::string* message, bool* eof) override;
    OpStatus conn_poll(ConnId c, std::optional<double> timeout_s, bool* ready) override;
    void conn_close(ConnId c) override;
    int conn_fileno(ConnId c) override;
    // A forked child's copy of its parent's Pipe ends (read-ahead bytes stay the parent's).
    void inherit_conns(const ForkHost& parent);
    // In a forked child: this process's copy of its parent's host becomes the child's own
    // (what a fresh ForkHost(id) with inherit_conns holds), at the same address, so the
    // parent's Interp, whose state refers to this host, can become the child's in place
    // (Interp::become_child).
    // The parent's members are left as they are, not freed: freeing would write (and so
    // copy) their pages, and the child _exit()s with its memory left to the kernel.
    void become_child(ProcId id) {
        ForkHost fresh(id);
        fresh.inherit_conns(*this);
        new (this) ForkHost(std::move(fresh));
    }
    void close_all_conns();
    // Counts (+1) or uncounts (-1) a child's copies of every open end on its rings.
    void conns_fork_copies(int delta);

    // fork_queue.cpp
    QueueId queue_create(size_t maxsize, bool simple) override;
    OpStatus queue_put(QueueId q, std::string_view item, bool block,
                       std::optional<double> timeout_s, bool* full) override;
    OpStatus queue_get(QueueId q, bool block, std::optional<double> timeout_s,
                       std::string* item, bool* empty) override;
    size_t queue_size(QueueId q) override;
    void queue_cancel_join(QueueId q) override;
    // Moves what fits of this process's feeder items into their rings; never blocks.
    void flush_feeders() {
        if (feeders_pending_) flush_feeders_slow();
    }
    // At exit: waits until every feeder not cancelled is flushed (CPython joins its feeder
    // threads), or the run's limits stop it.
    void drain_feeders();

    void write(Stream s, std::string_view text) override;
    bool read_line(std::string& out) override { return sink && sink->read_line(out); }  // sink: MainProcess only

    double now_seconds() override {
        return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
    double monotonic_seconds() override {
        return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
    }

    void thread_switch(uint32_t thread, std::string_view name) override {
        if (tracing()) rec.record(now_ns(), EventKind::thread_switch, thread, 0, name);
    }

    OpStatus sleep(double seconds) override {
        if (terminating()) return OpStatus::blocked;  // fork_terminate.cpp
        rec.record(now_ns(), EventKind::proc_blocked, 0, 0, "time.sleep()");
        const auto deadline = deadline_after(seconds);
        while (Clock::now() < deadline && !check_limits()) {
            flush_feeders();  // a sleeping producer still feeds its queues, as CPython's thread
            const auto left = deadline - Clock::now();
            const auto slice = feeders_pending_ ? std::chrono::milliseconds(1) : kWaitSlice;
            std::this_thread::sleep_for(std::min<Clock::duration>(left, slice));
        }
        rec.record(now_ns(), EventKind::proc_running);
        return OpStatus::done;
    }

    // Flushes the partial lines children keep for write(2).
    void flush_fds() {
        for (int s = 0; s < 2; ++s) {
            if (!pending_[s].empty()) write_all(s + 1, pending_[s].data(), pending_[s].size());
            pending_[s].clear();
        }
    }

    // Ends this process's children as multiprocessing does at exit: SIGTERM the daemonic
    // ones, then wait for all.
    void end_children() {
        for (Child& c : children_)
            if (!c.reaped && c.daemon) kill(c.pid, SIGTERM);
        for (Child& c : children_)
            if (!c.reaped) wait_child(c, std::nullopt);
    }

    // A terminate request was taken (fork_terminate.cpp): from now on this process's Host
    // changes nothing that others could see, and calls that may block report blocked, so the
    // Interp stops at the call and run_interp() ends the process.
    bool terminating() const { return g_terminate_requested != 0; }

    // True once the run must stop (a limit was hit somewhere, or wall time is over, or this
    // traced child was terminated).
    bool check_limits() {
        if (g_terminate_requested) {
            stop_interp_for_terminate();
            return true;
        }
        ForkArena& a = *g_run->arena;
        if (a.limit_hit.load(std::memory_order_relaxed)) return true;
        if (Clock::now() > g_run->wall_deadline) {
            int expected = 0;
            a.limit_hit.compare_exchange_strong(expected, 5);
            return true;
        }
        return false;
    }

    const std::vector<Child>& children() const { return children_; }

    // fork_terminate.cpp. The Interp this process runs (children, for a traced terminate).
    Interp* interp = nullptr;
    void stop_interp_for_terminate();
    // Writes this child's file (events, output) and ends it by SIGTERM's default action, so
    // its parent sees exitcode -15 and records its exit.
    [[noreturn]] void die_terminated();

    TraceRecorder rec;
    std::string out, err;  // what this process wrote (children send it to the parent)
    RunResult* result = nullptr;  // MainProcess only
    OutputSink* sink = nullptr;    // MainProcess only
    std::map<uint32_t, ChildFile> files;  // MainProcess: children's files read at reap

private:
    static uint64_t to_bits(Scalar v) {
        if (!v.is_float) return (uint64_t)v.i;
        uint64_t b;
        memcpy(&b, &v.f, 8);
        return b;
    }
    static Scalar from_bits(TypeCode t, uint64_t b) {
        if (!typecode_is_float(t)) return Scalar::integer((int64_t)b);
        double f;
        memcpy(&f, &b, 8);
        return Scalar::real(f);
    }
    static int64_t trace_value(Scalar v) { return v.is_float ? (int64_t)v.f : v.i; }
    BlockSlot* block(SharedId id) {
        if (id.value == 0 || id.value > std::min(g_run->arena->next_block.load(), kMaxBlocks))
            return nullptr;
        return &g_run->arena->blocks[id.value - 1];
    }
public:
    // Deadlines for every wait (none: forever).
    static Clock::time_point deadline_after(std::optional<double> s) {
        if (!s) return Clock::time_point::max();
        const double sec = std::min(std::max(*s, 0.0), 1e7);
        return Clock::now() +
               std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(sec));
    }

private:
    // True when this process holds the block RLock `id` already (`with v.get_lock(): v.value
    // += 1`): the access's own acquire and release would only count up and down, so it is
    // skipped. Only the owner writes owner, so the owner's relaxed read is exact.
    bool owns_rlock(uint32_t id) {
        LockSlot* l = lock(LockId{id});
        return l && l->owner.load(std::memory_order_relaxed) == self_.value + 1;
    }
    LockSlot* lock(LockId id) {
        if (id.value == 0 || id.value > std::min(g_run->arena->next_lock.load(), kMaxLocks))
            return nullptr;
        return &g_run->arena->locks[id.value - 1];
    }
    Child* find_child(ProcId id) {
        for (Child& c : children_)
            if (c.id == id) return &c;
        return nullptr;
    }

    // Waits for a child up to `timeout_s` (none: until it ends), polling so limits and the
    // wall deadline are still checked.
    void wait_child(Child& c, std::optional<double> timeout_s);
    void reaped(Child& c, int status);

    bool take(LockId id, bool block, std::optional<double> timeout_s, bool traced);
    bool give(LockId id, bool traced);
    void flush_feeders_slow();
    // Moves the head items of one feeder into the ring while they fit (ring mutex held).
    bool flush_feeder_locked(QueueSlot& q, uint32_t qid, Feeder& f);
    QueueSlot* queue_slot(QueueId id);
    SyncSlot* sync_slot(SyncId id);
    ConnEnd* conn(ConnId id);
    // fork_pipe.cpp: a ring wait that also watches the peer's socket, and a blocking read.
    template <class Ready>
    bool pipe_wait(ConnEnd& c, ArenaSignal& sig, std::atomic<uint64_t>& want, uint64_t want_pos,
                   Ready ready, Clock::time_point deadline, bool* gone, const char* what,
                   uint32_t conn_id);
    template <class Take>
    bool pipe_read(ConnEnd& c, uint32_t conn_id, uint64_t* head, size_t n, bool hold, Take take);
    uint64_t next_flow() { return ((uint64_t)(self_.value + 1) << 40) | ++flows_; }
    bool tracing() const { return g_run->request.trace; }

    ProcId self_;
    std::vector<Child> children_;
    std::string pending_[2];
    std::vector<ConnEnd> conns_;          // by ConnId - 1 (ids are run-wide)
    std::map<uint32_t, Feeder> feeders_;  // by QueueId
    bool feeders_pending_ = false;
    uint64_t flows_ = 0;
};


}  // namespace forklab::forkrt
