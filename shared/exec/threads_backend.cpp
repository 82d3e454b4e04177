// The threads backend: one std::thread per scenario process, each with its own Interp and
// Host, all sharing one ThreadWorld.
//
// * Shared memory: every element is a std::atomic<uint64_t> cell (integers as int64 bits,
//   floats as double bits) read and written with relaxed order. A load and a store are two
//   separate Host calls, so `v.value += 1` loses updates exactly as it does in CPython, yet
//   the program has no data race in the C++ sense (TSan-clean).
// * Lock: mutex + condition variable + held flag, releasable by any thread; RLock adds an
//   owner and a count. Synchronized blocks take their RLock around each single access.
// * Objects are registered in fixed-capacity slot tables of atomic pointers, so lookups need
//   no lock while other threads allocate.
// * Waits poll every 20 ms for a kill (terminate(), daemon cleanup, limits) so a killed
//   process never stays stuck in a condition variable.
// * Trace: each process records into its own TraceRecorder; merged and sorted at the end.
// * Semaphore/Event/Condition/Barrier (threads_sync), Pipe (threads_pipes) and Queue
//   (threads_queues) live in their own files behind threads_ipc.h/threads_sync.h; ThreadHost
//   only forwards to them, releases a Condition's lock around its wait, hands pipe ends to a
//   child at start_process and flushes feeders and closes ends at exit (exit_ipc).
//
// Index: [SECTION] world, [SECTION] host, [SECTION] process threads, [SECTION] run_threads
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "exec/runners.h"
#include "exec/sim_messages.h"
#include "exec/threads_ipc.h"
#include "exec/threads_slots.h"
#include "exec/threads_sync.h"
#include "lang/interp.h"
#include "trace/trace_recorder.h"

namespace forklab {
namespace {

using Clock = std::chrono::steady_clock;
using threadrt::SlotTable;
constexpr auto kPoll = std::chrono::milliseconds(20);

// [SECTION] world

struct Block {
    TypeCode type = TypeCode::i32;
    size_t count = 0;
    std::unique_ptr<std::atomic<uint64_t>[]> cells;
    LockId lock;
};

struct TLock {
    LockKind kind = LockKind::lock;
    std::mutex m;
    std::condition_variable cv;
    bool held = false;
    ProcId owner;
    uint32_t count = 0;
};

class ThreadHost;

struct TProc {
    ProcId id;
    ProcId parent;
    std::string name;
    bool daemon = false;
    std::unique_ptr<ThreadHost> host;
    std::unique_ptr<Interp> interp;
    std::thread thread;
    TraceRecorder rec;
    std::mutex m;
    std::condition_variable cv;
    bool exited = false;
    int exitcode = 0;
    std::atomic<int> kill_signal{0};
};

struct ThreadWorld {
    RunRequest request;
    OutputSink* sink = nullptr;
    Clock::time_point start = Clock::now();
    Clock::time_point wall_deadline;
    uint64_t max_instructions = 0;
    uint32_t max_processes = 0;
    EventBudget budget;
    SlotTable<Block> blocks;
    SlotTable<TLock> locks;
    SlotTable<TProc> procs;
    std::atomic<uint64_t> instructions{0};
    std::atomic<bool> aborted{false};
    std::mutex out_m;  // guards result.out/err, diagnostics and the sink
    RunResult result;
    // Semaphores, events, conditions, barriers, pipes and queues (threads_sync/ipc.h).
    std::atomic<uint64_t> flows{0};  // message flow ids, one sequence for pipes and queues
    threadrt::CoreLoad load;         // whether a waiter may spin (threads_wait.h)
    threadrt::ThreadSyncs syncs;
    threadrt::ThreadPipes pipes{flows};
    threadrt::ThreadQueues queues{flows};

