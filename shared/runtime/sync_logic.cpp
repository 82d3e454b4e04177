// See sync_logic.h. CPython's sources are the reference for each rule: threading.Barrier
// (generations, breaking on timeout, reset), multiprocessing.synchronize (bounded semaphore,
// Condition built on counted wake-ups) and multiprocessing.queues.JoinableQueue.
#include "runtime/sync_logic.h"

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
    s.limit = kind == SyncKind::barrier ? value : limit;
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

// A barrier round ends: everyone who arrived in `round` is released (or broken).
void next_round(SyncState& s) {
    s.generation++;
    s.value = 0;
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
                s.flag = true;
                return done(true, 1, changed);
            }
            if (op == SyncOp::clear) {
                s.flag = false;
                return done(true);
            }
            if (op == SyncOp::is_set) return done(s.flag, s.flag);
            if (op == SyncOp::wait) return sync_poll(s, op, *t);
            break;
        case SyncKind::condition:
            if (op == SyncOp::wait) {
                t->id = s.next_ticket++;
                return waiting(true);
            }
            if (op == SyncOp::notify || op == SyncOp::notify_all) {
                const uint64_t pending = s.next_ticket - s.notified;
                const uint64_t n = op == SyncOp::notify_all ? pending
                                   : arg < 0               ? 0
                                                           : (uint64_t)arg;
                const uint64_t woken = n < pending ? n : pending;
                s.notified += woken;
                return done(true, (int64_t)woken, woken > 0);
            }
            break;
        case SyncKind::barrier:
            if (op == SyncOp::wait) {
                if (s.flag) return failed(SyncError::broken_barrier);
                t->id = s.generation;
                t->index = s.value++;
                if (s.value >= s.limit) {
                    next_round(s);
                    return done(true, t->index, true);
                }
                return waiting(true);
            }
            if (op == SyncOp::abort) {
                if (s.flag) return done(true);
                s.flag = true;
                s.broken_generation = s.generation;
                next_round(s);
                return done(true, 0, true);
            }
            if (op == SyncOp::reset) {
                if (s.value > 0) s.broken_generation = s.generation;
                next_round(s);
                s.flag = false;
                return done(true, 0, true);
            }
            if (op == SyncOp::n_waiting) return done(true, s.value);
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
            return s.flag ? done(true, 1) : waiting();
        case SyncKind::condition:
            if (op != SyncOp::wait) break;
            return t.id < s.notified ? done(true) : waiting();
        case SyncKind::barrier:
            if (op != SyncOp::wait) break;
            if (s.generation == t.id) return waiting();
            if (t.id == s.broken_generation) return failed(SyncError::broken_barrier);
            return done(true, t.index);
        case SyncKind::counter:
            if (op != SyncOp::join) break;
            return s.value == 0 ? done(true) : waiting();
    }
    return failed(SyncError::wrong_kind);
}

SyncStep sync_cancel(SyncState& s, SyncOp op, const SyncTicket& t) {
    if (s.kind == SyncKind::barrier && op == SyncOp::wait) {
        // CPython: a wait that times out breaks the barrier for everyone.
        if (s.generation == t.id) {
            s.flag = true;
            s.broken_generation = s.generation;
            next_round(s);
        }
        return failed(SyncError::broken_barrier, true);
    }
    if (s.kind == SyncKind::condition && op == SyncOp::wait && t.id >= s.notified) {
        // Give the ticket back when it is the newest one; an older unnotified ticket stays
        // and absorbs one later notify(), which CPython's counted wake-ups also allow.
        if (t.id + 1 == s.next_ticket) s.next_ticket--;
    }
    return done(false);
}

}  // namespace forklab
