// The simulator's world: everything the sim backend knows about a run, on one OS thread.
//
// Model (see also SimSession in exec/runners.h):
//   * K virtual cores, each with its own clock in ticks (1 tick = 1 bytecode instruction =
//     25 ns of virtual time; IPC, locks, process start and switches cost extra ticks: the
//     cost model is exec/sim_costs.h).
//   * A FIFO ready queue; an idle core takes the process at its head. A process keeps its core
//     for a quantum (kQuantum instructions) or until it blocks or exits, then goes to the back.
//   * The cores interleave at instruction granularity: each step picks, with the seeded PRNG,
//     one of the busy cores whose clock is at most kSkew ticks ahead of the slowest, and runs
//     its process for a burst of 1..8 instructions. Keeping the clocks close together makes
//     the trace's order of events (execution order) match their timestamps, and random bursts
//     make `c.value += 1` lose updates for some seeds, reproducibly. A run with a single
//     process (nothing to interleave) takes bursts of up to a quantum.
//   * Host calls inside a burst see the exact virtual time (Interp::instructions_executed()
//     counts live while run() executes). Bursts are never split across SimSession::advance()
//     calls, so slicing never changes a run.
//   * Blocking: a Host call that cannot proceed records what the process waits for (a lock, a
//     child, a deadline) and returns blocked. The scheduler re-checks those waits when a lock
//     is released, a process exits or time passes a deadline, and queues the process again;
//     the interpreter then repeats the call. Nothing runnable, nobody with a deadline: deadlock.
// The PRNG is xoshiro256** seeded by splitmix64 with our own range reduction, so native and
// wasm builds produce byte-identical output and traces for one seed.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exec/run.h"
#include "exec/sim_costs.h"
#include "exec/sim_schedule.h"
#include "lang/interp.h"
#include "runtime/sync_logic.h"
#include "trace/trace_recorder.h"

