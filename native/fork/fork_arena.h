// The fork backend's shared arena, cleanup on signals and children's trace files.
//
// ForkArena lives in one MAP_SHARED|MAP_ANONYMOUS mapping made before the first fork(), so
// every scenario process sees the same process table, shared-memory cells (std::atomic<
// uint64_t>, lock-free, hence usable across processes), locks, synchronisation states and
// queue rings (futex words: arena_futex.h). Ids are handed out by atomic counters in the
// arena, so children can start grandchildren. The mapping is large but MAP_NORESERVE: only
// the pages a run touches cost memory. A child leaves its trace events and captured output in
// <run dir>/<ProcId>.trace (magic "FLTRACE1", then counts and raw data) for the parent.
#pragma once
#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "exec/run.h"
#include "fork/arena_futex.h"
#include "fork/pipe_ring.h"
#include "runtime/sync_logic.h"
#include "trace/trace_recorder.h"

namespace forklab::forkrt {

using Clock = std::chrono::steady_clock;

// [SECTION] arena

constexpr size_t kArenaBytes = size_t(1) << 30;
constexpr uint32_t kMaxProcs = 4096;  // slots; RunLimits::max_processes caps a run
constexpr uint32_t kMaxBlocks = 4096;
constexpr uint32_t kMaxLocks = 4096;
constexpr uint32_t kMaxSyncs = 4096;
constexpr uint32_t kMaxQueues = 256;
// A queue's ring: kPipeBufferBytes of items count as "full" (host.h), but one item larger
// than that still fits when the ring is empty, up to kQueueRingBytes; a bigger one travels
// in a file of the run directory (fork_queue.cpp).
constexpr uint64_t kQueueRingBytes = 4u << 20;
constexpr int kExited = 2;

struct ProcSlot {
    std::atomic<int> pid{0};
    std::atomic<int> state{0};  // 0 unused, 1 started, 2 exited (exitcode valid)
    std::atomic<int> wrote_file{0};  // 1 once the child wrote <tmpdir>/<id>.trace (most write none)
    int exitcode = 0;
    uint32_t parent = 0;
    int daemon = 0;
    char name[48] = {};
};

struct BlockSlot {
    char type = 'i';
    uint32_t count = 0;
    uint32_t lock = 0;
    uint64_t offset = 0;
};

// multiprocessing.Lock / RLock: a futex word (0 free, 1 held) that any process may release.
// A holder that dies keeps it held, as CPython's semaphore-based lock does.
struct LockSlot {
    std::atomic<uint32_t> word{0};
    std::atomic<uint32_t> sleepers{0};
    int kind = 0;                     // LockKind
    std::atomic<uint32_t> owner{0};   // ProcId + 1 of the holder, 0 = none
    uint32_t count = 0;               // RLock recursion depth (touched only by the owner)
};

// Semaphore, Event, Condition, Barrier, JoinableQueue counter (runtime/sync_logic.h).
struct SyncSlot {
    ArenaMutex mutex;
    ArenaSignal changed;
    SyncState state;
};

// One Queue: a byte ring of [u32 size][u64 flow id][item] records (fork_queue.cpp).
//
// Putters take `wlock`, so that one record is one unit when several processes put; getters
// take `rlock`. Between the two sides the ring is single-producer single-consumer: a putter
// publishes a record by moving `tail` once it is written, a getter frees one by moving `head`
// once it is read. Each side's fields sit on a cache line of their own, and each side keeps
// the other's position as it last saw it, reading the real one again only when the ring
// looks full (empty); so a put and a get mostly touch their own line and the records, and the
// two processes do not pass one lock's line back and forth for every item.
struct QueueSlot {
    // Putters' side: only putters touch this line.
    alignas(64) ArenaMutex wlock;
    uint64_t head_seen = 0;         // a head read earlier: the room is at least what it leaves
    std::atomic<uint64_t> puts{0};  // items accepted by put(), those still in feeders included
    // Written by putters, read by getters (on a line apart, so a getter that looks at the
    // tail takes no line a putter's lock needs).
    alignas(64) std::atomic<uint64_t> tail{0};  // byte positions count up for ever (mod kQueueRingBytes)
    // Getters' side: only getters touch this line.
    alignas(64) ArenaMutex rlock;
    uint64_t tail_seen = 0;         // a tail read earlier: at least this much is readable
    std::atomic<uint64_t> gets{0};  // items got; puts - gets is CPython's qsize() and maxsize count
    // Written by getters, read by putters.
    alignas(64) std::atomic<uint64_t> head{0};
    // Sleepers. A side that moved its position wakes the other only when someone sleeps
    // (arena_futex.h, ring_sleep / ring_wake_if_sleepers), so these lines stay shared and
    // quiet while nobody waits.
    alignas(64) ArenaSignal items;  // getters sleep here; a put wakes one
    alignas(64) ArenaSignal changed;  // an item was got: a blocked put (maxsize, SimpleQueue) may go on
    // A process whose feeder waits for room at its exit sleeps here, saying the head it waits
    // for in `room_want` (the lowest of the sleepers'; no sleeper: UINT64_MAX), so a get wakes
    // it once per half buffer of records rather than once per item.
    ArenaSignal room;
    std::atomic<uint64_t> room_want{UINT64_MAX};
    // Set at creation.
    alignas(64) uint64_t offset = 0;  // the ring, in ForkArena::data
    uint64_t maxsize = 0;
    uint32_t simple = 0;
    std::atomic<uint32_t> big_items{0};  // names of the files of oversized items
};
struct ForkArena {
    std::atomic<uint32_t> next_proc{1};
    std::atomic<uint32_t> next_block{0};
    std::atomic<uint32_t> next_lock{0};
    std::atomic<uint32_t> next_sync{0};
    std::atomic<uint32_t> next_queue{0};
    std::atomic<uint32_t> next_conn{0};
    std::atomic<uint32_t> next_pipe_ring{0};
    // Bumped whenever a Pipe end is closed or a process exits or is reaped: a sender (and a
    // reader finding its ring empty) asks the kernel whether the peer's socket is gone only
    // when this moved since it last asked (fork_pipe.cpp).
    std::atomic<uint32_t> conn_epoch{0};
    std::atomic<uint64_t> bump{0};
    std::atomic<uint64_t> instructions{0};
    std::atomic<uint64_t> forks{0};  // for FORKLAB_FAIL_FORK (fork_backend.cpp)
    std::atomic<int> limit_hit{0};  // 1 instructions, 2 processes, 3 arena full, 4 fork failed
    uint32_t max_procs = 64;
    EventBudget budget;
    ProcSlot procs[kMaxProcs];
    BlockSlot blocks[kMaxBlocks];
    LockSlot locks[kMaxLocks];
    SyncSlot syncs[kMaxSyncs];
    QueueSlot queues[kMaxQueues];
    PipeRing pipe_rings[kMaxPipeRings];
    ArenaMutex free_rings_lock;  // rings no end uses any more (fork_pipe.cpp)
    uint32_t free_ring_count = 0;
    uint32_t free_rings[kMaxPipeRings];
    alignas(64) unsigned char data[1];  // the rest of the mapping

