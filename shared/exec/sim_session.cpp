// The sim scheduler: virtual cores, a ready queue and seeded interleaving (model described in
// exec/sim_world.h), plus SimSession and run_sim.
//
// Index: [SECTION] rng, [SECTION] world, [SECTION] scheduling, [SECTION] session
#include <algorithm>

#include "exec/runners.h"
#include "exec/sim_diagnosis.h"
#include "exec/sim_fingerprint.h"
#include "exec/sim_inspect.h"
#include "exec/sim_world.h"

static_assert((int)forklab::SimProcState::exited == (int)forklab::sim::ProcState::exited &&
                  (int)forklab::SimProcState::blocked == (int)forklab::sim::ProcState::blocked,
              "SimProcessView::state mirrors sim::ProcState");

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
      max_ticks(req.limits.max_virtual_seconds > 0 && req.limits.max_virtual_seconds * kTicksPerSecond < 1.8e19
                    ? (uint64_t)(req.limits.max_virtual_seconds * kTicksPerSecond)
                    : req.limits.max_virtual_seconds > 0 ? kNoDeadline - 1 : 3600 * (uint64_t)kTicksPerSecond),
      max_processes(req.limits.max_processes ? req.limits.max_processes : 64) {
    if (req.sim.quantum) quantum = req.sim.quantum;
    // Step mode ignores cores: any runnable process may take the next step, so each one
    // gets a core of its own (cpu_count() still answers cores_n).
    cores.resize(req.sim.policy == SimPolicy::steps ? (size_t)max_processes + 1 : (size_t)cores_n);
    budget.caps = trace_family_caps(max_trace_events);
    result.trace.backend = "sim";
    result.trace.time_unit = TimeUnit::ticks;
    // A replay of the trace file shows the code that ran (not for untraced explore runs).
    if (req.trace) result.trace.scenario = TraceScenario{req.filename, req.source};
}