namespace forklab::sim {

constexpr uint64_t kQuantum = 2000;
constexpr uint64_t kSkew = 8;
constexpr uint64_t kMaxBurst = 8;
constexpr double kTicksPerSecond = cost::kTicksPerSecond;
constexpr uint64_t kNoDeadline = UINT64_MAX;

class Rng {
public:
    explicit Rng(uint64_t seed);
    uint64_t next();
    // Uniform enough in [0, n) for the small n used here; identical on every platform.
    // A power of two (2 cores, kMaxBurst) masks: the same value as %, without a division
    // in the scheduler's every step.
    uint64_t below(uint64_t n) {
        const uint64_t x = next();
        return (n & (n - 1)) == 0 ? x & (n - 1) : x % n;
    }
private:
    uint64_t s_[4];
};

enum class ProcState { ready, running, blocked, exited };

struct Wait {
    // conn_*: ConnId; queue_*, feeder: QueueId (sim_ipc.cpp). feeder: the process has ended
    // but may not exit until what it put on the queue has been read. idle: every thread of
    // the process waits (Host::idle); object holds World::changes when it began.
    enum Kind { none, lock, child, sleep, sync, conn_read, conn_write, conn_drain, queue_get,
                queue_put, queue_drain, feeder, idle } kind = none;
    uint32_t object = 0;              // LockId, ProcId, SyncId, ConnId or QueueId
    uint64_t deadline = kNoDeadline;  // sleep end, or timeout of a join/acquire/sync wait
    SyncOp op = SyncOp::wait;         // sync: the operation waiting, with its ticket
    SyncTicket ticket;
    uint64_t bytes = 0;               // conn_write, queue_put: size of the message waiting to go in
};

// Where a blocking sync_op is (sim_sync.cpp). A Condition.wait goes waiting -> reacquire:
// notified (or timed out), it takes its lock back, as many times as it held it.
enum class SyncPhase : uint8_t { none, waiting, reacquire };

class World;
struct SimProcess;

// sim_sync.cpp: whether a process blocked in a sync_op could go on now. What it waits for in
// words is sim_diagnosis.h's.
bool sync_wait_satisfied(const World& w, const Wait& wait);

class SimHost final : public Host {
public:
    SimHost(World& world, ProcId self) : world_(world), self_(self) {}
    ProcId self() const override { return self_; }
    int os_pid(ProcId p) const override { return 1000 + (int)p.value; }
    int os_ppid() const override;
    int cpu_count() const override;
    ProcId start_process(Interp& parent, const ChildSpec& child, std::string_view name,
                         bool daemon, int* os_error) override;
    OpStatus join_process(ProcId child, std::optional<double> timeout_s, bool* ended,
                          int* exitcode) override;
    bool poll_process(ProcId child, int* exitcode) override;
    void signal_process(ProcId child, int signal) override;
    SharedId shared_alloc(TypeCode t, size_t count, bool synchronized) override;
    OpStatus shared_load(SharedId id, size_t index, Scalar* out) override;
    OpStatus shared_store(SharedId id, size_t index, Scalar value) override;
    LockId shared_lock(SharedId id) override;
    int lock_held_by_self(LockId id) override;
    bool lock_is_held(LockId id) override;
    SyncId sync_create(SyncKind kind, int64_t value, int64_t limit) override;
    OpStatus sync_op(SyncId id, SyncOp op, int64_t arg, LockId lock,
                     std::optional<double> timeout_s, SyncResult* result) override;
    bool sync_step(SyncId id, SyncOp op, int64_t arg, SyncStepKind step, SyncTicket* ticket,
                   SyncResult* result) override;
    LockId lock_create(LockKind kind) override;
    OpStatus lock_acquire(LockId id, bool block, std::optional<double> timeout_s,
                          bool* acquired) override;
    bool lock_release(LockId id) override;
    void write(Stream s, std::string_view text) override;
    bool read_line(std::string& out) override;
    double now_seconds() override;
    double monotonic_seconds() override;
    OpStatus sleep(double seconds) override;
    // sim_ipc.cpp
    void pipe_create(bool duplex, ConnId* a, ConnId* b) override;
    OpStatus conn_send(ConnId c, std::string_view message, bool* peer_gone) override;
    OpStatus conn_recv(ConnId c, std::string* message, bool* eof) override;
    OpStatus conn_poll(ConnId c, std::optional<double> timeout_s, bool* ready) override;
    void conn_close(ConnId c) override;
    int conn_fileno(ConnId c) override;
    QueueId queue_create(size_t maxsize, bool simple) override;
    OpStatus queue_put(QueueId q, std::string_view item, bool block,
                       std::optional<double> timeout_s, bool* full) override;
    OpStatus queue_get(QueueId q, bool block, std::optional<double> timeout_s,
                       std::string* item, bool* empty) override;
    size_t queue_size(QueueId q) override;
    void queue_cancel_join(QueueId q) override;
    // threads of one process (Host::idle, Host::thread_switch)
    OpStatus idle(std::optional<double> timeout_s) override;
    NestedWait wait_nested() override;  // World::wait_nested (the scheduler)
    void thread_switch(uint32_t thread, std::string_view name) override;

private:
    // The pipe, queue and sync calls themselves (sim_ipc.cpp, sim_sync.cpp); the overrides
    // above (sim_visible.cpp) call them and report each completed one as a visible operation.
    OpStatus conn_send_now(ConnId c, std::string_view message, bool* peer_gone);
    OpStatus conn_recv_now(ConnId c, std::string* message, bool* eof);
    OpStatus conn_poll_now(ConnId c, std::optional<double> timeout_s, bool* ready);
    void conn_close_now(ConnId c);
    OpStatus queue_put_now(QueueId q, std::string_view item, bool block,
                           std::optional<double> timeout_s, bool* full);
    OpStatus queue_get_now(QueueId q, bool block, std::optional<double> timeout_s,
                           std::string* item, bool* empty);
    size_t queue_size_now(QueueId q);
    OpStatus sync_op_now(SyncId id, SyncOp op, int64_t arg, LockId lock,
                         std::optional<double> timeout_s, SyncResult* result);
    bool sync_step_now(SyncId id, SyncOp op, int64_t arg, SyncStepKind step, SyncTicket* ticket,
                       SyncResult* result);
    // A blocking call that could not proceed: remember what to wait for and report blocked.
    OpStatus block_on(Wait::Kind kind, uint32_t object, std::optional<double> timeout_s);
    bool timed_out() const;  // the pending wait's deadline has passed
    void finish_wait();
    OpStatus finish_sync(SyncId id, const SyncResult& r, SyncResult* result);
    bool take_lock(LockId id, uint32_t depth);  // false: someone else holds it
    World& world_;
    ProcId self_;
};

struct SimProcess {
    ProcId id;
    ProcId parent;
    std::string name;
    bool daemon = false;
    std::unique_ptr<SimHost> host;
    std::unique_ptr<Interp> interp;
    ProcState state = ProcState::ready;
    Wait wait;
    bool wait_pending = false;    // the Host call being repeated has already blocked once
    bool wait_traced = false;
    int exitcode = 0;
    uint64_t ready_since = 0;     // virtual time it joined the ready queue
    uint64_t charged = 0;         // extra ticks (sim_costs.h) charged in the current burst
    int core = -1;                // index of the core running it, -1 when none
    // A sync_op in progress (SyncPhase): the object, a condition's lock and how many times
    // it was held, and the outcome kept while the lock is re-acquired.
    SyncPhase sync_phase = SyncPhase::none;
    SyncId sync_id;
    LockId sync_lock;
    uint32_t sync_depth = 0;
    SyncResult sync_result;
};

struct SharedBlock {
    TypeCode type = TypeCode::i32;
    std::vector<Scalar> cells;
    LockId lock;  // 0 for raw blocks
};

struct SimLock {
    LockKind kind = LockKind::lock;
    bool held = false;
    ProcId owner;
    uint32_t count = 0;
};

// [SECTION] pipes and queues (sim_ipc.cpp)
// A message or queue item, with the flow id its send/put and recv/get trace events share.
struct SimMessage {
    std::string data;
    uint64_t flow = 0;
    ProcId from;
};
// One end of a pipe: the processes holding an open copy of it (ProcId order), and its inbox,
// what the other end sent that this end has not received yet.
struct SimPipeEnd {
    std::vector<uint32_t> holders;
    std::deque<SimMessage> inbox;
    size_t inbox_bytes = 0;
};
struct SimPipe {
    SimPipeEnd end[2];  // ConnId = 2 * index + end + 1
    bool duplex = true;
};
// CPython's Queue: items counted from put() to get(); each producer's feeder (its feeder
// thread) moves them, in order, into the pipe-sized shared buffer as room appears.
struct SimQueue {
    size_t maxsize = 0;
    bool simple = false;
    size_t items = 0;  // put and not yet got, feeders included (qsize)
    std::deque<SimMessage> buffer;
    size_t buffer_bytes = 0;
    std::vector<std::deque<SimMessage>> feeders;  // index = ProcId
    std::vector<uint32_t> cancelled;              // called cancel_join_thread()
};

// 64 bytes (a power of two and a cache line each): the scheduler walks the cores every step,
// and with 40-byte cores each w_.cores.size() was a multiplication (a call to __multi3 in wasm).
struct alignas(64) Core {
    uint64_t clock = 0;
    int proc = -1;               // index into World::procs, -1 idle
    uint64_t used = 0;           // instructions used of this quantum
    uint64_t burst_start_clock = 0;
    uint64_t burst_start_instr = 0;
    int last_proc = -1;          // the process it ran last (a change costs a context switch)
};

// Step mode (SimPolicy::steps): the step being taken, which may span several bursts (a
// burst ends at advance()'s budget; the step ends at its visible operation, block or exit).
struct OpenStep {
    bool open = false;
    uint32_t proc = 0;
    bool instructions = false;  // a counted step: `left` instructions
    uint64_t left = 0;
    uint64_t count = 0;         // `left` at the start
    uint32_t own_ops = 0;       // visible operations the process itself completed in it
    uint32_t thread = kAnyThread;  // a thread step: the pinned thread (sim_schedule.h)
    uint32_t threads_started = 0;  // the process's Interp::threads_started() at its start
    bool stop_at_thread_start = false;  // ScheduleStep::stop_at_thread_start
    uint64_t start_instructions = 0;  // the process's Interp::instructions_executed() at its start
    StepRecord record;
};

class World {
public:
    World(const RunRequest& request, OutputSink* sink);

