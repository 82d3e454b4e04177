// run_fork: a real fork() per multiprocessing.Process.
//
// Before the run, one MAP_SHARED|MAP_ANONYMOUS arena (ForkArena) is mapped; every process
// inherits it, so it holds what must be shared: the process table (pids, names, exit codes),
// the shared-memory blocks (std::atomic<uint64_t> cells, relaxed loads and stores), the locks
// (process-shared POSIX semaphores; RLock adds an owner and a count) and the run-wide
// counters (instructions, trace budget). Ids are handed out by atomic counters in the arena,
// so a child can start grandchildren.
//
// A child runs inside the parent's Host::start_process call: its copy of the parent's Interp
// becomes the child's in place (Interp::become_child; make_child for spawn), runs it, waits for its own children, writes
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
#include <poll.h>
#include <sys/syscall.h>
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
#include "exec/sim_messages.h"
#include "fork/fork_arena.h"
#include "fork/fork_backend.h"
#include "fork/fork_host.h"
#include "lang/interp.h"
#include "trace/trace_recorder.h"


namespace forklab {

using namespace forkrt;

namespace forkrt {

uint64_t now_ns() {
    return (uint64_t)std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() -
                                                                         g_run->start)
        .count();
}

}  // namespace forkrt

namespace {

int exitcode_of(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return 0;
}

}  // namespace
namespace forkrt {

void ForkHost::write(Stream s, std::string_view text) {
    if (terminating()) return;  // fork_terminate.cpp: a terminated process says nothing more
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
    g_run->arena->conn_epoch.fetch_add(1);  // its Pipe ends are gone (fork_pipe.cpp)
    if (WIFSIGNALED(status))  // it could not record its own end
        rec.record_as(c.id, now_ns(), EventKind::proc_exited, 0, c.exitcode);
    if (!result) return;
    // MainProcess: the child's output joins the result (and the sink) in causal order.
    // Most children leave no file (no trace, no output): no open() to find that out.
    ChildFile f = slot.wrote_file.load() ? read_child_file(c.id) : ChildFile{};
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
    // A pidfd becomes readable the moment the child exits, so join() wakes at once instead
    // of at the next poll of waitpid (kernels without pidfd_open fall back to polling).
    int pidfd = -1;
    auto pause = std::chrono::microseconds(50);
    for (;;) {
        int status = 0;
        const pid_t r = waitpid(c.pid, &status, WNOHANG);
        if (r == c.pid) {
            reaped(c, status);
            break;
        }
        if (r < 0 && errno != EINTR) {  // not ours any more: treat as killed
            reaped(c, SIGKILL);
            break;
        }
        if (Clock::now() >= deadline) break;
        if (check_limits()) {
            kill(c.pid, SIGKILL);
            pause = std::chrono::microseconds(1000);
        }
        flush_feeders();
#ifdef SYS_pidfd_open
        if (pidfd < 0) pidfd = (int)syscall(SYS_pidfd_open, c.pid, 0);
#endif
        auto slice = feeders_pending_ ? std::chrono::milliseconds(1) : kWaitSlice;
        if (pidfd >= 0) {
            const auto now = Clock::now();
            const auto step = std::min<Clock::duration>(deadline - now, slice);
            int ms = (int)std::chrono::duration_cast<std::chrono::milliseconds>(step).count();
            struct pollfd p = {pidfd, POLLIN, 0};
            ::poll(&p, 1, std::max(ms, 1));
        } else {
            std::this_thread::sleep_for(pause);
            pause = std::min(pause * 2, std::chrono::microseconds(feeders_pending_ ? 1000 : 5000));
        }
    }
    if (pidfd >= 0) ::close(pidfd);
}

// [SECTION] child processes

// fork(), except that FORKLAB_FAIL_FORK=N makes the run's N-th fork (counted from 1, across
// all processes) fail with EAGAIN: the hygiene tests' way to reach the scenario's
// BlockingIOError without exhausting the machine.
pid_t fork_or_test_failure() {
    static const long fail_at = [] {
        const char* e = getenv("FORKLAB_FAIL_FORK");
        return e && *e ? atol(e) : 0L;
    }();
    if (fail_at > 0) {
        const long n = (long)g_run->arena->forks.fetch_add(1) + 1;
        if (n == fail_at) {
            errno = EAGAIN;
            return -1;
        }
    }
    return fork();
}

// The value stack is allocated (and written) at its full 1 MiB once; left resident, every
// fork() would copy and write-protect its 256 page table entries although a scenario uses a
// few KiB of it. Its untouched pages are given back before the run: they come back as zero
// pages where the stack grows (see Interp::unused_stack).
void release_unused_stack(Interp& interp) {
    void* begin = nullptr;
    size_t bytes = 0;
    interp.unused_stack(&begin, &bytes);
    const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    const uintptr_t from = ((uintptr_t)begin + page - 1) & ~(page - 1);
    const uintptr_t to = ((uintptr_t)begin + bytes) & ~(page - 1);
    if (to > from) madvise((void*)from, to - from, MADV_DONTNEED);
}

int run_interp(ForkHost& host, Interp& interp) {
    ForkArena& a = *g_run->arena;
    for (;;) {
        const uint64_t before = interp.instructions_executed();
        const RunStatus st = interp.run(1 << 16);
        if (g_terminate_requested && !host.result) host.die_terminated();
        const uint64_t ran = interp.instructions_executed() - before;
        const uint64_t total = a.instructions.fetch_add(ran, std::memory_order_relaxed) + ran;
        if (st == RunStatus::exited) return interp.exit_code();
        if (total > g_run->max_instructions) {
            int expected = 0;
            a.limit_hit.compare_exchange_strong(expected, 1);
        }
        if (host.check_limits()) return -9;
        host.flush_feeders();  // a busy producer still feeds its queues between slices
    }
}

[[noreturn]] void child_main(ForkHost& parent_host, Interp& parent, const ChildSpec& spec,
                             ProcId id, std::string_view name) {
    ProcSlot& slot = g_run->arena->procs[id.value];
    slot.pid.store((int)getpid());
    int code = 1;
    {
        // fork() already gave this process its own copy of the parent's memory: the copies
        // of the parent's host and Interp become the child's in place, with no deep copy of
        // the heap and no fresh 1 MiB value stack (make_child only where a fresh
        // interpreter is needed: spawn, threads running in the parent).
        ForkHost& host = parent_host;
        host.become_child(id);
        host.rec.record(now_ns(), EventKind::proc_running);
        std::unique_ptr<Interp> copy;
        Interp* interp = &parent;
        if (!parent.become_child(spec, host, name)) {
            copy = Interp::make_child(parent, spec, host, name);
            interp = copy.get();
        }
        host.interp = interp;
        code = run_interp(host, *interp);
        host.flush_fds();
        // multiprocessing's exit order: daemonic children terminated, the others joined,
        // then the queue feeders flushed.
        host.end_children();
        host.drain_feeders();
        if (g_terminate_requested) host.die_terminated();  // it came while the child was ending
        host.rec.record(now_ns(), EventKind::proc_exited, 0, code);
        // Nothing to tell the parent (no trace, no output): no file, which saves a file
        // creation per process (the parent reads a missing file as empty).
        if (!host.rec.events.empty() || !host.out.empty() || !host.err.empty()) {
            slot.wrote_file.store(1);  // before the file: a parent killed meanwhile still looks
            write_child_file(id, host.rec, host.out, host.err);
        }
        // Like CPython's os._exit() after a child's run(): no finalisation, so the heap is
        // left to the kernel rather than freed object by object.
        (void)copy.release();
    }
    _exit(code & 0xff);
}

ProcId ForkHost::start_process(Interp& parent, const ChildSpec& child, std::string_view name,
                               bool daemon, int* os_error) {
    if (terminating()) {  // fork_terminate.cpp
        *os_error = 11;
        return ProcId{kNoProcess};
    }
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
    conns_fork_copies(+1);  // before fork(): the child's copies are counted before we can close ours
    const pid_t pid = fork_or_test_failure();
    if (pid < 0) conns_fork_copies(-1);
    if (pid == 0) {
#ifdef __linux__
        // If the parent dies without cleaning up (SIGKILL, SIGPIPE from `| head`), so do we.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent_pid) _exit(128 + SIGKILL);
#endif
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        if (tracing()) install_traced_terminate();
        sigprocmask(SIG_SETMASK, &old, nullptr);
        child_main(*this, parent, child, id, name);
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

}  // namespace forkrt

// [SECTION] run_fork

namespace {

// FORKLAB_FD_REPORT=FILE: appends "start:" and "end:" lines listing the open descriptors of
// the process that runs the scenario, before and after the run (tests/hygiene.py compares
// them to find leaked sockets and pidfds).
void report_fds(const char* when) {
    const char* path = getenv("FORKLAB_FD_REPORT");
    if (!path || !*path) return;
    std::string line = std::string(when) + ":";
    for (int fd = 0; fd < 1024; ++fd)
        if (fcntl(fd, F_GETFD) != -1) line += " " + std::to_string(fd);
    line += "\n";
    if (when[0] == 'e') {  // and the children not reaped (zombies included): none expected
        line += "children:";
        const std::string task = "/proc/self/task/" + std::to_string(getpid()) + "/children";
        const int fd = open(task.c_str(), O_RDONLY | O_CLOEXEC);
        char buf[4096];
        const ssize_t n = fd >= 0 ? ::read(fd, buf, sizeof buf) : 0;
        if (fd >= 0) close(fd);
        if (n > 0) line += " " + std::string(buf, (size_t)n);
        line += "\n";
    }
    const int out = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (out < 0) return;
    write_all(out, line.data(), line.size());
    close(out);
}

}  // namespace

RunResult run_fork(const RunRequest& request, OutputSink* sink) {
    RunResult result;
    result.trace.backend = "fork";
    result.trace.time_unit = TimeUnit::nanoseconds;
    if (request.trace) result.trace.scenario = TraceScenario{request.filename, request.source};
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

    report_fds("start");
    void* mem = mmap(nullptr, kArenaBytes, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
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
    {
        double load[1] = {0};
        const long cores = sysconf(_SC_NPROCESSORS_ONLN);
        run.spin = cores >= 3 && getloadavg(load, 1) == 1 && load[0] < (double)cores - 1.0;
    }
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
            release_unused_stack(interp);
            code = run_interp(host, interp);
            if (arena->limit_hit.load()) kill_all_children(200);
            host.end_children();
            host.drain_feeders();
        }
        host.close_all_conns();
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
                "the shared memory arena is full (4096 values, locks and synchronisation objects, 256 queues)"});
            break;
        case 4:
            result.diagnostics.push_back(Diagnostic{"OSError", request.filename, 0, 0, "fork() failed"});
            break;
        default:
            result.diagnostics.push_back(Diagnostic{"LimitExceeded", request.filename, 0, 0,
                sim::say(request.lang, sim::Msg::budget_wall, {sim::seconds_text(wall)})});
    }
    result.exit_status = arena->limit_hit.load() ? 1 : code;
    clear_cleanup_target();
    g_run = nullptr;
    munmap(mem, kArenaBytes);
    report_fds("end");
    return result;
}

}  // namespace forklab