    // ProcId n lives in slot n + 1 (slot ids are 1-based).
    TProc* proc(ProcId p) const { return procs.get(p.value + 1); }
    uint64_t now_ns() const {
        return (uint64_t)std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start)
            .count();
    }
    // Only flags the process: its own thread passes the signal to its Interp (between run()
    // slices, or inside the Host call it is waiting in), so no Interp is touched by two threads.
    void kill(TProc& p, int sig) {
        int expected = 0;
        p.kill_signal.compare_exchange_strong(expected, sig);
    }
    void abort_run(Diagnostic d) {
        {
            std::lock_guard<std::mutex> g(out_m);
            if (aborted.exchange(true)) return;
            result.diagnostics.push_back(std::move(d));
        }
        for (uint32_t i = 1; i <= procs.size(); ++i)
            if (TProc* p = procs.get(i)) kill(*p, 9);
    }
    // Called from every wait loop and between run() slices.
    void check_wall() {
        if (Clock::now() > wall_deadline && !aborted.load())
            abort_run(Diagnostic{"LimitExceeded", request.filename, 0, 0,
                                 sim::say(request.lang, sim::Msg::budget_wall,
                                          {sim::seconds_text(request.limits.max_wall_seconds)})});
    }
};

// [SECTION] host

static uint64_t to_bits(Scalar v) {
    if (!v.is_float) return (uint64_t)v.i;
    uint64_t b;
    std::memcpy(&b, &v.f, sizeof b);
    return b;
}

static Scalar from_bits(TypeCode t, uint64_t b) {
    if (!typecode_is_float(t)) return Scalar::integer((int64_t)b);
    double f;
    std::memcpy(&f, &b, sizeof f);
    return Scalar::real(f);
}

class ThreadHost final : public Host, public threadrt::ThreadWaiter {
public:
    ThreadHost(ThreadWorld& w, TProc& me) : w_(w), me_(me) {}
    ProcId self() const override { return me_.id; }
    int os_pid(ProcId p) const override { return 1000 + (int)p.value; }
    int os_ppid() const override { return me_.id.value == 0 ? 999 : os_pid(me_.parent); }
    int cpu_count() const override {
        const unsigned n = std::thread::hardware_concurrency();
        return n ? (int)n : 1;
    }

    ProcId start_process(Interp& parent, const ChildSpec& child, std::string_view name,
                         bool daemon, int* os_error) override;

    OpStatus join_process(ProcId child, std::optional<double> timeout_s, bool* ended,
                          int* exitcode) override {
        *ended = false;
        TProc* c = w_.proc(child);
        if (!c || child == me_.id || killed()) return OpStatus::done;
        const auto deadline = deadline_after(timeout_s);
        std::unique_lock<std::mutex> g(c->m);
        if (!c->exited) {
            g.unlock();
            me_.rec.record(w_.now_ns(), EventKind::proc_blocked, child.value, 0, "join()");
            g.lock();
            while (!c->exited && !killed() && Clock::now() < deadline) {
                c->cv.wait_for(g, kPoll);
                g.unlock();
                w_.check_wall();
                g.lock();
            }
            g.unlock();
            me_.rec.record(w_.now_ns(), EventKind::proc_running);
            g.lock();
        }
        if (!c->exited) return OpStatus::done;
        *ended = true;
        if (exitcode) *exitcode = c->exitcode;
        const int code = c->exitcode;
        g.unlock();
        me_.rec.record(w_.now_ns(), EventKind::proc_joined, child.value, code);
        return OpStatus::done;
    }

    bool poll_process(ProcId child, int* exitcode) override {
        TProc* c = w_.proc(child);
        if (!c) return false;
        std::lock_guard<std::mutex> g(c->m);
        if (!c->exited) return true;
        if (exitcode) *exitcode = c->exitcode;
        return false;
    }

    // terminate()/kill(): only flags the child; its thread stops before its next run() slice,
    // or within kPoll from inside the wait it is blocked in (every wait loop checks killed()).
    void signal_process(ProcId child, int signal) override {
        if (TProc* c = w_.proc(child); c && child != me_.id) w_.kill(*c, signal);
    }