    // --- used by SimHost -------------------------------------------------------------
    uint64_t now(ProcId p) const;  // the process's virtual time, inside its current burst
    void trace(ProcId p, EventKind kind, uint32_t object = 0, int64_t value = 0,
               std::string_view text = {});
    void trace_at(uint64_t time, ProcId p, EventKind kind, uint32_t object = 0,
                  int64_t value = 0, std::string_view text = {});
    // A shared read or write of cell `index` of block `block` (TraceEvent::cell).
    void trace_shared(ProcId p, EventKind kind, uint32_t block, size_t index, int64_t value);
    SimProcess& proc(ProcId p) { return *procs[p.value]; }
    void wake_all() { wake_dirty = true; }
    // Extra virtual time for an operation of the running process (exec/sim_costs.h).
    void charge(ProcId p, uint64_t ticks) { procs[p.value]->charged += ticks; }
    void abort_run(Diagnostic d);
    // sim_ipc.cpp: a started child inherits its parent's open pipe ends; an exit drops them
    // (and, for a killed process, the items in its feeders).
    void inherit_ipc(ProcId parent, ProcId child);
    void release_ipc(ProcId p);
    // The queue whose feeder keeps `p` from exiting (unflushed items, no cancel_join_thread), or 0.
    uint32_t feeder_blocking_exit(ProcId p) const;
    bool ipc_wait_satisfied(const SimProcess& p) const;
    // A visible operation (sim_schedule.h) just completed. `own`: `actor` did it itself in
    // its burst (every Host call, its own exit), as opposed to an effect of someone else's
    // step (a daemon child ended by its parent's exit). Records the schedule; in step mode
    // it ends the step after the current instruction.
    void visible(ProcId actor, VisibleOp op, bool own = true);
    bool step_mode() const { return request.sim.policy == SimPolicy::steps; }
    // What a visible operation of the step's process returned to it (StepRecord::observed).
    void observe(uint64_t v) {
        if (step.open && request.sim.record_steps)
            step.record.observed = (step.record.observed ^ v) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
    }
    static uint64_t observation(std::string_view bytes) {
        uint64_t h = 0xcbf29ce484222325ull;
        for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ull;
        return h;
    }

