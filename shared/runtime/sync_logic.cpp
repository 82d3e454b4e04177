// See sync_logic.h. CPython's sources are the reference for each rule: threading.Barrier
// (generations, breaking on timeout, reset), multiprocessing.synchronize (bounded semaphore,
// Condition built on counted wake-ups) and multiprocessing.queues.JoinableQueue.
#include "runtime/sync_logic.h"

#include <bit>

namespace forklab {

const char* sync_op_name(SyncOp op) {
    switch (op) {
#define X(name) case SyncOp::name: return #name;
        FORKLAB_SYNC_OPS(X)
#undef X
    }
    return "?";
}

SyncState sync_make(SyncKind kind, int64_t value, int64_t limit) {
    SyncState s;
    s.kind = kind;
    s.value = kind == SyncKind::barrier ? 0 : value;
    s.limit = kind == SyncKind::barrier ? (value < 1 ? 1 : value) : limit;
    s.has_action = kind == SyncKind::barrier && limit == 1;
    return s;
}

bool sync_never_blocks(SyncOp op) {
    return op != SyncOp::acquire && op != SyncOp::wait && op != SyncOp::join;
}

namespace {

SyncStep done(bool ok, int64_t value = 0, bool changed = false) {
    SyncStep st;
    st.ready = true;
    st.changed = changed;
    st.result.ok = ok;
    st.result.value = value;
    return st;
}
SyncStep failed(SyncError e, bool changed = false) {
    SyncStep st;
    st.ready = true;
    st.changed = changed;
    st.result.error = e;
    return st;
}
SyncStep waiting(bool changed = false) {
    SyncStep st;
    st.changed = changed;
    return st;
}

uint64_t round_bit(uint64_t round) { return uint64_t(1) << (round % 64); }

// A barrier round ends: everyone who arrived in it is released, or broken. Arrivals for the
// following rounds (while an action ran) stay counted.
void end_round(SyncState& s, bool broken) {
    if (broken) s.broken_rounds |= round_bit(s.generation);
    else s.broken_rounds &= ~round_bit(s.generation);
    s.generation++;
    s.value = s.value > s.limit ? s.value - s.limit : 0;
    s.releasing = false;
}

// Every round with arrivals ends broken (those queued behind a running action too).
void break_all_rounds(SyncState& s) {
    do end_round(s, true);
    while (s.value > 0);
}

// CPython's _break(): the waiters get BrokenBarrierError, and so does every later wait()
// until reset().
void break_barrier(SyncState& s) {
    s.flag = true;
    break_all_rounds(s);
}

// The round is full: without an action it is over at once; with one, its last arrival runs
// the action first.
SyncStep round_full(SyncState& s, int64_t index) {
    if (s.has_action) {
        s.releasing = true;
        return done(true, index, true);
    }
    end_round(s, false);
    return done(true, index, true);
}

// Moves the notified mark past one ticket (and the mask of cancelled tickets with it).
void pass_ticket(SyncState& s) {
    s.notified++;
    s.cancelled >>= 1;
}

}  // namespace

SyncStep sync_begin(SyncState& s, SyncOp op, int64_t arg, SyncTicket* t) {
    switch (s.kind) {
        case SyncKind::semaphore:
            if (op == SyncOp::acquire) return sync_poll(s, op, *t);
            if (op == SyncOp::release) {
                if (s.limit >= 0 && s.value >= s.limit) return failed(SyncError::too_many_releases);
                s.value++;
                return done(true, s.value, true);
            }
            if (op == SyncOp::get_value) return done(true, s.value);
            break;
        case SyncKind::event:
            if (op == SyncOp::set) {
                const bool changed = !s.flag;
                if (changed) s.generation++;
                s.flag = true;
                return done(true, 1, changed);
            }
            if (op == SyncOp::clear) {
                s.flag = false;
                return done(true);
            }
            if (op == SyncOp::is_set) return done(s.flag, s.flag);
            if (op == SyncOp::wait) {
                t->id = s.generation;
                return sync_poll(s, op, *t);
            }
            break;
        case SyncKind::condition:
            if (op == SyncOp::wait) {
                t->id = s.next_ticket++;
                return waiting(true);
            }
            if (op == SyncOp::notify || op == SyncOp::notify_all) {
                // Tickets are woken oldest first; those that timed out are skipped, not counted.
                const uint64_t n = op == SyncOp::notify_all ? UINT64_MAX : arg < 0 ? 0 : (uint64_t)arg;
                uint64_t woken = 0;
                while (woken < n && s.notified < s.next_ticket) {
                    if (!(s.cancelled & 1)) woken++;
                    pass_ticket(s);
                }
                // Trailing cancelled tickets need no notify: drop them too.
                while (s.notified < s.next_ticket && (s.cancelled & 1)) pass_ticket(s);
                return done(true, (int64_t)woken, woken > 0);
            }
            if (op == SyncOp::n_waiting) {  // tickets not yet notified, less those that gave up
                const uint64_t pending = s.next_ticket - s.notified;
                return done(true, (int64_t)(pending - (uint64_t)std::popcount(s.cancelled)));
            }
            break;
        case SyncKind::barrier:
            if (op == SyncOp::wait) {
                if (s.flag) return failed(SyncError::broken_barrier);
                const int64_t k = s.value++;
                t->id = s.generation + uint64_t(k / s.limit);
                t->index = k % s.limit;
                if (!s.releasing && k + 1 == s.limit) return round_full(s, t->index);
                return waiting(true);
            }
            if (op == SyncOp::release) {  // the last arrival's action is done
                if (!s.releasing) return done(true);  // broken or reset meanwhile
                end_round(s, false);
                return done(true, 0, true);
            }
            if (op == SyncOp::abort) {
                if (s.flag) return done(true);
                break_barrier(s);
                return done(true, 0, true);
            }
            if (op == SyncOp::reset) {
                // Waiters get BrokenBarrierError; the barrier itself is whole again.
                if (s.value > 0) break_all_rounds(s);
                s.releasing = false;
                s.flag = false;
                return done(true, 0, true);
            }
            if (op == SyncOp::n_waiting) return done(true, s.releasing ? s.value - s.limit : s.value);
            if (op == SyncOp::broken) return done(s.flag, s.flag);
            break;
        case SyncKind::counter:
            if (op == SyncOp::add) {
                s.value += arg;
                return done(true, s.value);
            }
            if (op == SyncOp::done) {
                if (s.value <= 0) return failed(SyncError::too_many_done);
                s.value--;
                return done(true, s.value, s.value == 0);
            }
            if (op == SyncOp::get_value) return done(true, s.value);
            if (op == SyncOp::join) return sync_poll(s, op, *t);
            break;
    }
    return failed(SyncError::wrong_kind);
}

SyncStep sync_poll(SyncState& s, SyncOp op, const SyncTicket& t) {
    switch (s.kind) {
        case SyncKind::semaphore:
            if (op != SyncOp::acquire) break;
            if (s.value > 0) {
                s.value--;
                return done(true, s.value, true);
            }
            return waiting();
        case SyncKind::event:
            if (op != SyncOp::wait) break;
            return s.flag || s.generation != t.id ? done(true, 1) : waiting();
        case SyncKind::condition:
            if (op != SyncOp::wait) break;
            return t.id < s.notified ? done(true) : waiting();
        case SyncKind::barrier:
            if (op != SyncOp::wait) break;
            if (t.id > s.generation) return waiting();  // queued behind a round's action
            if (s.generation == t.id) {
                // A round that filled up while the previous one's action ran: its last
                // arrival becomes the one that runs the action.
                if (!s.releasing && s.value >= s.limit && t.index == s.limit - 1) return round_full(s, t.index);
                return waiting();
            }
            if (s.broken_rounds & round_bit(t.id)) return failed(SyncError::broken_barrier);
            return done(true, t.index);
        case SyncKind::counter:
            if (op != SyncOp::join) break;
            return s.value == 0 ? done(true) : waiting();
    }
    return failed(SyncError::wrong_kind);
}

SyncStep sync_cancel(SyncState& s, SyncOp op, const SyncTicket& t) {
    if (s.kind == SyncKind::barrier && op == SyncOp::wait) {
        // CPython: a wait that times out breaks the barrier for everyone. A round that ended
        // meanwhile keeps its outcome.
        // While the action runs the round is as good as released (in CPython the waiter
        // would find it released once it got the condition's lock back).
        if (s.generation == t.id && s.releasing) return done(true, t.index);
        if (s.generation <= t.id) {
            break_barrier(s);
            return failed(SyncError::broken_barrier, true);
        }
        return sync_poll(s, op, t);
    }
    if (s.kind == SyncKind::condition && op == SyncOp::wait) {
        if (t.id < s.notified) return done(true);  // notified before it gave up: not lost
        if (t.id + 1 == s.next_ticket) {
            s.next_ticket--;  // the newest ticket is simply handed back
        } else if (t.id - s.notified < 64) {
            s.cancelled |= uint64_t(1) << (t.id - s.notified);
        }
        // (A ticket 64 or more behind the oldest waiter stays and absorbs one notify.)
        return done(false);
    }
    if ((s.kind == SyncKind::event || s.kind == SyncKind::counter || s.kind == SyncKind::semaphore)) {
        SyncStep last = sync_poll(s, op, t);  // ready at the last moment: take it
        if (last.ready) return last;
    }
    return done(false);
}

}  // namespace forklab
