// run_fork: a real fork() per multiprocessing.Process.
//
// Before the run, one MAP_SHARED|MAP_ANONYMOUS arena (ForkArena) is mapped; every process
// inherits it, so it holds what must be shared: the process table (pids, names, exit codes),
// the shared-memory blocks (std::atomic<uint64_t> cells, relaxed loads and stores), the locks
// (process-shared POSIX semaphores; RLock adds an owner and a count) and the run-wide
// counters (instructions, trace budget). Ids are handed out by atomic counters in the arena,
// so a child can start grandchildren.
//
// A child runs inside the parent's Host::start_process call: it builds its Interp with
// Interp::make_child from the (copied) parent, runs it, waits for its own children, writes
// its trace events and captured output to <tmpdir>/<ProcId>.trace and _exit()s, so it never
// runs the parent's atexit handlers or destructors. The parent reaps children with waitpid.
//
// SIGINT/SIGTERM in the parent: SIGTERM every child, SIGKILL what is left after 200 ms, reap,
// remove the temporary directory, exit 128+signal (130 for Ctrl-C). Only async-signal-safe
// calls are used there.
//
// The arena, the signal cleanup and the children's files are in fork_arena.{h,cpp}.
//
// Index: [SECTION] host, [SECTION] child processes, [SECTION] run_fork
#include <fcntl.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/mman.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "exec/runners.h"
#include "fork/fork_arena.h"
#include "fork/fork_backend.h"
#include "lang/interp.h"
#include "trace/trace_recorder.h"

namespace forklab {
namespace {

using namespace forkrt;

// [SECTION] host

uint64_t now_ns() {
    return (uint64_t)std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() -
                                                                         g_run->start)
        .count();
}

struct Child {
    ProcId id;
    pid_t pid = 0;
    bool daemon = false;
    bool reaped = false;
    int exitcode = 0;
};

int exitcode_of(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return 0;
}

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
    // exit code -signal comes from waitpid when it is joined.
    void signal_process(ProcId child, int signal) override {
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
        BlockSlot* b = block(id);
        if (!b || index >= b->count) return OpStatus::done;
        const bool locked = b->lock && take(LockId{b->lock}, true, std::nullopt, false);
        const uint64_t bits = g_run->arena->cells(*b)[index].load(std::memory_order_relaxed);
        if (locked) give(LockId{b->lock}, false);
        *out = from_bits((TypeCode)b->type, bits);
        rec.record(now_ns(), EventKind::shared_read, id.value, trace_value(*out));
        return OpStatus::done;
    }

    OpStatus shared_store(SharedId id, size_t index, Scalar value) override {
        BlockSlot* b = block(id);
        if (!b || index >= b->count) return OpStatus::done;
        const Scalar v = typecode_wrap((TypeCode)b->type, value);
        const bool locked = b->lock && take(LockId{b->lock}, true, std::nullopt, false);
        g_run->arena->cells(*b)[index].store(to_bits(v), std::memory_order_relaxed);
        if (locked) give(LockId{b->lock}, false);
        rec.record(now_ns(), EventKind::shared_write, id.value, trace_value(v));
        return OpStatus::done;
    }

    LockId shared_lock(SharedId id) override {
        BlockSlot* b = block(id);
        return LockId{b ? b->lock : 0};
    }

    LockId lock_create(LockKind kind) override {
        ForkArena& a = *g_run->arena;
        const uint32_t i = a.next_lock.fetch_add(1);
        if (i >= kMaxLocks) {
            a.limit_hit.store(3);
            return LockId{0};
        }
        LockSlot& l = a.locks[i];
        l.kind = (int)kind;
        l.owner.store(0);
        l.count = 0;
        sem_init(&l.sem, 1, 1);
        return LockId{i + 1};
    }

    OpStatus lock_acquire(LockId id, bool block, std::optional<double> timeout_s,
                          bool* acquired) override {
        *acquired = take(id, block, timeout_s, true);
        return OpStatus::done;
    }