    SharedId shared_alloc(TypeCode t, size_t count, bool synchronized) override {
        auto b = std::make_unique<Block>();
        b->type = t;
        b->count = count;
        b->cells.reset(new std::atomic<uint64_t>[count ? count : 1]);
        const uint64_t zero = to_bits(typecode_is_float(t) ? Scalar::real(0) : Scalar::integer(0));
        for (size_t i = 0; i < count; ++i) b->cells[i].store(zero, std::memory_order_relaxed);
        if (synchronized) b->lock = lock_create(LockKind::rlock);
        return SharedId{w_.blocks.add(std::move(b))};
    }

    OpStatus shared_load(SharedId id, size_t index, Scalar* out) override {
        Block* b = w_.blocks.get(id.value);
        if (!b || index >= b->count) return OpStatus::done;
        Guard g(*this, b->lock);
        *out = from_bits(b->type, b->cells[index].load(std::memory_order_relaxed));
        me_.rec.record_shared(w_.now_ns(), EventKind::shared_read, id.value, index, trace_value(*out));
        return OpStatus::done;
    }

    OpStatus shared_store(SharedId id, size_t index, Scalar value) override {
        Block* b = w_.blocks.get(id.value);
        if (!b || index >= b->count) return OpStatus::done;
        Guard g(*this, b->lock);
        const Scalar v = typecode_wrap(b->type, value);
        b->cells[index].store(to_bits(v), std::memory_order_relaxed);
        me_.rec.record_shared(w_.now_ns(), EventKind::shared_write, id.value, index, trace_value(v));
        return OpStatus::done;
    }

    LockId shared_lock(SharedId id) override {
        Block* b = w_.blocks.get(id.value);
        return b ? b->lock : LockId{0};
    }

    LockId lock_create(LockKind kind) override {
        auto l = std::make_unique<TLock>();
        l->kind = kind;
        return LockId{w_.locks.add(std::move(l))};
    }

    OpStatus lock_acquire(LockId id, bool block, std::optional<double> timeout_s,
                          bool* acquired) override {
        *acquired = take(id, block, timeout_s, true);
        return OpStatus::done;
    }

    bool lock_release(LockId id) override { return give(id, true); }

    int lock_held_by_self(LockId id) override {
        TLock* l = w_.locks.get(id.value);
        if (!l) return 0;
        std::lock_guard<std::mutex> g(l->m);
        if (!l->held || l->owner != me_.id) return 0;
        return l->kind == LockKind::rlock ? (int)l->count : 1;
    }

    bool lock_is_held(LockId id) override {
        TLock* l = w_.locks.get(id.value);
        if (!l) return false;
        std::lock_guard<std::mutex> g(l->m);
        return l->held;
    }

