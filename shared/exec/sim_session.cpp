// The sim scheduler: virtual cores, a ready queue and seeded interleaving (model described in
// exec/sim_world.h), plus SimSession and run_sim.
//
// Index: [SECTION] rng, [SECTION] world, [SECTION] scheduling, [SECTION] session
#include <algorithm>

#include "exec/runners.h"
#include "exec/sim_world.h"

namespace forklab::sim {

// [SECTION] rng

static uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

Rng::Rng(uint64_t seed) {
    for (uint64_t& s : s_) s = splitmix64(seed);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t Rng::next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

// [SECTION] world

World::World(const RunRequest& req, OutputSink* s)
    : request(req),
      sink(s),
      rng(req.seed),
      cores_n(req.cores > 0 ? std::min(req.cores, 256) : kDefaultSimCores),
      max_instructions(req.limits.max_instructions ? req.limits.max_instructions
                                                   : 2'000'000'000ull),
      max_trace_events(req.limits.max_trace_events ? req.limits.max_trace_events : 3'000'000ull),
      max_processes(req.limits.max_processes ? req.limits.max_processes : 64) {
    cores.resize((size_t)cores_n);
    budget.caps = trace_family_caps(max_trace_events);
    result.trace.backend = "sim";
    result.trace.time_unit = TimeUnit::ticks;
}

uint64_t World::now(ProcId p) const {
    if (p.value < procs.size()) {
        const SimProcess& sp = *procs[p.value];
        if (sp.core >= 0) {
            const Core& c = cores[(size_t)sp.core];
            return c.burst_start_clock + (sp.interp->instructions_executed() - c.burst_start_instr);
        }
    }
    return last_event_time;
}

void World::trace(ProcId p, EventKind kind, uint32_t object, int64_t value,
                  std::string_view text) {
    trace_at(now(p), p, kind, object, value, text);
}

// Timestamps never go backwards: the trace is in execution order, and the cores' clocks are
// kept within kSkew ticks of each other, so this only nudges a time by a few ticks.
void World::trace_at(uint64_t time, ProcId p, EventKind kind, uint32_t object, int64_t value,
                     std::string_view text) {
    time = std::max(time, last_event_time);
    last_event_time = time;
    if (!request.trace) return;
    Trace& t = result.trace;
    if (!budget.try_take_unshared(kind, time)) {
        ++t.dropped_events;
        t.states_complete_until = budget.first_state_drop.load(std::memory_order_relaxed);
        return;
    }
    TraceEvent e;
    e.time = time;
    e.proc = p;
    e.kind = kind;
    e.object = object;
    e.value = value;
    if (!text.empty()) e.text = t.intern(std::string(text));
    t.events.push_back(e);
}

void World::abort_run(Diagnostic d) {
    if (!aborted) result.diagnostics.push_back(std::move(d));
    aborted = true;
}

namespace {

class Scheduler {
public:
    explicit Scheduler(World& w) : w_(w) {}

    // Runs until `budget` instructions have been executed or the run is over.
    void advance(uint64_t budget);
    void finish();
    // Host::wait_nested for `self`, whose burst is on the C stack below this call.
    NestedWait wait_nested(ProcId self);

private:
    enum class Step { run, again, over };
    Step next_step(uint64_t room, size_t* ci, uint64_t* burst);
    bool suspended_below(int proc) const;
    void dispatch_idle_cores();
    bool wake_blocked(uint64_t now, bool deadlines_only);
    uint64_t earliest_deadline() const;
    void exited(SimProcess& p, int code, uint64_t time);
    void kill_all(int code);
    void report_deadlock();
    std::string describe_wait(const SimProcess& p) const;
    World& w_;
    uint64_t run_burst(size_t ci, uint64_t burst);
    std::vector<size_t> busy_;  // reused every step: cores eligible to run next
    int pending_core_ = -1;     // core whose burst was cut short by advance()'s budget
    uint64_t pending_left_ = 0;
    // Processes waiting nested (wait_nested), outermost first: each one's burst is suspended
    // on the C stack, so only the last can be resumed (by returning to it).
    std::vector<int> suspended_;
};

// [SECTION] scheduling

// A process waiting nested under the innermost one: it cannot be resumed before that one's
// wait ends (its Interp is further down the C stack), so it stays in the ready queue.
bool Scheduler::suspended_below(int proc) const {
    return suspended_.size() > 1 &&
           std::find(suspended_.begin(), suspended_.end() - 1, proc) != suspended_.end() - 1;
}

void Scheduler::dispatch_idle_cores() {
    if (w_.ready.empty()) return;  // the common step: nobody waits for a core
    for (size_t i = 0; i < w_.cores.size() && !w_.ready.empty(); ++i) {
        Core& c = w_.cores[i];
        if (c.proc >= 0) continue;
        auto next = w_.ready.begin();
        while (next != w_.ready.end() && suspended_below(*next)) ++next;
        if (next == w_.ready.end()) break;
        const int pi = *next;
        w_.ready.erase(next);
        SimProcess& p = *w_.procs[(size_t)pi];
        c.clock = std::max(c.clock, p.ready_since);
        c.proc = pi;
        c.used = 0;
        p.core = (int)i;
        p.state = ProcState::running;
        w_.trace_at(c.clock, p.id, EventKind::proc_running);
    }
}

static bool wait_satisfied(const World& w, const SimProcess& p, uint64_t now) {
    if (p.wait.deadline != kNoDeadline && now >= p.wait.deadline) return true;
    switch (p.wait.kind) {
        case Wait::none: return true;
        case Wait::sleep: return false;
        case Wait::idle: return w.changes != p.wait.object;
        case Wait::child: return w.procs[p.wait.object]->state == ProcState::exited;
        case Wait::lock: {
            const SimLock& l = w.locks[p.wait.object - 1];
            return !l.held || (l.kind == LockKind::rlock && l.owner == p.id);
        }
        case Wait::sync: return sync_wait_satisfied(w, p.wait);
        default: return w.ipc_wait_satisfied(p);  // pipes and queues (sim_ipc.cpp)
    }
    return true;
}

// Moves blocked processes whose wait is over to the ready queue (in ProcId order, so the
// result does not depend on anything but the run's history). Returns whether any moved.
bool Scheduler::wake_blocked(uint64_t now, bool deadlines_only) {
    bool any = false;
    for (auto& pp : w_.procs) {
        SimProcess& p = *pp;
        if (p.state != ProcState::blocked) continue;
        const bool by_deadline = p.wait.deadline != kNoDeadline && now >= p.wait.deadline;
        if (deadlines_only ? !by_deadline : !wait_satisfied(w_, p, now)) continue;
        if (p.wait.kind == Wait::feeder) {  // its queue items are all written: now it exits
            exited(p, p.interp->exit_code(), w_.last_event_time);
            any = true;
            continue;
        }
        p.state = ProcState::ready;
        p.ready_since = by_deadline ? std::max(p.wait.deadline, w_.last_event_time)
                                    : w_.last_event_time;
        w_.ready.push_back((int)p.id.value);
        w_.trace_at(p.ready_since, p.id, EventKind::proc_ready);
        any = true;
    }
    return any;
}

uint64_t Scheduler::earliest_deadline() const {
    uint64_t d = kNoDeadline;
    for (const auto& p : w_.procs)
        if (p->state == ProcState::blocked) d = std::min(d, p->wait.deadline);
    return d;
}

void Scheduler::exited(SimProcess& p, int code, uint64_t time) {
    if (p.core >= 0) w_.cores[(size_t)p.core].proc = -1;
    p.core = -1;
    if (p.state == ProcState::ready)
        w_.ready.erase(std::remove(w_.ready.begin(), w_.ready.end(), (int)p.id.value),
                       w_.ready.end());
    p.state = ProcState::exited;
    p.exitcode = code;
    p.wait = Wait{};
    w_.release_ipc(p.id);
    ProcessInfo& info = w_.result.trace.processes[p.id.value];
    info.exited = true;
    info.exitcode = code;
    w_.trace_at(time, p.id, EventKind::proc_exited, 0, code);
    w_.wake_dirty = true;
    // As multiprocessing does at exit: daemonic children are terminated (SIGTERM).
    // Non-daemonic ones keep running and the run waits for them.
    for (auto& c : w_.procs)
        if (c->parent == p.id && c->id != p.id && c->daemon && c->state != ProcState::exited)
            exited(*c, -15, time);
}

void Scheduler::kill_all(int code) {
    for (auto& p : w_.procs)
        if (p->state != ProcState::exited) exited(*p, code, w_.last_event_time);
}

std::string Scheduler::describe_wait(const SimProcess& p) const {
    std::string what(p.interp->block_reason());
    switch (p.wait.kind) {
        case Wait::lock: {
            const SimLock& l = w_.locks[p.wait.object - 1];
            if (what.empty()) what = "a lock";
            // A Condition.wait that was notified (or timed out) and now takes its lock back.
            what += p.sync_phase == SyncPhase::reacquire ? " (woken, taking back lock " : " (lock ";
            what += std::to_string(p.wait.object);
            if (l.held) what += " held by " + w_.procs[l.owner.value]->name;
            what += ")";
            break;
        }
        case Wait::child:
            if (what.empty()) what = "join()";
            what += " of " + w_.procs[p.wait.object]->name;
            break;
        case Wait::sync:
            if (what.empty()) what = "a synchronisation object";
            what += " " + sync_wait_detail(w_, p);
            break;
        case Wait::none: case Wait::sleep:
            if (what.empty()) what = "something";
            break;
        case Wait::feeder: return p.name + " cannot exit: " + w_.describe_ipc_wait(p);
        default: what = w_.describe_ipc_wait(p);
    }
    // Reasons that say it themselves ("waiting at Barrier.wait()") need no "waits for".
    const bool says_it = what.rfind("waiting", 0) == 0;
    return p.name + " (line " + std::to_string(p.interp->current_line()) + (says_it ? ") is " : ") waits for ") + what;
}

void Scheduler::report_deadlock() {
    std::string msg = "no process can run: ";
    bool first = true, feeder = false;
    for (const auto& p : w_.procs) {
        if (p->state != ProcState::blocked) continue;
        if (!first) msg += "; ";
        first = false;
        msg += describe_wait(*p);
        feeder |= p->wait.kind == Wait::feeder;
    }
    for (const auto& p : w_.procs)
        if (p->state == ProcState::ready)  // only a process suspended below (dispatch_idle_cores)
            msg += "; " + p->name + " (line " + std::to_string(p->interp->current_line()) +
                   ") could go on but waits nested (inside a generator, a key function ...) under "
                   "another nested wait, and forklab's sim resumes those innermost first";
    if (feeder)
        msg += " (a process that put items on a Queue cannot exit until they are read: get them "
               "before join(), as the multiprocessing docs warn)";
    const SimProcess& main = *w_.procs[0];
    int line = 0;
    for (const auto& p : w_.procs)
        if (p->state == ProcState::blocked) {
            line = p->interp->current_line();
            break;
        }
    if (main.state == ProcState::blocked) line = main.interp->current_line();
    w_.abort_run(Diagnostic{"Deadlock", w_.request.filename, line, 0, msg});
}

void Scheduler::advance(uint64_t budget) {
    uint64_t done = 0;
    while (!w_.finished && done < budget) {
        if (w_.aborted) {
            finish();
            return;
        }
        if (pending_core_ >= 0) {
            // Bursts are never split, so how a run is sliced into advance() calls never
            // changes it; a burst that does not fit waits for the next call (unless nothing
            // ran yet in this one: then it overshoots the budget by at most kMaxBurst - 1).
            if (pending_left_ > budget - done && done > 0) return;
            const size_t ci = (size_t)pending_core_;
            pending_core_ = -1;
            done += run_burst(ci, pending_left_);
            continue;
        }
        size_t ci = 0;
        uint64_t burst = 0;
        const Step s = next_step(budget - done, &ci, &burst);
        if (s == Step::over) {
            finish();
            return;
        }
        if (s == Step::run) {
            pending_core_ = (int)ci;
            pending_left_ = burst;
        }
    }
}

// One scheduling decision: wakes what can be woken, fills idle cores, and either picks the
// next burst (run), or did something else that needs a new look (again: a deadline jump, a
// deadlock report, a limit), or finds every process exited (over). `room`: the most
// instructions a lone process may run in one burst.
Scheduler::Step Scheduler::next_step(uint64_t room, size_t* ci_out, uint64_t* burst_out) {
    // The slowest busy core is "now"; deadlines up to it have passed.
    uint64_t now = kNoDeadline;
    for (const Core& c : w_.cores)
        if (c.proc >= 0) now = std::min(now, c.clock);
    if (w_.wake_dirty) {
        w_.wake_dirty = false;
        ++w_.changes;
        wake_blocked(now == kNoDeadline ? w_.last_event_time : now, false);
    } else if (now != kNoDeadline && earliest_deadline() <= now) {
        wake_blocked(now, true);
    }
    dispatch_idle_cores();

    std::vector<size_t>& busy = busy_;
    busy.clear();
    uint64_t min_clock = kNoDeadline;
    for (size_t i = 0; i < w_.cores.size(); ++i)
        if (w_.cores[i].proc >= 0) min_clock = std::min(min_clock, w_.cores[i].clock);
    for (size_t i = 0; i < w_.cores.size(); ++i)
        if (w_.cores[i].proc >= 0 && w_.cores[i].clock <= min_clock + kSkew) busy.push_back(i);

    if (busy.empty()) {
        bool all_exited = true;
        for (const auto& p : w_.procs) all_exited = all_exited && p->state == ProcState::exited;
        if (all_exited) return Step::over;
        const uint64_t d = earliest_deadline();
        if (d != kNoDeadline) {  // everyone waits; jump to the next deadline
            wake_blocked(d, true);
            return Step::again;
        }
        if (wake_blocked(w_.last_event_time, false)) return Step::again;  // never misses a wake-up
        report_deadlock();
        return Step::again;
    }

    if (w_.instructions >= w_.max_instructions) {
        w_.abort_run(Diagnostic{"LimitExceeded", w_.request.filename,
                                w_.procs[0]->interp->current_line(), 0,
                                "the run executed more than " +
                                    std::to_string(w_.max_instructions) +
                                    " instructions (RunLimits.max_instructions)"});
        return Step::again;
    }

    const size_t ci = busy[busy.size() == 1 ? 0 : w_.rng.below(busy.size())];
    const Core& core = w_.cores[ci];
    uint64_t burst;
    if (w_.procs.size() == 1) {
        // A lone process has nothing to interleave with: run it a quantum at a time
        // (Host calls read the live instruction count, so virtual time is unchanged).
        burst = std::min(kQuantum - std::min(core.used, kQuantum - 1), room);
    } else {
        burst = 1 + w_.rng.below(kMaxBurst);
    }
    burst = std::min({burst, kQuantum - std::min(core.used, kQuantum - 1),
                      w_.max_instructions - w_.instructions});
    *ci_out = ci;
    *burst_out = burst;
    return Step::run;
}

// Runs a burst on core `ci`. Host calls inside it see the virtual time of the burst's start
// (Interp::instructions_executed() advances when run() returns), so a burst is the unit of
// time resolution: at most kMaxBurst ticks. Returns the instructions the world executed
// meanwhile (more than the burst's own when it waited nested, see wait_nested).
uint64_t Scheduler::run_burst(size_t ci, uint64_t burst) {
    SimProcess& p = *w_.procs[(size_t)w_.cores[ci].proc];
    {
        Core& c = w_.cores[ci];
        c.burst_start_clock = c.clock;
        c.burst_start_instr = p.interp->instructions_between_runs();
    }
    const uint64_t world_before = w_.instructions;
    const RunStatus st = p.interp->run(burst);
    // A nested wait may have moved it to another core, or ended it without a core (a
    // deadlock, a limit, its daemon parent's exit): then it is accounted for already.
    if (p.core < 0) return w_.instructions - world_before;
    Core& core = w_.cores[(size_t)p.core];
    const uint64_t ran = p.interp->instructions_between_runs() - core.burst_start_instr;
    core.clock += ran;
    core.used += ran;
    w_.instructions += ran;
    if (st == RunStatus::exited && p.interp->exit_code() >= 0 && w_.feeder_blocking_exit(p.id)) {
        // CPython's feeder thread: the process has finished but may not exit until what it
        // put on a queue has been read (unless it called cancel_join_thread()). A killed
        // process (exit code -signal) loses its feeder instead.
        p.state = ProcState::blocked;
        p.core = -1;
        core.proc = -1;
        p.wait = Wait{};
        p.wait.kind = Wait::feeder;
        p.wait.object = w_.feeder_blocking_exit(p.id);
        w_.trace_at(core.clock, p.id, EventKind::proc_blocked, p.wait.object, 0,
                    "exit: flushing queue");
    } else if (st == RunStatus::exited) {
        exited(p, p.interp->exit_code(), core.clock);
    } else if (st == RunStatus::blocked) {
        p.state = ProcState::blocked;
        p.core = -1;
        core.proc = -1;
        std::string reason(p.interp->block_reason());
        if (p.wait.kind == Wait::sync) reason += " " + sync_wait_detail(w_, p);
        w_.trace_at(core.clock, p.id, EventKind::proc_blocked, p.wait.object, 0, reason);
        if (p.wait.kind == Wait::none) w_.wake_dirty = true;
    } else if (core.used >= kQuantum) {
        core.used = 0;
        if (!w_.ready.empty()) {  // quantum over and someone is waiting: rotate
            p.state = ProcState::ready;
            p.core = -1;
            p.ready_since = core.clock;
            core.proc = -1;
            w_.ready.push_back((int)p.id.value);
            w_.trace_at(core.clock, p.id, EventKind::proc_ready);
        }
    }
    return w_.instructions - world_before;
}

// The caller's burst stops where it is, as if it had blocked: its instructions so far are
// accounted, its core is freed and the world runs (same steps as advance(), so runs stay
// deterministic) until it is given a core again, which resumes the suspended burst by
// returning retry. Everything else (deadlines, deadlock reports, limits) works as usual.
NestedWait Scheduler::wait_nested(ProcId self) {
    SimProcess& p = w_.proc(self);
    // Only a recorded Host wait can be waited for here; a thread wait of the process itself
    // cannot end while its thread holds the process.
    if (!p.wait_pending || p.core < 0 || p.state != ProcState::running) return NestedWait::unsupported;
    Core& c = w_.cores[(size_t)p.core];
    const uint64_t ran = p.interp->instructions_executed() - c.burst_start_instr;
    c.clock += ran;
    c.used += ran;
    w_.instructions += ran;
    p.state = ProcState::blocked;
    p.core = -1;
    c.proc = -1;
    std::string reason(p.interp->block_reason());
    if (p.wait.kind == Wait::sync) reason += " " + sync_wait_detail(w_, p);
    w_.trace_at(c.clock, p.id, EventKind::proc_blocked, p.wait.object, 0, reason);
    if (p.wait.kind == Wait::none) w_.wake_dirty = true;
    suspended_.push_back((int)self.value);
    NestedWait answer = NestedWait::stop;
    while (!w_.aborted && p.state != ProcState::exited) {
        if (p.state == ProcState::running) {  // dispatched: resume the burst on its new core
            Core& nc = w_.cores[(size_t)p.core];
            nc.burst_start_clock = nc.clock;
            nc.burst_start_instr = p.interp->instructions_executed();
            answer = NestedWait::retry;
            break;
        }
        size_t ci = 0;
        uint64_t burst = 0;
        const Step s = next_step(kQuantum, &ci, &burst);
        if (s == Step::over) break;
        if (s == Step::run && p.state != ProcState::running) run_burst(ci, burst);
    }
    suspended_.pop_back();
    return answer;
}

void Scheduler::finish() {
    if (w_.finished) return;
    if (w_.aborted) kill_all(-9);
    w_.finished = true;
    RunResult& r = w_.result;
    r.instructions = w_.instructions;
    r.virtual_ticks = w_.last_event_time;
    for (const Core& c : w_.cores) r.virtual_ticks = std::max(r.virtual_ticks, c.clock);
    if (w_.procs.empty()) return;
    const SimProcess& main = *w_.procs[0];
    r.exit_status = main.exitcode;
    if (w_.aborted) r.exit_status = 1;
}

}  // namespace

}  // namespace forklab::sim

// [SECTION] session

namespace forklab {

struct SimSession::Impl {
    Impl(const RunRequest& r, OutputSink* s) : world(r, s), scheduler(world) {
        world.wait_nested = [this](ProcId p) { return scheduler.wait_nested(p); };
    }
    sim::World world;
    sim::Scheduler scheduler;
};

SimSession::SimSession(const RunRequest& request, OutputSink* sink)
    : impl_(std::make_unique<Impl>(request, sink)) {
    sim::World& w = impl_->world;
    CompileResult c = compile_program(request.source, request.filename);
    if (!c.program) {
        w.result.diagnostics = std::move(c.errors);
        w.result.exit_status = 1;
        w.finished = true;
        return;
    }
    auto main = std::make_unique<sim::SimProcess>();
    main->id = ProcId{0};
    main->parent = ProcId{0};
    main->name = "MainProcess";
    main->host = std::make_unique<sim::SimHost>(w, ProcId{0});
    main->interp = std::make_unique<Interp>(c.program, *main->host);
    main->interp->set_memory_limit(request.limits.max_memory_bytes);  // children inherit it
    w.procs.push_back(std::move(main));
    w.ready.push_back(0);
    ProcessInfo info;
    info.name = "MainProcess";
    info.os_pid = 1000;
    w.result.trace.processes.push_back(info);
    w.trace_at(0, ProcId{0}, EventKind::proc_started, 0);
}

SimSession::~SimSession() = default;

bool SimSession::advance(uint64_t budget) {
    if (!impl_->world.finished) impl_->scheduler.advance(budget);
    return !impl_->world.finished;
}

bool SimSession::finished() const { return impl_->world.finished; }

const Trace& SimSession::trace() const { return impl_->world.result.trace; }

RunResult SimSession::take_result() { return std::move(impl_->world.result); }

RunResult run_sim(const RunRequest& request, OutputSink* sink) {
    SimSession s(request, sink);
    while (s.advance(50'000'000)) {
    }
    return s.take_result();
}

}  // namespace forklab