    bool lock_release(LockId id) override { return give(id, true); }

    void write(Stream s, std::string_view text) override;
    bool read_line(std::string& out) override { return sink && sink->read_line(out); }  // sink: MainProcess only

    double now_seconds() override {
        return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
    double monotonic_seconds() override {
        return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
    }

    OpStatus sleep(double seconds) override {
        rec.record(now_ns(), EventKind::proc_blocked, 0, 0, "time.sleep()");
        const auto deadline = deadline_after(seconds);
        while (Clock::now() < deadline && !check_limits()) {
            const auto left = deadline - Clock::now();
            std::this_thread::sleep_for(std::min<Clock::duration>(left, std::chrono::milliseconds(50)));
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

    // True once the run must stop (a limit was hit somewhere, or wall time is over).
    bool check_limits() {
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
    static Clock::time_point deadline_after(std::optional<double> s) {
        if (!s) return Clock::time_point::max();
        const double sec = std::min(std::max(*s, 0.0), 1e7);
        return Clock::now() +
               std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(sec));
    }

    BlockSlot* block(SharedId id) {
        if (id.value == 0 || id.value > std::min(g_run->arena->next_block.load(), kMaxBlocks))
            return nullptr;
        return &g_run->arena->blocks[id.value - 1];
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

    bool take(LockId id, bool block, std::optional<double> timeout_s, bool traced) {
        LockSlot* l = lock(id);
        if (!l) return false;
        const uint32_t me = self_.value + 1;
        if (l->kind == (int)LockKind::rlock && l->owner.load() == me) {
            ++l->count;
        } else {
            if (sem_trywait(&l->sem) != 0) {
                if (!block) return false;
                if (traced) {
                    rec.record(now_ns(), EventKind::lock_wait, id.value);
                    rec.record(now_ns(), EventKind::proc_blocked, id.value, 0, "lock.acquire()");
                }
                const auto deadline = deadline_after(timeout_s);
                bool got = false;
                while (!got) {
                    const auto now = Clock::now();
                    if (now >= deadline || check_limits()) break;
                    const auto step = std::min<Clock::duration>(deadline - now,
                                                                std::chrono::milliseconds(50));
                    struct timespec ts;
                    clock_gettime(CLOCK_REALTIME, &ts);
                    const long long ns = std::chrono::duration_cast<std::chrono::nanoseconds>(step).count();
                    ts.tv_sec += (time_t)(ns / 1'000'000'000);
                    ts.tv_nsec += (long)(ns % 1'000'000'000);
                    if (ts.tv_nsec >= 1'000'000'000) {
                        ts.tv_sec += 1;
                        ts.tv_nsec -= 1'000'000'000;
                    }
                    got = sem_timedwait(&l->sem, &ts) == 0;
                }
                if (traced) rec.record(now_ns(), EventKind::proc_running);
                if (!got) return false;
            }
            l->owner.store(me);
            l->count = 1;
        }
        if (traced) rec.record(now_ns(), EventKind::lock_acquire, id.value);
        return true;
    }

    bool give(LockId id, bool traced) {
        LockSlot* l = lock(id);
        if (!l) return false;
        if (l->kind == (int)LockKind::rlock) {
            if (l->owner.load() != self_.value + 1) return false;
            if (--l->count > 0) {
                if (traced) rec.record(now_ns(), EventKind::lock_release, id.value);
                return true;
            }
            l->owner.store(0);
        } else {
            int v = 0;
            if (sem_getvalue(&l->sem, &v) == 0 && v > 0) return false;  // not held
            l->owner.store(0);
        }
        if (traced) rec.record(now_ns(), EventKind::lock_release, id.value);
        sem_post(&l->sem);
        return true;
    }

    ProcId self_;
    std::vector<Child> children_;
    std::string pending_[2];
};

void ForkHost::write(Stream s, std::string_view text) {
    // Once a limit stopped the run, processes still finishing their slice say nothing more.
    if (g_run->arena->limit_hit.load(std::memory_order_relaxed)) return;
    rec.record(now_ns(), s == Stream::out ? EventKind::stdout_write : EventKind::stderr_write, 0,
               0, text);
    if (result) {  // MainProcess: the sink shows it
        (s == Stream::out ? result->out : result->err).append(text);
        if (sink) sink->write(self_, s, text);
        return;
    }
    (s == Stream::out ? out : err).append(text);
    std::string& p = pending_[s == Stream::out ? 0 : 1];
    p.append(text);
    const size_t nl = p.rfind('\n');
    if (nl != std::string::npos) {  // whole lines now, the rest when its newline comes
        write_all(s == Stream::out ? 1 : 2, p.data(), nl + 1);
        p.erase(0, nl + 1);
    }
}

void ForkHost::reaped(Child& c, int status) {
    c.reaped = true;
    c.exitcode = exitcode_of(status);
    ProcSlot& slot = g_run->arena->procs[c.id.value];
    slot.exitcode = c.exitcode;
    slot.state.store(kExited);
    if (WIFSIGNALED(status))  // it could not record its own end
        rec.record(now_ns(), EventKind::proc_exited, c.id.value, c.exitcode);
    if (!result) return;
    // MainProcess: the child's output joins the result (and the sink) in causal order.
    ChildFile f = read_child_file(c.id);
    if (f.ok) {
        result->out += f.out;
        result->err += f.err;
        if (sink) {
            if (!f.out.empty()) sink->write(c.id, Stream::out, f.out);
            if (!f.err.empty()) sink->write(c.id, Stream::err, f.err);
        }
        f.out.clear();
        f.err.clear();
    }
    files[c.id.value] = std::move(f);
}

void ForkHost::wait_child(Child& c, std::optional<double> timeout_s) {
    const auto deadline = deadline_after(timeout_s);
    auto pause = std::chrono::microseconds(50);
    for (;;) {
        int status = 0;
        const pid_t r = waitpid(c.pid, &status, WNOHANG);
        if (r == c.pid) {
            reaped(c, status);
            return;
        }
        if (r < 0 && errno != EINTR) {  // not ours any more: treat as killed
            reaped(c, SIGKILL);
            return;
        }
        if (Clock::now() >= deadline) return;
        if (check_limits()) {
            kill(c.pid, SIGKILL);
            pause = std::chrono::microseconds(1000);
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(5000));
    }
}

// [SECTION] child processes

int run_interp(ForkHost& host, Interp& interp) {
    ForkArena& a = *g_run->arena;
    for (;;) {
        const uint64_t before = interp.instructions_executed();
        const RunStatus st = interp.run(1 << 16);
        const uint64_t ran = interp.instructions_executed() - before;
        const uint64_t total = a.instructions.fetch_add(ran, std::memory_order_relaxed) + ran;
        if (st == RunStatus::exited) return interp.exit_code();
        if (total > g_run->max_instructions) {
            int expected = 0;
            a.limit_hit.compare_exchange_strong(expected, 1);
        }
        if (host.check_limits()) return -9;
    }
}

[[noreturn]] void child_main(Interp& parent, const ChildSpec& spec, ProcId id,
                             std::string_view name) {
    ProcSlot& slot = g_run->arena->procs[id.value];
    slot.pid.store((int)getpid());
    int code = 1;
    {
        ForkHost host(id);
        host.rec.record(now_ns(), EventKind::proc_running);
        std::unique_ptr<Interp> interp = Interp::make_child(parent, spec, host, name);
        code = run_interp(host, *interp);
        host.flush_fds();
        host.end_children();
        host.rec.record(now_ns(), EventKind::proc_exited, 0, code);
        write_child_file(id, host.rec, host.out, host.err);
    }
    _exit(code & 0xff);
}

ProcId ForkHost::start_process(Interp& parent, const ChildSpec& child, std::string_view name,
                               bool daemon, int* os_error) {
    ForkArena& a = *g_run->arena;
    const uint32_t i = a.next_proc.fetch_add(1);
    if (i >= a.max_procs || i >= kMaxProcs) {
        a.next_proc.store(std::min<uint32_t>(a.max_procs, kMaxProcs));
        a.limit_hit.store(2);
        parent.request_kill(9);  // stop this process before its next instruction
        *os_error = 0;
        return ProcId{kNoProcess};
    }
    const ProcId id{i};
    ProcSlot& slot = a.procs[i];
    slot.parent = self_.value;
    slot.daemon = daemon;
    const size_t n = std::min(name.size(), sizeof slot.name - 1);
    memcpy(slot.name, name.data(), n);
    slot.name[n] = 0;
    slot.state.store(1);
    rec.record(now_ns(), EventKind::proc_created, i);
    rec.record(now_ns(), EventKind::proc_started, i);
    flush_fds();
    fflush(nullptr);
    // The child must not run the parent's SIGINT/SIGTERM handler: block both across fork()
    // until the child has reset them (a signal sent meanwhile stays pending, then acts).
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &old);
    const pid_t parent_pid = getpid();
    const pid_t pid = fork();
    if (pid == 0) {
#ifdef __linux__
        // If the parent dies without cleaning up (SIGKILL, SIGPIPE from `| head`), so do we.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent_pid) _exit(128 + SIGKILL);
#endif
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        sigprocmask(SIG_SETMASK, &old, nullptr);
        child_main(parent, child, id, name);
    }
    sigprocmask(SIG_SETMASK, &old, nullptr);
    if (pid < 0) {
        // The scenario sees CPython's BlockingIOError / OSError and may go on.
        const int err = errno;
        slot.state.store(kExited);
        slot.exitcode = -9;
        *os_error = err == EAGAIN ? 11 : err == ENOMEM ? 12 : err;
        return ProcId{kNoProcess};
    }
    slot.pid.store((int)pid);
    children_.push_back(Child{id, pid, daemon, false, 0});
    return id;
}

}  // namespace

// [SECTION] run_fork

RunResult run_fork(const RunRequest& request, OutputSink* sink) {
    RunResult result;
    result.trace.backend = "fork";
    result.trace.time_unit = TimeUnit::nanoseconds;
    CompileResult c = compile_program(request.source, request.filename);
    if (!c.program) {
        result.diagnostics = std::move(c.errors);
        result.exit_status = 1;
        return result;
    }
    auto fail = [&](const std::string& what) {
        result.diagnostics.push_back(Diagnostic{"OSError", request.filename, 0, 0, what + ": " + strerror(errno)});
        result.exit_status = 1;
        return result;
    };

    void* mem = mmap(nullptr, kArenaBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) return fail("cannot map the shared arena");
    ForkArena* arena = new (mem) ForkArena();
    const RunLimits& lim = request.limits;
    arena->max_procs = std::min<uint32_t>(lim.max_processes ? lim.max_processes : 64, kMaxProcs);
    arena->budget.caps = trace_family_caps(lim.max_trace_events ? lim.max_trace_events : 3'000'000ull);

    const char* tmp = getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/forklab-XXXXXX";
    if (!mkdtemp(templ.data())) {
        munmap(mem, kArenaBytes);
        return fail("cannot create a temporary directory");
    }

    ForkRun run;
    run.arena = arena;
    run.dir = templ;
    run.request = request;
    run.start = Clock::now();
    const double wall = lim.max_wall_seconds > 0 ? lim.max_wall_seconds : 120.0;
    run.wall_deadline = run.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(wall));
    run.max_instructions = lim.max_instructions ? lim.max_instructions : 2'000'000'000ull;
    run.main_pid = getpid();
    g_run = &run;
    set_cleanup_target(arena, run.dir, run.main_pid);
    arena->procs[0].pid.store((int)run.main_pid);
    snprintf(arena->procs[0].name, sizeof arena->procs[0].name, "MainProcess");

    int code = 0;
    {
        SignalGuard guard;
        ForkHost host(ProcId{0});
        host.result = &result;
        host.sink = sink;
        host.rec.record(0, EventKind::proc_running);
        {
            Interp interp(c.program, host);
            interp.set_memory_limit(request.limits.max_memory_bytes);
            code = run_interp(host, interp);
            if (arena->limit_hit.load()) kill_all_children(200);
            host.end_children();
        }
        host.rec.record(now_ns(), EventKind::proc_exited, 0, code);
        arena->procs[0].exitcode = code;
        arena->procs[0].state.store(kExited);

        // Grandchildren were reaped by their parents; reap anything left (a parent killed
        // before it could wait), then gather every process's file.
        kill_all_children(0);
        const uint32_t nprocs = std::min(arena->next_proc.load(), kMaxProcs);
        std::vector<const TraceRecorder*> recs{&host.rec};
        std::vector<TraceRecorder> child_recs(nprocs);
        for (uint32_t i = 1; i < nprocs; ++i) {
            auto it = host.files.find(i);
            ChildFile f = it != host.files.end() ? std::move(it->second) : read_child_file(ProcId{i});
            if (it == host.files.end() && f.ok) {  // a grandchild: its output comes last
                result.out += f.out;
                result.err += f.err;
                if (sink) {
                    if (!f.out.empty()) sink->write(ProcId{i}, Stream::out, f.out);
                    if (!f.err.empty()) sink->write(ProcId{i}, Stream::err, f.err);
                }
            }
            child_recs[i].events = std::move(f.events);
            child_recs[i].strings = std::move(f.strings);
            recs.push_back(&child_recs[i]);
        }
        merge_recorders(result.trace, recs);
        for (uint32_t i = 0; i < nprocs; ++i) {
            const ProcSlot& s = arena->procs[i];
            ProcessInfo info;
            info.id = ProcId{i};
            info.parent = ProcId{s.parent};
            info.name = s.name;
            info.os_pid = s.pid.load();
            info.exited = s.state.load() == kExited;
            info.exitcode = s.exitcode;
            result.trace.processes.push_back(info);
        }
        result.trace.dropped_events = arena->budget.dropped.load();
        result.trace.states_complete_until = arena->budget.first_state_drop.load();
        result.instructions = arena->instructions.load();
        remove_run_dir();
    }

    switch (arena->limit_hit.load()) {
        case 0: break;
        case 1:
            result.diagnostics.push_back(Diagnostic{"LimitExceeded", request.filename, 0, 0,
                "the run executed more than " + std::to_string(run.max_instructions) +
                " instructions (RunLimits.max_instructions)"});
            break;
        case 2:
            result.diagnostics.push_back(Diagnostic{"LimitExceeded", request.filename, 0, 0,
                "the scenario started more than " + std::to_string(arena->max_procs) + " processes"});
            break;
        case 3:
            result.diagnostics.push_back(Diagnostic{"LimitExceeded", request.filename, 0, 0,
                "the shared memory arena (16 MiB, 4096 values and locks) is full"});
            break;
        case 4:
            result.diagnostics.push_back(Diagnostic{"OSError", request.filename, 0, 0, "fork() failed"});
            break;
        default:
            result.diagnostics.push_back(Diagnostic{"LimitExceeded", request.filename, 0, 0,
                "the run took longer than " + std::to_string((int)wall) + " seconds of wall-clock time"});
    }
    result.exit_status = arena->limit_hit.load() ? 1 : code;
    for (uint32_t i = 0; i < std::min(arena->next_lock.load(), kMaxLocks); ++i) sem_destroy(&arena->locks[i].sem);
    clear_cleanup_target();
    g_run = nullptr;
    munmap(mem, kArenaBytes);
    return result;
}

}  // namespace forklab