    // --- state ---------------------------------------------------------------------------
    RunRequest request;
    OutputSink* sink;
    Rng rng;
    int cores_n;
    uint64_t max_instructions, max_trace_events;
    uint64_t max_ticks;  // RunLimits::max_virtual_seconds in ticks
    EventBudget budget;  // the trace cap, as the other backends apply it
    uint32_t max_processes;
    std::vector<std::unique_ptr<SimProcess>> procs;
    std::vector<SharedBlock> shared;  // index = SharedId - 1
    std::vector<SimLock> locks;       // index = LockId - 1
    std::vector<SyncState> syncs;     // index = SyncId - 1
    std::vector<SimPipe> pipes;       // ConnId (see SimPipe)
    std::vector<SimQueue> queues;     // index = QueueId - 1
    uint64_t next_flow = 1;
    std::vector<Core> cores;
    std::deque<int> ready;
    bool wake_dirty = false;
    uint32_t changes = 0;  // how many times wake_dirty was acted on (Host::idle waits for a change)
    bool aborted = false;
    bool finished = false;
    // The scheduler's nested wait (Host::wait_nested): runs the other processes while `p`'s
    // burst is suspended inside a nested call (sim_session.cpp).
    std::function<NestedWait(ProcId p)> wait_nested;
    uint64_t last_event_time = 0;
    uint64_t instructions = 0;
    RunResult result;
    // The order of visible operations so far (RunResult::schedule), and in step mode the
    // plan being replayed, where it is, the step being taken and the records of past steps.
    std::vector<ScheduleStep> schedule;
    std::vector<ScheduleStep> plan;
    size_t plan_pos = 0;
    uint64_t plan_used = 0;     // of plan[plan_pos]
    uint64_t quantum = kQuantum;
    OpenStep step;
    std::vector<StepRecord> steps;
    uint64_t step_clock = 0;    // step mode: one global clock, the latest any process reached
    uint32_t last_step_proc = 0;
};

}  // namespace forklab::sim
