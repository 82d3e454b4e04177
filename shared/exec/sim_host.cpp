// SimHost: the Host of one simulated process. Every call runs on the scheduler's thread in
// the middle of the process's burst, so it can read and change the World directly. Calls that
// must wait record a Wait and return blocked; the interpreter repeats them when the scheduler
// runs the process again, and `wait_pending` tells the repeated call apart from a fresh one.
#include <cmath>

#include "exec/sim_world.h"

namespace forklab::sim {

int SimHost::os_ppid() const {
    if (self_.value == 0) return 999;
    return os_pid(world_.proc(self_).parent);
}

int SimHost::cpu_count() const { return world_.cores_n; }

static uint64_t seconds_to_ticks(double s) {
    if (!(s > 0)) return 0;
    const double t = std::ceil(s * kTicksPerSecond);
    return t >= 1.8e19 ? kNoDeadline - 1 : (uint64_t)t;
}

OpStatus SimHost::block_on(Wait::Kind kind, uint32_t object, std::optional<double> timeout_s) {
    SimProcess& me = world_.proc(self_);
    if (!me.wait_pending) {
        me.wait = Wait{};
        me.wait.kind = kind;
        me.wait.object = object;
        if (timeout_s) {
            const uint64_t now = world_.now(self_);
            const uint64_t d = seconds_to_ticks(*timeout_s);
            me.wait.deadline = d >= kNoDeadline - now ? kNoDeadline - 1 : now + d;
        }
        me.wait_pending = true;
    }
    return OpStatus::blocked;
}

bool SimHost::timed_out() const {
    const SimProcess& me = *world_.procs[self_.value];
    return me.wait_pending && me.wait.deadline != kNoDeadline && world_.now(self_) >= me.wait.deadline;
}

void SimHost::finish_wait() {
    SimProcess& me = world_.proc(self_);
    me.wait_pending = false;
    me.wait_traced = false;
    me.wait = Wait{};
}

// [SECTION] processes

ProcId SimHost::start_process(Interp& parent, const ChildSpec& child, std::string_view name,
                              bool daemon, int* os_error) {
    if (world_.procs.size() >= world_.max_processes) {
        world_.abort_run(Diagnostic{"LimitExceeded", world_.request.filename, 0, 0,
                                    "the scenario started more than " +
                                        std::to_string(world_.max_processes) + " processes"});
        parent.request_kill(9);
        *os_error = 0;
        return ProcId{kNoProcess};
    }
    const ProcId id{(uint32_t)world_.procs.size()};
    auto p = std::make_unique<SimProcess>();
    p->id = id;
    p->parent = self_;
    p->name = std::string(name);
    p->daemon = daemon;
    p->host = std::make_unique<SimHost>(world_, id);
    p->interp = Interp::make_child(parent, child, *p->host, name);
    world_.inherit_ipc(self_, id);
    p->state = ProcState::ready;
    world_.charge(self_, cost::kProcessStart);
    p->ready_since = world_.now(self_) + cost::kChildBoot;
    world_.procs.push_back(std::move(p));
    world_.ready.push_back((int)id.value);
    ProcessInfo info;
    info.id = id;
    info.parent = self_;
    info.name = std::string(name);
    info.os_pid = os_pid(id);
    world_.result.trace.processes.push_back(info);
    world_.trace(self_, EventKind::proc_created, id.value);
    world_.trace(self_, EventKind::proc_started, id.value);
    if (world_.step.open && world_.request.sim.record_steps) world_.step.record.spawned.push_back(id.value);
    world_.observe(id.value);
    world_.visible(self_, VisibleOp{op_key(OpSpace::process, id.value), true});
    return id;
}

OpStatus SimHost::join_process(ProcId child, std::optional<double> timeout_s, bool* ended,
                               int* exitcode) {
    *ended = false;
    if (child.value == 0 || child.value >= world_.procs.size() || child == self_) {
        finish_wait();
        return OpStatus::done;
    }
    SimProcess& c = world_.proc(child);
    if (c.state == ProcState::exited) {
        finish_wait();
        *ended = true;
        if (exitcode) *exitcode = c.exitcode;
        world_.trace(self_, EventKind::proc_joined, child.value, c.exitcode);
        world_.observe(1000 + (uint64_t)(int64_t)c.exitcode);
        world_.visible(self_, VisibleOp{op_key(OpSpace::process, child.value), false});
        return OpStatus::done;
    }
    if (timed_out() || (timeout_s && !(*timeout_s > 0))) {
        finish_wait();
        world_.observe(1);  // still running
        world_.visible(self_, VisibleOp{op_key(OpSpace::process, child.value), false});
        return OpStatus::done;
    }
    return block_on(Wait::child, child.value, timeout_s);
}

bool SimHost::poll_process(ProcId child, int* exitcode) {
    if (child.value >= world_.procs.size()) return false;
    const SimProcess& c = world_.proc(child);
    world_.observe(c.state == ProcState::exited ? 1000 + (uint64_t)(int64_t)c.exitcode : 1);
    world_.visible(self_, VisibleOp{op_key(OpSpace::process, child.value), false});
    if (c.state != ProcState::exited) return true;
    if (exitcode) *exitcode = c.exitcode;
    return false;
}

// terminate()/kill(): the child's wait (whatever it was) is dropped so the scheduler runs it
// again at once, and its Interp, flagged here, ends before executing anything more.
void SimHost::signal_process(ProcId child, int signal) {
    if (child.value == 0 || child.value >= world_.procs.size() || child == self_) return;
    SimProcess& c = world_.proc(child);
    if (c.state == ProcState::exited) return;
    c.interp->request_kill(signal);
    world_.visible(self_, VisibleOp{op_key(OpSpace::global, 0), true});
    c.wait = Wait{};
    c.wait_pending = false;
    c.wait_traced = false;
    world_.wake_all();
}

// [SECTION] shared memory

SharedId SimHost::shared_alloc(TypeCode t, size_t count, bool synchronized) {
    SharedBlock b;
    b.type = t;
    const Scalar zero = typecode_is_float(t) ? Scalar::real(0.0) : Scalar::integer(0);
    b.cells.assign(count, zero);
    if (synchronized) b.lock = lock_create(LockKind::rlock);
    world_.shared.push_back(std::move(b));
    return SharedId{(uint32_t)world_.shared.size()};
}

static int64_t trace_value(Scalar v) { return v.is_float ? (int64_t)v.f : v.i; }

OpStatus SimHost::shared_load(SharedId id, size_t index, Scalar* out) {
    if (id.value == 0 || id.value > world_.shared.size()) return OpStatus::done;
    SharedBlock& b = world_.shared[id.value - 1];
    if (b.lock.value) {  // the access takes the block's RLock for just this load
        const SimLock& l = world_.locks[b.lock.value - 1];
        if (l.held && l.owner != self_) return block_on(Wait::lock, b.lock.value, std::nullopt);
    }
    finish_wait();
    if (index >= b.cells.size()) return OpStatus::done;
    *out = b.cells[index];
    world_.observe(out->is_float ? (uint64_t)std::hash<double>{}(out->f) : (uint64_t)out->i);
    world_.trace_shared(self_, EventKind::shared_read, id.value, index, trace_value(*out));
    world_.visible(self_, VisibleOp{op_key(OpSpace::cell, id.value, (uint32_t)index), false});
    return OpStatus::done;
}

OpStatus SimHost::shared_store(SharedId id, size_t index, Scalar value) {
    if (id.value == 0 || id.value > world_.shared.size()) return OpStatus::done;
    SharedBlock& b = world_.shared[id.value - 1];
    if (b.lock.value) {
        const SimLock& l = world_.locks[b.lock.value - 1];
        if (l.held && l.owner != self_) return block_on(Wait::lock, b.lock.value, std::nullopt);
    }
    finish_wait();
    if (index >= b.cells.size()) return OpStatus::done;
    b.cells[index] = typecode_wrap(b.type, value);
    world_.trace_shared(self_, EventKind::shared_write, id.value, index, trace_value(b.cells[index]));
    world_.visible(self_, VisibleOp{op_key(OpSpace::cell, id.value, (uint32_t)index), true});
    return OpStatus::done;
}

LockId SimHost::shared_lock(SharedId id) {
    if (id.value == 0 || id.value > world_.shared.size()) return LockId{0};
    return world_.shared[id.value - 1].lock;
}

// [SECTION] locks

LockId SimHost::lock_create(LockKind kind) {
    SimLock l;
    l.kind = kind;
    world_.locks.push_back(l);
    return LockId{(uint32_t)world_.locks.size()};
}

OpStatus SimHost::lock_acquire(LockId id, bool block, std::optional<double> timeout_s,
                               bool* acquired) {
    *acquired = false;
    if (id.value == 0 || id.value > world_.locks.size()) return OpStatus::done;
    SimLock& l = world_.locks[id.value - 1];
    if (!l.held || (l.kind == LockKind::rlock && l.owner == self_)) {
        if (!l.held) {
            l.held = true;
            l.owner = self_;
            l.count = 0;
        }
        ++l.count;
        finish_wait();
        *acquired = true;
        world_.observe(1);
        world_.charge(self_, cost::kLockOp);
        world_.trace(self_, EventKind::lock_acquire, id.value);
        world_.visible(self_, VisibleOp{op_key(OpSpace::lock, id.value), true});
        return OpStatus::done;
    }
    if (!block || timed_out() || (timeout_s && !(*timeout_s > 0))) {
        finish_wait();
        world_.observe(2);
        world_.visible(self_, VisibleOp{op_key(OpSpace::lock, id.value), true});  // saw it held
        return OpStatus::done;
    }
    SimProcess& me = world_.proc(self_);
    if (!me.wait_traced) {
        me.wait_traced = true;
        world_.trace(self_, EventKind::lock_wait, id.value);
    }
    return block_on(Wait::lock, id.value, timeout_s);
}

bool SimHost::lock_release(LockId id) {
    if (id.value == 0 || id.value > world_.locks.size()) return false;
    SimLock& l = world_.locks[id.value - 1];
    if (!l.held) return false;
    if (l.kind == LockKind::rlock) {
        if (l.owner != self_) return false;
        if (--l.count > 0) {
            world_.trace(self_, EventKind::lock_release, id.value);
            world_.visible(self_, VisibleOp{op_key(OpSpace::lock, id.value), true});
            return true;
        }
    }
    l.held = false;
    l.count = 0;
    world_.charge(self_, cost::kLockOp);
    world_.trace(self_, EventKind::lock_release, id.value);
    world_.visible(self_, VisibleOp{op_key(OpSpace::lock, id.value), true});
    world_.wake_all();
    return true;
}

// [SECTION] outside world

bool SimHost::read_line(std::string& out) {
    return self_.value == 0 && world_.sink && world_.sink->read_line(out);
}

void SimHost::write(Stream s, std::string_view text) {
    (s == Stream::out ? world_.result.out : world_.result.err).append(text);
    if (world_.sink) world_.sink->write(self_, s, text);
    world_.trace(self_, s == Stream::out ? EventKind::stdout_write : EventKind::stderr_write, 0,
                 0, text);
    world_.visible(self_, VisibleOp{op_key(OpSpace::output, 0), true});
}

// A fixed epoch keeps time.time() deterministic: 2024-01-01T00:00:00Z plus virtual time.
double SimHost::now_seconds() { return 1704067200.0 + monotonic_seconds(); }

double SimHost::monotonic_seconds() { return (double)world_.now(self_) / kTicksPerSecond; }

OpStatus SimHost::sleep(double seconds) {
    SimProcess& me = world_.proc(self_);
    if (me.wait_pending && me.wait.kind == Wait::sleep) {
        if (world_.now(self_) >= me.wait.deadline) {
            finish_wait();
            return OpStatus::done;
        }
        return OpStatus::blocked;
    }
    if (!(seconds > 0)) return OpStatus::done;
    return block_on(Wait::sleep, 0, seconds);
}

NestedWait SimHost::wait_nested() {
    return world_.wait_nested ? world_.wait_nested(self_) : NestedWait::unsupported;
}

void SimHost::thread_switch(uint32_t thread, std::string_view name) {
    world_.charge(self_, cost::kGilHandoff);
    world_.trace(self_, EventKind::thread_switch, thread, 0, name);
}

// A process whose threads all wait: blocked until the world changes (the scheduler counts
// every wake-up it acts on) or the timeout.
OpStatus SimHost::idle(std::optional<double> timeout_s) {
    SimProcess& me = world_.proc(self_);
    if (me.wait_pending && me.wait.kind == Wait::idle) {
        if (world_.changes != me.wait.object || timed_out()) {
            finish_wait();
            return OpStatus::done;
        }
        return OpStatus::blocked;
    }
    return block_on(Wait::idle, world_.changes, timeout_s);
}

}  // namespace forklab::sim