    size_t data_capacity() const { return kArenaBytes - offsetof(ForkArena, data); }
    std::atomic<uint64_t>* cells(const BlockSlot& b) {
        return reinterpret_cast<std::atomic<uint64_t>*>(data + b.offset);
    }
};
static_assert(sizeof(ForkArena) < (16u << 20), "arena header too large");

// Bytes from the arena's data area (64-byte aligned); false when the arena is full.
bool arena_reserve(ForkArena& a, uint64_t bytes, uint64_t* offset);

// Per-run state every process inherits (read-only after the start, except in the parent).
struct ForkRun {
    ForkArena* arena = nullptr;
    std::string dir;  // temporary directory for children's trace files
    RunRequest request;
    Clock::time_point start;
    Clock::time_point wall_deadline;
    uint64_t max_instructions = 0;
    pid_t main_pid = 0;
    // Waiters poll for kSpinBeforeSleep before sleeping only when the machine has idle cores
    // (load average below cores - 1 at the start): spinning on a busy machine steals the CPU
    // from the very process it waits for.
    bool spin = false;
};
extern ForkRun* g_run;  // the run in progress (one at a time per OS process)

// [SECTION] cleanup

// Tells the signal handler and kill_all_children() what to clean up (no allocation later).
void set_cleanup_target(ForkArena* arena, const std::string& dir, pid_t main_pid);
void clear_cleanup_target();

// Kills every scenario process still alive: SIGTERM, then SIGKILL after `grace_ms`. Reaps
// MainProcess's own children by pid (never waitpid(-1): the host program may have others).
// Async-signal-safe: it also runs inside the signal handler.
void kill_all_children(int grace_ms);
// Removes the children's files, the oversized queue items and the run directory
// (async-signal-safe).
void remove_run_dir();
// <run dir>/q<queue>-<n>.item: the file of a queue's n-th oversized item (buf: 600 bytes).
void big_item_path(char* buf, size_t cap, uint32_t queue, uint32_t n);

// Installs the SIGINT/SIGTERM handler for the duration of a run: kill every child (SIGTERM,
// then SIGKILL after 200 ms), reap, remove the run directory, _exit(128 + signal). A signal
// the caller ignores (nohup, a background job) stays ignored. SIGPIPE is ignored meanwhile
// (Pipe writes report EPIPE instead).
struct SignalGuard {
    SignalGuard();
    ~SignalGuard();
    SignalGuard(const SignalGuard&) = delete;
    SignalGuard& operator=(const SignalGuard&) = delete;
    struct sigaction old_int {};
    struct sigaction old_term {};
    struct sigaction old_pipe {};
};

// [SECTION] trace files

struct ChildFile {
    bool ok = false;
    std::vector<TraceEvent> events;
    std::vector<std::string> strings;
    std::string out, err;
};

bool write_all(int fd, const char* p, size_t n);
// Written to a .tmp name and renamed, so a reader never sees half a file.
void write_child_file(ProcId id, const TraceRecorder& rec, const std::string& out,
                      const std::string& err);
ChildFile read_child_file(ProcId id);

}  // namespace forklab::forkrt