    // --- Semaphore ... Barrier, Pipe, Queue: threads_sync.cpp, threads_pipes/queues.cpp ----
    SyncId sync_create(SyncKind kind, int64_t value, int64_t limit) override {
        return w_.syncs.create(kind, value, limit);
    }
    OpStatus sync_op(SyncId id, SyncOp op, int64_t arg, LockId lock,
                     std::optional<double> timeout_s, SyncResult* result) override;
    bool sync_step(SyncId id, SyncOp op, int64_t arg, SyncStepKind step, SyncTicket* ticket,
                   SyncResult* result) override {
        const SyncStep st = step == SyncStepKind::begin ? w_.syncs.begin(*this, id, op, arg, ticket)
                                                        : w_.syncs.step(id, op, *ticket, step == SyncStepKind::cancel);
        *result = st.ready ? st.result : SyncResult{};
        return st.ready;
    }
    void pipe_create(bool duplex, ConnId* a, ConnId* b) override {
        w_.pipes.create(ipc_, duplex, a, b);
    }
    OpStatus conn_send(ConnId c, std::string_view message, bool* peer_gone) override {
        return w_.pipes.send(*this, c, message, peer_gone);
    }
    OpStatus conn_recv(ConnId c, std::string* message, bool* eof) override {
        return w_.pipes.recv(*this, c, message, eof);
    }
    OpStatus conn_poll(ConnId c, std::optional<double> timeout_s, bool* ready) override {
        return w_.pipes.poll(*this, c, threadrt::deadline_after(timeout_s), ready);
    }
    void conn_close(ConnId c) override { w_.pipes.close(ipc_, c); }
    int conn_fileno(ConnId c) override { return 2 + (int)c.value; }  // after stdin/out/err
    QueueId queue_create(size_t maxsize, bool simple) override {
        return w_.queues.create(maxsize, simple);
    }
    OpStatus queue_put(QueueId q, std::string_view item, bool block,
                       std::optional<double> timeout_s, bool* full) override {
        return w_.queues.put(*this, ipc_, q, item, block, threadrt::deadline_after(timeout_s),
                             full);
    }
    OpStatus queue_get(QueueId q, bool block, std::optional<double> timeout_s, std::string* item,
                       bool* empty) override {
        return w_.queues.get(*this, q, block, threadrt::deadline_after(timeout_s), item, empty);
    }
    size_t queue_size(QueueId q) override { return w_.queues.size(q); }
    void queue_cancel_join(QueueId q) override { w_.queues.cancel_join(*this, ipc_, q); }

    // fork(): the child holds a copy of every connection end this process holds.
    void inherit_ipc(ThreadHost& child) { w_.pipes.inherit(ipc_, child.ipc_); }
    // The end of a process's exit, on its own thread: its feeders flush (or are dropped when
    // it was killed), then its connection ends close.
    void exit_ipc() {
        w_.queues.flush_at_exit(*this, ipc_, me_.kill_signal.load() != 0);
        w_.pipes.drop_all(ipc_);
    }

    // ThreadWaiter
    ProcId waiter_id() const override { return me_.id; }
    bool waiter_killed() override {
        w_.check_wall();
        return killed();
    }
    threadrt::CoreLoad& waiter_load() override { return w_.load; }
    void waiter_trace(EventKind kind, uint32_t object, int64_t value,
                      std::string_view text) override {
        me_.rec.record(w_.now_ns(), kind, object, value, text);
    }

    bool read_line(std::string& out) override {
        if (me_.id.value != 0 || !w_.sink) return false;
        std::lock_guard<std::mutex> g(w_.out_m);
        return w_.sink->read_line(out);
    }
    void write(Stream s, std::string_view text) override {
        if (killed()) return;  // a killed process says nothing more
        {
            std::lock_guard<std::mutex> g(w_.out_m);
            (s == Stream::out ? w_.result.out : w_.result.err).append(text);
            if (w_.sink) w_.sink->write(me_.id, s, text);
        }
        me_.rec.record(w_.now_ns(),
                       s == Stream::out ? EventKind::stdout_write : EventKind::stderr_write, 0, 0,
                       text);
    }

