// The rules of multiprocessing's synchronisation objects, once for every backend.
//
// Semaphore, BoundedSemaphore, Event, Condition (its notification tickets), Barrier and
// JoinableQueue's count of unfinished tasks are each one SyncState: plain data with no
// pointers, so the fork backend can keep it in shared memory and sim/threads in a vector.
// A backend only stores the state where every process reaches it, guards it with its own
// mutex (or none on sim), waits and wakes; what an operation means lives here.
//
// An operation is begun once (sync_begin), which may change the state (an arrival at a
// barrier, a condition ticket) and reports whether it is already complete. If not, the caller
// waits and re-checks with sync_poll (same ticket) after every change of the state, until
// ready or its timeout passes; then sync_cancel undoes what begin registered (a barrier
// breaks, as in CPython). So a sim re-run of a blocked call must poll, never begin again.
//
// Condition.wait(lock) is the backend's job around these rules: begin takes a ticket, the
// backend releases `lock` completely (all RLock levels), polls until notified or timed out,
// then re-acquires the lock the same number of times.
#pragma once
#include <cstdint>

namespace forklab {

enum class SyncKind : uint8_t { semaphore, event, condition, barrier, counter };

#define FORKLAB_SYNC_OPS(X)                                                           \
    X(acquire)     /* semaphore: take one (blocks at 0)                            */ \
    X(release)     /* semaphore: give one back (bounded: error beyond the start);  */ \
                   /* barrier: the action ran, release the round                   */ \
    X(get_value)   /* semaphore: the count; counter: unfinished tasks               */ \
    X(set)         /* event                                                         */ \
    X(clear)       /* event                                                         */ \
    X(is_set)      /* event                                                         */ \
    X(wait)        /* event: until set; condition: until notified; barrier: arrive  */ \
    X(notify)      /* condition: wake `arg` waiters                                 */ \
    X(notify_all)  /* condition                                                     */ \
    X(abort)       /* barrier: break it                                             */ \
    X(reset)       /* barrier: back to empty (waiters get BrokenBarrierError)       */ \
    X(n_waiting)   /* barrier; condition: waiters not yet notified                  */ \
    X(broken)      /* barrier                                                       */ \
    X(add)         /* counter: `arg` more unfinished tasks (JoinableQueue.put)      */ \
    X(done)        /* counter: one finished (task_done)                              */ \
    X(join)        /* counter: until no unfinished task is left                     */

enum class SyncOp : uint8_t {
#define X(name) name,
    FORKLAB_SYNC_OPS(X)
#undef X
};
const char* sync_op_name(SyncOp op);

enum class SyncError : uint8_t {
    none,
    too_many_releases,  // BoundedSemaphore: ValueError("semaphore or lock released too many times")
    broken_barrier,     // threading.BrokenBarrierError
    too_many_done,      // JoinableQueue: ValueError("task_done() called too many times")
    wrong_kind,         // an operation the object does not have (a bug in the caller)
};

struct SyncState {
    SyncKind kind = SyncKind::semaphore;
    bool flag = false;        // event: set; barrier: broken
    int64_t value = 0;        // semaphore count; counter: unfinished tasks; barrier: arrived
    int64_t limit = -1;       // bounded semaphore: the most `value` may reach; barrier: parties
    // Barrier with an action (sync_make's limit 1): the last arrival of a round gets its index
    // at once and runs the action while the others still wait, as in threading.Barrier; then
    // it sends SyncOp::release (or SyncOp::abort when the action raised). Meanwhile
    // `releasing` holds, and new arrivals count towards the following rounds: `value` counts
    // every arrival since the current round began, so arrival k waits in round
    // generation + k / parties with index k % parties.
    bool has_action = false;
    bool releasing = false;
    uint64_t generation = 0;  // barrier: rounds ended (completed, broken or reset);
                              // event: times it went from clear to set
    // Barrier: bit (round % 64) is set when that round ended broken (abort, a timeout, reset
    // with waiters). A waiter reads its round's outcome here, however late it looks, as long
    // as fewer than 64 rounds have ended since (more would take 64 rounds without it).
    uint64_t broken_rounds = 0;
    uint64_t next_ticket = 0; // condition: tickets handed to waiters so far
    uint64_t notified = 0;    // condition: tickets below this one have been notified
    // Condition: bit i set when ticket notified+i gave up (timed out) before being notified;
    // notify skips those, as CPython's notify discounts waiters that timed out.
    uint64_t cancelled = 0;
};

// What a waiting operation remembers between begin and poll (kept by the caller).
struct SyncTicket {
    // Condition ticket, the barrier round arrived in, or the event's generation at the start:
    // a set() after the start releases the waiter even when a clear() follows before it
    // looks again (threading.Event's rule, and one of multiprocessing's possible outcomes).
    uint64_t id = 0;
    int64_t index = 0;    // barrier: arrival index (the value wait() returns)
};

struct SyncResult {
    bool ok = false;      // acquired / the event was set / notified (false: timed out)
    int64_t value = 0;    // get_value, n_waiting, broken, barrier index
    SyncError error = SyncError::none;
};

struct SyncStep {
    bool ready = false;    // complete: `result` holds the outcome
    bool changed = false;  // the state changed: the backend must wake its waiters
    SyncResult result;
};

// Barrier: value = parties, limit = 1 when it has an action (see SyncState::releasing).
SyncState sync_make(SyncKind kind, int64_t value, int64_t limit);
SyncStep sync_begin(SyncState& s, SyncOp op, int64_t arg, SyncTicket* ticket);
SyncStep sync_poll(SyncState& s, SyncOp op, const SyncTicket& ticket);
// The wait timed out: undo what begin registered. Returns the final result (ok false, or the
// barrier's BrokenBarrierError) and whether the state changed.
SyncStep sync_cancel(SyncState& s, SyncOp op, const SyncTicket& ticket);
// Operations that can never block (everything but acquire, wait and join).
bool sync_never_blocks(SyncOp op);

}  // namespace forklab