uint64_t World::now(ProcId p) const {
    if (p.value < procs.size()) {
        const SimProcess& sp = *procs[p.value];
        if (sp.core >= 0) {
            const Core& c = cores[(size_t)sp.core];
            return c.burst_start_clock + (sp.interp->instructions_executed() - c.burst_start_instr) +
                   sp.charged;
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

void World::trace_shared(ProcId p, EventKind kind, uint32_t block, size_t index, int64_t value) {
    const size_t before = result.trace.events.size();
    trace(p, kind, block, value);
    if (result.trace.events.size() > before) result.trace.events.back().cell = trace_cell(index);
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
    enum class Step { run, again, over, pause };
    Step next_step(uint64_t room, size_t* ci, uint64_t* burst);
    // Step mode (sim_steps.cpp's rules, described in exec/sim_schedule.h).
    Step next_visible_step(uint64_t room, size_t* ci, uint64_t* burst);
    void after_step_burst(SimProcess& p, RunStatus st, uint64_t ran);
    void close_step();
    void close_thread_step();
    void wake_at_deadline(SimProcess& p);
    bool no_one_busy_step(Step* out);
public:
    // SimSession::step: the user's choice, taken next (manual step mode).
    void choose(uint32_t proc, uint32_t count, bool instructions, uint32_t thread,
                bool stop_at_thread_start);
    std::vector<uint32_t> enabled() const;
private:
    bool suspended_below(int proc) const;
    void dispatch_idle_cores();
    bool wake_blocked(uint64_t now, bool deadlines_only);
    uint64_t earliest_deadline() const;
    // `own`: the process ended in its own burst (a visible step of its own, sim_schedule.h),
    // not by its parent's exit, a flushed feeder or the end of the run.
    void exited(SimProcess& p, int code, uint64_t time, bool own = false);
    void kill_all(int code);
    void report_deadlock() { w_.abort_run(diagnose_deadlock(w_)); }  // sim_diagnosis.cpp
    bool limit_hit();
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
        if (c.last_proc >= 0 && c.last_proc != pi) c.clock += cost::kContextSwitch;
        c.last_proc = pi;
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
    if (deadlines_only && now > w_.max_ticks) {  // waking them would pass the time budget
        w_.abort_run(diagnose_time_budget(w_));
        return true;
    }
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

void Scheduler::exited(SimProcess& p, int code, uint64_t time, bool own) {
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
    w_.visible(p.id, VisibleOp{op_key(OpSpace::process, p.id.value), true}, own);
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

// Nothing can run now: the run is over, time jumps to the next deadline, or it is a deadlock.
// Returns false when something was woken and the caller may go on looking.
bool Scheduler::no_one_busy_step(Step* out) {
    bool all_exited = true;
    for (const auto& p : w_.procs) all_exited = all_exited && p->state == ProcState::exited;
    *out = Step::again;
    if (all_exited) {
        *out = Step::over;
        return true;
    }
    const uint64_t d = earliest_deadline();
    if (d != kNoDeadline) {  // everyone waits; jump to the next deadline
        wake_blocked(d, true);
        if (w_.step_mode()) w_.step_clock = std::max(w_.step_clock, d);
        return true;
    }
    if (wake_blocked(w_.last_event_time, false)) return true;  // never misses a wake-up
    report_deadlock();
    return true;
}

bool Scheduler::limit_hit() {
    if (w_.instructions < w_.max_instructions) return false;
    w_.abort_run(diagnose_instruction_budget(w_));
    return true;
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
        if (s == Step::pause) return;  // manual step mode: waiting for SimSession::step
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
    if (w_.step_mode() && now != kNoDeadline) now = w_.step_clock;  // one clock: see next_visible_step
    if (w_.wake_dirty) {
        w_.wake_dirty = false;
        ++w_.changes;
        wake_blocked(now == kNoDeadline ? w_.last_event_time : now, false);
    } else if (now != kNoDeadline && earliest_deadline() <= now) {
        wake_blocked(now, true);
    }
    dispatch_idle_cores();
    if (w_.step_mode()) return next_visible_step(room, ci_out, burst_out);

    std::vector<size_t>& busy = busy_;
    busy.clear();
    uint64_t min_clock = kNoDeadline;
    for (size_t i = 0; i < w_.cores.size(); ++i)
        if (w_.cores[i].proc >= 0) min_clock = std::min(min_clock, w_.cores[i].clock);
    for (size_t i = 0; i < w_.cores.size(); ++i)
        if (w_.cores[i].proc >= 0 && w_.cores[i].clock <= min_clock + kSkew) busy.push_back(i);

    Step none;
    if (busy.empty() && no_one_busy_step(&none)) return none;
    if (limit_hit()) return Step::again;

    const uint64_t q = w_.quantum;
    size_t ci;
    uint64_t burst;
    if (w_.request.sim.policy == SimPolicy::round_robin) {
        // The cores take turns a quantum at a time: the one furthest behind goes next.
        ci = busy[0];
        for (size_t i : busy)
            if (w_.cores[i].clock < w_.cores[ci].clock) ci = i;
        burst = std::min(q - std::min(w_.cores[ci].used, q - 1), room);
    } else {
        ci = busy[busy.size() == 1 ? 0 : w_.rng.below(busy.size())];
        const Core& core = w_.cores[ci];
        if (w_.procs.size() == 1) {
            // A lone process has nothing to interleave with: run it a quantum at a time
            // (Host calls read the live instruction count, so virtual time is unchanged).
            burst = std::min(q - std::min(core.used, q - 1), room);
        } else {
            burst = 1 + w_.rng.below(kMaxBurst);
        }
    }
    burst = std::min({burst, q - std::min(w_.cores[ci].used, q - 1),
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
    p.interp->set_stop_at_thread_start(w_.step_mode());  // a stepper's stop (after_step_burst)
    const RunStatus st = p.interp->run(burst);
    // A nested wait may have moved it to another core, or ended it without a core (a
    // deadlock, a limit, its daemon parent's exit): then it is accounted for already.
    if (p.core < 0) {
        p.charged = 0;
        if (w_.step_mode()) after_step_burst(p, st, 0);
        return w_.instructions - world_before;
    }
    Core& core = w_.cores[(size_t)p.core];
    const uint64_t ran = p.interp->instructions_between_runs() - core.burst_start_instr;
    core.clock += ran + p.charged;
    p.charged = 0;
    core.used += ran;
    w_.instructions += ran;
    w_.step_clock = std::max(w_.step_clock, core.clock);
    // The virtual-time budget; the process's state is still as it was, for the report.
    if (core.clock > w_.max_ticks && st == RunStatus::running) w_.abort_run(diagnose_time_budget(w_));
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
        // Its end, a visible step of its own; the exit itself follows from a reader's get.
        w_.visible(p.id, VisibleOp{op_key(OpSpace::queue, p.wait.object), true});
        w_.trace_at(core.clock, p.id, EventKind::proc_blocked, p.wait.object, 0,
                    "exit: flushing queue");
    } else if (st == RunStatus::exited) {
        exited(p, p.interp->exit_code(), core.clock, true);
    } else if (st == RunStatus::blocked) {
        p.state = ProcState::blocked;
        p.core = -1;
        core.proc = -1;
        w_.trace_at(core.clock, p.id, EventKind::proc_blocked, p.wait.object, 0,
                    w_.request.trace ? blocked_state(w_, p) : std::string());
        if (p.wait.kind == Wait::none) w_.wake_dirty = true;
    } else if (core.used >= w_.quantum && !w_.step_mode()) {
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
    if (w_.step_mode()) after_step_burst(p, st, ran);
    return w_.instructions - world_before;
}

// [SECTION] step mode

// Running on a core, or waiting with a deadline: a sleep or a timeout orders nothing (the
// others may always be slower than it), so such a process may take the next step, the clock
// jumping to its deadline.
static bool timed_waiter(const SimProcess& p) {
    return p.state == ProcState::blocked && p.wait.deadline != kNoDeadline &&
           p.wait.kind != Wait::feeder;
}

std::vector<uint32_t> Scheduler::enabled() const {
    std::vector<uint32_t> out;
    for (const auto& p : w_.procs)
        if (p->state == ProcState::running ||
            (timed_waiter(*p) && !suspended_below((int)p->id.value)))
            out.push_back(p->id.value);
    return out;
}

// A process that waits for a deadline goes on now: the clock jumps there.
void Scheduler::wake_at_deadline(SimProcess& p) {
    w_.step_clock = std::max(w_.step_clock, p.wait.deadline);
    p.state = ProcState::ready;
    p.ready_since = w_.step_clock;
    w_.ready.push_back((int)p.id.value);
    w_.trace_at(p.ready_since, p.id, EventKind::proc_ready);
    dispatch_idle_cores();
}

// A choice made by hand joins the plan, so it is taken (and replayed) like any other.
void Scheduler::choose(uint32_t proc, uint32_t count, bool instructions, uint32_t thread,
                       bool stop_at_thread_start) {
    w_.plan.push_back(ScheduleStep{proc, count, instructions, thread, stop_at_thread_start});
}

Scheduler::Step Scheduler::next_visible_step(uint64_t room, size_t* ci_out, uint64_t* burst_out) {
    OpenStep& step = w_.step;
    if (step.open) {  // a step that spans bursts: the same process goes on
        SimProcess& p = *w_.procs[step.proc];
        if (timed_waiter(p) && !suspended_below((int)p.id.value)) wake_at_deadline(p);  // slept inside its step
        if (p.core >= 0 && p.state == ProcState::running) {
            *ci_out = (size_t)p.core;
            if (limit_hit()) return Step::again;
            *burst_out = std::max<uint64_t>(1, std::min({step.left, room, w_.max_instructions - w_.instructions}));
            return Step::run;
        }
        close_step();
    }
    const std::vector<uint32_t> can = enabled();
    if (can.empty()) {
        Step none;
        no_one_busy_step(&none);
        return none;
    }
    if (limit_hit()) return Step::again;
    uint32_t who;
    uint32_t thread = kAnyThread;
    bool stop_at_thread_start = false;
    bool instructions = false;
    uint64_t count = UINT64_MAX;
    if (w_.plan_pos < w_.plan.size()) {
        const ScheduleStep& want = w_.plan[w_.plan_pos];
        if (!std::binary_search(can.begin(), can.end(), want.proc)) {
            std::string msg = "step " + std::to_string(schedule_length(w_.schedule) + 1) +
                              " of the schedule: ";
            if (want.proc >= w_.procs.size())
                msg += "there is no process " + std::to_string(want.proc);
            else {
                const SimProcess& p = *w_.procs[want.proc];
                msg += p.name + " (process " + std::to_string(want.proc) + ") cannot run now: it " +
                       (p.state == ProcState::exited
                            ? std::string("has exited")
                            : "is " + blocked_state(w_, p) + " (line " +
                                  std::to_string(p.interp->current_line()) + ")");
            }
            w_.abort_run(Diagnostic{"ScheduleError", w_.request.filename, 0, 0, msg});
            return Step::again;
        }
        if (want.thread != kAnyThread &&
            !w_.procs[want.proc]->interp->pin_thread(want.thread, !want.instructions)) {
            const SimProcess& p = *w_.procs[want.proc];
            w_.abort_run(Diagnostic{"ScheduleError", w_.request.filename, 0, 0,
                                    "step " + std::to_string(schedule_length(w_.schedule) + 1) +
                                        " of the schedule: " + p.name + " (process " +
                                        std::to_string(want.proc) + ") has no live thread " +
                                        std::to_string(want.thread)});
            return Step::again;
        }
        thread = want.thread;
        stop_at_thread_start = want.stop_at_thread_start && !want.instructions;
        who = want.proc;
        instructions = want.instructions;
        if (instructions) count = want.count - w_.plan_used;
    } else if (w_.request.sim.manual && suspended_.empty()) {
        return Step::pause;
    } else {
        // The continuation: the last process keeps going while it can (fewest switches),
        // else the first that can run; deadlines only when no one can (time passes).
        who = UINT32_MAX;
        uint64_t first_deadline = kNoDeadline;
        for (uint32_t c : can) {
            const SimProcess& q = *w_.procs[c];
            if (q.state == ProcState::running) {
                if (who == UINT32_MAX || c == w_.last_step_proc) who = c;
            } else if (q.wait.deadline < first_deadline && who == UINT32_MAX) {
                first_deadline = q.wait.deadline;
            }
        }
        if (who == UINT32_MAX)
            for (uint32_t c : can)
                if (w_.procs[c]->wait.deadline == first_deadline) {
                    who = c;
                    break;
                }
    }
    SimProcess& p = *w_.procs[who];
    if (p.state == ProcState::blocked) wake_at_deadline(p);
    Core& c = w_.cores[(size_t)p.core];
    c.clock = std::max(c.clock, w_.step_clock);  // one thing at a time: it starts from now
    step = OpenStep{};
    step.open = true;
    step.proc = who;
    step.thread = thread;
    step.stop_at_thread_start = stop_at_thread_start;
    step.instructions = instructions;
    step.left = count;
    step.count = count;
    step.start_instructions = p.interp->instructions_executed();
    step.threads_started = p.interp->threads_started();
    if (w_.request.sim.record_steps) {
        step.record.proc = who;
        step.record.enabled = can;
        step.record.instructions = instructions;
        step.record.thread = thread;
    }
    w_.last_step_proc = who;
    *ci_out = (size_t)p.core;
    *burst_out = std::min({count, room, w_.max_instructions - w_.instructions});
    if (*burst_out == 0) *burst_out = 1;
    return Step::run;
}

// After a burst of the step's process: the step ends at its visible operation (World::visible
// stopped the burst there), when it blocks or exits, or when its instructions are done.
void Scheduler::after_step_burst(SimProcess& p, RunStatus st, uint64_t ran) {
    OpenStep& step = w_.step;
    if (!step.open || step.proc != p.id.value) return;
    // A thread step also ends where its thread gives up the GIL (or, counted, waits or ends).
    const bool thread_stop = step.thread != kAnyThread && p.interp->pinned_step_over();
    if (step.instructions) {
        step.left -= std::min(step.left, ran);
        if (thread_stop) {
            close_step();
            return;
        }
        // A sleep or a timed wait inside it: as in a visible step, it goes on at the deadline
        // (so the sleeping instruction completes in this step, not in a later one).
        if (step.left > 0 && timed_waiter(p)) return;
        if (step.left == 0 || st != RunStatus::running) close_step();
        return;
    }
    // A sleep or a timed wait is not the end of a step: the process may go on at its
    // deadline (next_visible_step), as a run with another policy would have let it.
    if (step.own_ops == 0 && timed_waiter(p)) return;
    // A stepper's own process step also ends where it started a thread, so that the new thread is
    // offered as a choice (P.T) before it runs; without a visible operation it goes into the
    // schedule as P+N (close_step), which replays to the same point.
    if (step.stop_at_thread_start && step.own_ops == 0 && st == RunStatus::running &&
        p.interp->threads_started() != step.threads_started) {
        close_step();
        return;
    }
    if (step.own_ops > 0 || st != RunStatus::running || p.core < 0 || thread_stop) close_step();
}

// A thread step is one entry of the schedule, P.T (or P.T+N), whatever it did: even one that
// found its thread still waiting made that thread the one holding the GIL, which the steps
// after it (P, the interpreter's own hand-offs) go on from.
void Scheduler::close_thread_step() {
    OpenStep& step = w_.step;
    SimProcess& sp = *w_.procs[step.proc];
    // Its last attempt at a wait that could not go on is counted, as in close_step: a replay
    // of P.T+n then makes that attempt too (it starts the wait's timeout) and stops there.
    const bool attempt = sp.interp->pinned_thread_waits() ||
                         (sp.state == ProcState::blocked && sp.wait.kind != Wait::feeder);
    sp.interp->unpin_thread();
    bool entry_done = true;  // the plan's entry is used up
    if (step.instructions) {
        const uint64_t used = step.count - step.left + (attempt ? 1 : 0);
        if (used) append_step(w_.schedule, step.proc, (uint32_t)used, true, step.thread);
        else append_step(w_.schedule, step.proc, 1, false, step.thread);  // the same stop, as a step
        if (step.left == 0 && !attempt && w_.plan_pos < w_.plan.size()) {
            w_.plan_used += (uint32_t)used;
            entry_done = w_.plan_used >= w_.plan[w_.plan_pos].count;
        }
    } else {
        append_step(w_.schedule, step.proc, 1, false, step.thread);
        if (w_.plan_pos < w_.plan.size()) entry_done = ++w_.plan_used >= w_.plan[w_.plan_pos].count;
    }
    if (entry_done && w_.plan_pos < w_.plan.size()) {
        ++w_.plan_pos;
        w_.plan_used = 0;
    }
    if (w_.request.sim.record_steps) w_.steps.push_back(std::move(step.record));
}

void Scheduler::close_step() {
    OpenStep& step = w_.step;
    if (!step.open) return;
    step.open = false;
    if (step.thread != kAnyThread) {
        close_thread_step();
        return;
    }
    uint64_t used;
    // A step that ended blocked counts the blocking call's attempt as one more instruction
    // (the Interp repeats it later and counts it then): a replay of P+n then stops P in the
    // same place, waiting, and with what the attempt did (a Semaphore's waiter has joined).
    const SimProcess& sp = *w_.procs[step.proc];
    const uint64_t attempt = sp.state == ProcState::blocked && sp.wait.kind != Wait::feeder ? 1 : 0;
    if (step.instructions) {
        used = step.count - step.left;
        if (used + attempt) append_step(w_.schedule, step.proc, (uint32_t)(used + attempt), true);
        // It blocked or exited before its count was done: the rest cannot be taken, so the
        // choice is used up (else the next decision would insist on a process that waits,
        // a ScheduleError). The schedule says P+used, which replays to the same point.
        if ((step.left > 0 || attempt) && w_.plan_pos < w_.plan.size() && w_.plan[w_.plan_pos].proc == step.proc &&
            w_.plan[w_.plan_pos].instructions) {
            ++w_.plan_pos;
            w_.plan_used = 0;
            if (used && w_.request.sim.record_steps) w_.steps.push_back(std::move(step.record));
            return;
        }
        if (used == 0) return;
    } else {
        // A step that blocked before doing anything visible did not happen as far as the
        // schedule goes: the process now waits, and its local work so far changes nothing.
        // The choice is used up all the same (never so in a faithful replay: there the
        // process's next operation is the same one, in the same state).
        if (step.own_ops == 0 && step.record.ops.empty()) {
            // Its instructions up to the blocking call ran all the same: they go into the
            // schedule as P+n, or a replay would run them inside a later step of P, and a
            // counted step of P after this one (a stepper's "P i N") would end elsewhere.
            const uint64_t ran = sp.interp->instructions_executed() - step.start_instructions;
            if (ran + attempt) append_step(w_.schedule, step.proc, (uint32_t)(ran + attempt), true);
            if (w_.plan_pos < w_.plan.size() && w_.plan[w_.plan_pos].proc == step.proc) {
                if (++w_.plan_used >= w_.plan[w_.plan_pos].count) {
                    ++w_.plan_pos;
                    w_.plan_used = 0;
                }
            }
            return;
        }
        used = step.own_ops;  // World::visible has recorded them in the schedule
    }
    if (w_.plan_pos < w_.plan.size()) {
        w_.plan_used += used;
        // One instruction may complete several operations (a step inside a nested call, a
        // start() that also writes): the extra goes on into the next entries of the same
        // process, as a run recorded with another policy counts them.
        while (w_.plan_pos < w_.plan.size() && w_.plan_used >= w_.plan[w_.plan_pos].count) {
            w_.plan_used -= w_.plan[w_.plan_pos].count;
            const ScheduleStep done = w_.plan[w_.plan_pos++];
            if (w_.plan_pos < w_.plan.size()) {
                const ScheduleStep& next = w_.plan[w_.plan_pos];
                if (next.proc != done.proc || next.instructions || done.instructions) w_.plan_used = 0;
            }
        }
        if (w_.plan_pos >= w_.plan.size()) w_.plan_used = 0;
    }
    if (w_.request.sim.record_steps) w_.steps.push_back(std::move(step.record));
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
    c.clock += ran + p.charged;
    p.charged = 0;
    c.used += ran;
    w_.instructions += ran;
    p.state = ProcState::blocked;
    p.core = -1;
    c.proc = -1;
    w_.trace_at(c.clock, p.id, EventKind::proc_blocked, p.wait.object, 0,
                    w_.request.trace ? blocked_state(w_, p) : std::string());
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
        if (s == Step::over || s == Step::pause) break;
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
    r.schedule = format_schedule(w_.schedule);
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
    : SimSession(request, sink, nullptr) {}

SimSession::SimSession(const RunRequest& request, OutputSink* sink,
                       std::shared_ptr<const Program> compiled)
    : impl_(std::make_unique<Impl>(request, sink)) {
    sim::World& w = impl_->world;
    if (std::string err; !parse_schedule(request.sim.schedule, &w.plan, &err)) {
        w.result.diagnostics.push_back(Diagnostic{"ScheduleError", request.filename, 0, 0, err});
        w.result.exit_status = 2;
        w.finished = true;
        return;
    }
    CompileResult c;
    if (compiled) c.program = std::move(compiled);
    else if (request.sim.program) c.program = request.sim.program;
    else c = compile_program(request.source, request.filename);
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
    main->interp->set_report_language(request.lang);
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

std::vector<ProcId> SimSession::runnable() const {
    std::vector<ProcId> out;
    if (impl_->world.finished) return out;
    for (uint32_t p : impl_->scheduler.enabled()) out.push_back(ProcId{p});
    return out;
}

bool SimSession::waiting_for_choice() const {
    const sim::World& w = impl_->world;
    return !w.finished && w.step_mode() && w.request.sim.manual && !w.step.open &&
           w.plan_pos >= w.plan.size();
}

void SimSession::set_manual(bool manual) { impl_->world.request.sim.manual = manual; }

void SimSession::step(ProcId p, uint32_t count, bool instructions, uint32_t thread,
                      bool stop_at_thread_start) {
    if (count > 0) impl_->scheduler.choose(p.value, count, instructions, thread, stop_at_thread_start);
}

const std::vector<StepRecord>& SimSession::steps() const { return impl_->world.steps; }

std::string SimSession::schedule() const { return format_schedule(impl_->world.schedule); }

std::vector<SharedCells> SimSession::shared_state() const { return sim::shared_cells(impl_->world); }

uint64_t SimSession::state_fingerprint(const std::vector<uint64_t>& histories) const {
    // A live process stands for its interpreter's state where that hashes exactly (then
    // states in which it forgot what it read merge), else for its history; the two kinds of
    // identity are tagged apart so that they never compare equal.
    const sim::World& w = impl_->world;
    std::vector<uint64_t> identity(w.procs.size(), 0);
    for (size_t i = 0; i < w.procs.size(); ++i) {
        const sim::SimProcess& p = *w.procs[i];
        const uint64_t history = i < histories.size() ? histories[i] : 0;
        bool exact = false;
        const uint64_t state = p.interp && p.state != sim::ProcState::exited ? p.interp->state_hash(&exact) : 0;
        identity[i] = exact ? (state << 1) | 1 : history << 1;
    }
    return sim::fingerprint(w, identity);
}

SimInspection SimSession::inspect(const InspectOptions& options) const {
    return sim::inspect_world(impl_->world, options);  // sim_inspect.cpp
}

std::string SimSession::thread_deadlock() const {
    for (const auto& p : impl_->world.procs)
        if (p->interp && !p->interp->thread_deadlock().empty()) return p->interp->thread_deadlock();
    return "";
}

std::vector<uint32_t> SimSession::live_threads(ProcId p) const {
    const auto& procs = impl_->world.procs;
    if (p.value >= procs.size() || !procs[p.value]->interp || procs[p.value]->state == sim::ProcState::exited) return {};
    const Interp& in = *procs[p.value]->interp;
    const std::vector<uint32_t> all = in.live_threads();
    if (all.size() < 2) return {};
    return all;
}

uint64_t SimSession::instructions_of(ProcId p) const {
    const auto& procs = impl_->world.procs;
    return p.value < procs.size() && procs[p.value]->interp ? procs[p.value]->interp->instructions_executed() : 0;
}

uint32_t SimSession::threads_started_of(ProcId p) const {
    const auto& procs = impl_->world.procs;
    return p.value < procs.size() && procs[p.value]->interp ? procs[p.value]->interp->threads_started() : 0;
}

std::vector<SimProcessView> SimSession::processes() const {
    const sim::World& w = impl_->world;
    std::vector<SimProcessView> out;
    out.reserve(w.procs.size());
    for (const auto& pp : w.procs) {
        const sim::SimProcess& p = *pp;
        SimProcessView v;
        v.id = p.id;
        v.parent = p.parent;
        v.name = p.name;
        v.state = (SimProcState)p.state;
        v.instructions = p.interp->instructions_executed();
        if (p.state == sim::ProcState::exited) v.exit_code = p.exitcode;
        else v.line = p.interp->current_line();
        if (p.state != sim::ProcState::exited)
            for (Interp::ThreadView& t : p.interp->threads())
                v.threads.push_back(SimThreadView{t.number, std::move(t.name), t.line, t.holds_gil,
                                                  t.waiting, std::move(t.waits_in)});
        if (p.state == sim::ProcState::blocked) {
            v.waiting_for = sim::blocked_state(w, p);
            if (p.wait.kind == sim::Wait::lock && p.wait.object && p.wait.object <= w.locks.size()) {
                const sim::SimLock& l = w.locks[p.wait.object - 1];
                if (l.held) v.waiting_for += " (held by " + w.procs[l.owner.value]->name + ")";
            }
        }
        out.push_back(std::move(v));
    }
    return out;
}

RunResult run_sim(const RunRequest& request, OutputSink* sink) {
    SimSession s(request, sink);
    while (s.advance(50'000'000)) {
    }
    return s.take_result();
}

}  // namespace forklab