    double now_seconds() override {
        return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
    double monotonic_seconds() override {
        return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
    }

    void thread_switch(uint32_t thread, std::string_view name) override {
        me_.rec.record(w_.now_ns(), EventKind::thread_switch, thread, 0, name);
    }

    OpStatus sleep(double seconds) override {
        const auto deadline = deadline_after(seconds);
        me_.rec.record(w_.now_ns(), EventKind::proc_blocked, 0, 0, "time.sleep()");
        while (!killed() && Clock::now() < deadline) {
            std::this_thread::sleep_for(std::min<Clock::duration>(kPoll, deadline - Clock::now()));
            w_.check_wall();
        }
        me_.rec.record(w_.now_ns(), EventKind::proc_running);
        return OpStatus::done;
    }

private:
    // Holds a synchronized block's RLock for one access (no trace events: they would double
    // the trace of every synchronized Value without telling anything new).
    struct Guard {
        Guard(ThreadHost& h, LockId id) : h_(h), id_(id) {
            if (id_.value) held_ = h_.take(id_, true, std::nullopt, false);
        }
        ~Guard() {
            if (held_) h_.give(id_, false);
        }
        ThreadHost& h_;
        LockId id_;
        bool held_ = false;
    };

    static int64_t trace_value(Scalar v) { return v.is_float ? (int64_t)v.f : v.i; }
    // Called on this process's own thread, so it may hand the signal to its Interp: the
    // interrupted call returns and the process stops before its next instruction.
    bool killed() const {
        const int sig = me_.kill_signal.load(std::memory_order_relaxed);
        if (sig) me_.interp->request_kill(sig);
        return sig != 0;
    }

    static Clock::time_point deadline_after(std::optional<double> s) {
        if (!s) return Clock::time_point::max();
        const double sec = std::min(std::max(*s, 0.0), 1e7);
        return Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(sec));
    }

    bool take(LockId id, bool block, std::optional<double> timeout_s, bool traced) {
        TLock* l = w_.locks.get(id.value);
        if (!l) return false;
        std::unique_lock<std::mutex> g(l->m);
        if (l->kind == LockKind::rlock && l->held && l->owner == me_.id) {
            ++l->count;
        } else {
            if (l->held) {
                if (!block) return false;
                const auto deadline = deadline_after(timeout_s);
                if (traced) {
                    me_.rec.record(w_.now_ns(), EventKind::lock_wait, id.value);
                    me_.rec.record(w_.now_ns(), EventKind::proc_blocked, id.value, 0,
                                   "lock.acquire()");
                }
                while (l->held && !killed() && Clock::now() < deadline) {
                    l->cv.wait_for(g, kPoll);
                    if (Clock::now() > w_.wall_deadline) {
                        g.unlock();
                        w_.check_wall();
                        g.lock();
                    }
                }
                if (traced) me_.rec.record(w_.now_ns(), EventKind::proc_running);
                if (l->held) return false;
            }
            l->held = true;
            l->owner = me_.id;
            l->count = 1;
        }
        if (traced) me_.rec.record(w_.now_ns(), EventKind::lock_acquire, id.value);
        return true;
    }

    bool give(LockId id, bool traced) {
        TLock* l = w_.locks.get(id.value);
        if (!l) return false;
        {
            std::lock_guard<std::mutex> g(l->m);
            if (!l->held) return false;
            if (l->kind == LockKind::rlock) {
                if (l->owner != me_.id) return false;
                if (--l->count > 0) {
                    if (traced) me_.rec.record(w_.now_ns(), EventKind::lock_release, id.value);
                    return true;
                }
            }
            l->held = false;
            l->count = 0;
            if (traced) me_.rec.record(w_.now_ns(), EventKind::lock_release, id.value);
        }
        l->cv.notify_one();
        return true;
    }

    ThreadWorld& w_;
    TProc& me_;
    threadrt::ProcIpc ipc_;  // touched only on this process's thread (and before it starts)
};

OpStatus ThreadHost::sync_op(SyncId id, SyncOp op, int64_t arg, LockId lock,
                             std::optional<double> timeout_s, SyncResult* result) {
    const auto deadline = threadrt::deadline_after(timeout_s);
    SyncTicket ticket;
    const SyncStep st = w_.syncs.begin(*this, id, op, arg, &ticket);
    if (st.ready) {
        *result = st.result;
        return OpStatus::done;
    }
    // Condition.wait: the ticket is taken while the lock is still held, so a notify() that
    // follows our release cannot be missed; then the lock is released at every RLock level.
    SyncKind kind = SyncKind::semaphore;
    int depth = 0;
    if (w_.syncs.kind_of(id, &kind) && kind == SyncKind::condition && lock.value) {
        depth = lock_held_by_self(lock);
        for (int i = 0; i < depth; ++i) give(lock, true);
    }
    *result = w_.syncs.finish(*this, id, op, ticket, deadline);
    if (!killed())
        for (int i = 0; i < depth; ++i) take(lock, true, std::nullopt, true);
    return OpStatus::done;
}

// [SECTION] process threads

// Runs an Interp to its end in big slices, checking the run's limits in between.
static int run_to_exit(ThreadWorld& w, TProc& p) {
    for (;;) {
        if (const int sig = p.kill_signal.load(std::memory_order_relaxed))
            p.interp->request_kill(sig);
        const uint64_t before = p.interp->instructions_executed();
        const RunStatus st = p.interp->run(1 << 14);
        const uint64_t ran = p.interp->instructions_executed() - before;
        const uint64_t total = w.instructions.fetch_add(ran, std::memory_order_relaxed) + ran;
        if (st == RunStatus::exited) break;
        if (total > w.max_instructions && !w.aborted.load())
            w.abort_run(Diagnostic{"LimitExceeded", w.request.filename, p.interp->current_line(),
                                   0,
                                   "the run executed more than " +
                                       std::to_string(w.max_instructions) +
                                       " instructions (RunLimits.max_instructions)"});
        w.check_wall();
        if (st == RunStatus::blocked) std::this_thread::yield();  // never on this backend
    }
    const int sig = p.kill_signal.load();
    return sig ? -sig : p.interp->exit_code();
}

// Marks `p` exited, and as multiprocessing does at a process's exit terminates its daemonic
// children (the non-daemonic ones are waited for by run_threads).
static void finish_process(ThreadWorld& w, TProc& p, int code) {
    p.rec.record(w.now_ns(), EventKind::proc_exited, 0, code);
    w.load.running.fetch_sub(1, std::memory_order_relaxed);
    for (uint32_t i = 1; i <= w.procs.size(); ++i) {
        TProc* c = w.procs.get(i);
        if (c && c->parent == p.id && c->daemon) w.kill(*c, 15);
    }
    {
        std::lock_guard<std::mutex> g(p.m);
        p.exited = true;
        p.exitcode = code;
    }
    p.cv.notify_all();
}

ProcId ThreadHost::start_process(Interp& parent, const ChildSpec& child, std::string_view name,
                                 bool daemon, int* /*os_error: never fails*/) {
    auto p = std::make_unique<TProc>();
    TProc* raw = p.get();
    raw->parent = me_.id;
    raw->name = std::string(name);
    raw->daemon = daemon;
    raw->host = std::make_unique<ThreadHost>(w_, *raw);
    // Copy the parent here, on the parent's thread, while it is paused inside this call.
    raw->interp = Interp::make_child(parent, child, *raw->host, name);
    // The id is only known once the slot is taken; publish after filling everything else.
    const uint32_t slot = w_.procs.add(std::move(p));
    if (slot == 0) {
        w_.abort_run(Diagnostic{"LimitExceeded", w_.request.filename, 0, 0,
                                "the scenario started more than " +
                                    std::to_string(w_.max_processes) + " processes"});
        parent.request_kill(9);  // our own thread's Interp: stop before its next instruction
        return ProcId{0};
    }
    const uint32_t id = slot - 1;
    raw->id = ProcId{id};
    raw->rec = TraceRecorder(raw->id, w_.request.trace ? &w_.budget : nullptr);
    inherit_ipc(*raw->host);
    w_.load.running.fetch_add(1, std::memory_order_relaxed);
    me_.rec.record(w_.now_ns(), EventKind::proc_created, id);
    me_.rec.record(w_.now_ns(), EventKind::proc_started, id);
    ThreadWorld* w = &w_;
    raw->thread = std::thread([w, raw] {
        raw->rec.record(w->now_ns(), EventKind::proc_running);
        const int code = run_to_exit(*w, *raw);
        raw->host->exit_ipc();
        finish_process(*w, *raw, code);
    });
    return raw->id;
}

}  // namespace

// [SECTION] run_threads

RunResult run_threads(const RunRequest& request, OutputSink* sink) {
#ifdef FORKLAB_NO_THREADS  // the single-threaded browser flavour: std::thread would fail
    (void)sink;
    RunResult none;
    none.exit_status = 2;
    none.trace.backend = "threads";
    none.diagnostics.push_back(Diagnostic{"NotSupported", request.filename, 0, 0,
                                          "this build has no threads; use sim"});
    return none;
#endif
    ThreadWorld w;
    w.request = request;
    w.sink = sink;
    const RunLimits& lim = request.limits;
    w.max_instructions = lim.max_instructions ? lim.max_instructions : 2'000'000'000ull;
    w.budget.caps = trace_family_caps(lim.max_trace_events ? lim.max_trace_events : 3'000'000ull);
    if (w.request.limits.max_wall_seconds <= 0) w.request.limits.max_wall_seconds = 120;
    w.wall_deadline = w.start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(w.request.limits.max_wall_seconds));
    w.max_processes = lim.max_processes ? lim.max_processes : 64;
    w.procs.set_limit(w.max_processes);
    w.result.trace.backend = "threads";
    w.result.trace.time_unit = TimeUnit::nanoseconds;
    if (request.trace) w.result.trace.scenario = TraceScenario{request.filename, request.source};
    w.load.cores = (int)std::max(1u, std::thread::hardware_concurrency());
    w.load.running.store(1);  // MainProcess

    CompileResult c = compile_program(request.source, request.filename);
    if (!c.program) {
        w.result.diagnostics = std::move(c.errors);
        w.result.exit_status = 1;
        return std::move(w.result);
    }

    auto main_owned = std::make_unique<TProc>();
    TProc* main = main_owned.get();
    main->name = "MainProcess";
    main->host = std::make_unique<ThreadHost>(w, *main);
    main->interp = std::make_unique<Interp>(c.program, *main->host);
    main->interp->set_memory_limit(request.limits.max_memory_bytes);  // children inherit it
    w.procs.add(std::move(main_owned));  // ProcId 0 lives in slot 1
    main->id = ProcId{0};
    main->rec = TraceRecorder(main->id, request.trace ? &w.budget : nullptr);
    main->rec.record(0, EventKind::proc_running);

    const int code = run_to_exit(w, *main);
    finish_process(w, *main, code);  // terminates daemonic children

    // Wait for every thread (non-daemonic children run to their end; the table may grow
    // while we wait, since children can start children).
    for (uint32_t i = 2; i <= w.procs.size(); ++i) {
        TProc* p = w.procs.get(i);
        if (p && p->thread.joinable()) p->thread.join();
    }
    // As in CPython, MainProcess flushes its queue feeders after joining its children.
    main->host->exit_ipc();

    std::vector<const TraceRecorder*> recs;
    for (uint32_t i = 1; i <= w.procs.size(); ++i) {
        TProc* p = w.procs.get(i);
        if (!p) continue;
        recs.push_back(&p->rec);
        ProcessInfo info;
        info.id = p->id;
        info.parent = p->parent;
        info.name = p->name;
        info.os_pid = 1000 + (int)p->id.value;
        info.exited = p->exited;
        info.exitcode = p->exitcode;
        w.result.trace.processes.push_back(info);
    }
    merge_recorders(w.result.trace, recs);
    w.result.trace.dropped_events = w.budget.dropped.load();
    w.result.trace.states_complete_until = w.budget.first_state_drop.load();
    w.result.instructions = w.instructions.load();
    w.result.exit_status = w.aborted.load() ? 1 : code;
    return std::move(w.result);
}

}  // namespace forklab
