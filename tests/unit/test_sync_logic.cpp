// The portable rules of Semaphore, BoundedSemaphore, Event, Condition, Barrier and
// JoinableQueue's counter (runtime/sync_logic.h), one rule per case, as CPython 3.11 has them.
#include <doctest/doctest.h>

#include <string>

#include "runtime/sync_logic.h"

using namespace forklab;

namespace {

SyncStep begin(SyncState& s, SyncOp op, SyncTicket& t, int64_t arg = 0) { return sync_begin(s, op, arg, &t); }

}  // namespace

TEST_CASE("semaphore: acquire takes one, blocks at zero, release wakes") {
    SyncState s = sync_make(SyncKind::semaphore, 1, -1);
    SyncTicket a, b;
    SyncStep st = begin(s, SyncOp::acquire, a);
    CHECK(st.ready);
    CHECK(st.result.ok);
    CHECK(s.value == 0);
    st = begin(s, SyncOp::acquire, b);
    CHECK_FALSE(st.ready);
    CHECK_FALSE(sync_poll(s, SyncOp::acquire, b).ready);
    st = begin(s, SyncOp::release, a);
    CHECK(st.changed);
    CHECK(s.value == 1);
    st = sync_poll(s, SyncOp::acquire, b);
    CHECK(st.ready);
    CHECK(st.result.ok);
    CHECK(s.value == 0);
    CHECK(begin(s, SyncOp::get_value, a).result.value == 0);
}

TEST_CASE("semaphore: a timed-out acquire gives up with ok false and changes nothing") {
    SyncState s = sync_make(SyncKind::semaphore, 0, -1);
    SyncTicket t;
    CHECK_FALSE(begin(s, SyncOp::acquire, t).ready);
    SyncStep st = sync_cancel(s, SyncOp::acquire, t);
    CHECK(st.ready);
    CHECK_FALSE(st.result.ok);
    CHECK(st.result.error == SyncError::none);
    CHECK(s.value == 0);
}

TEST_CASE("semaphore: an unbounded one may be released past its start value") {
    SyncState s = sync_make(SyncKind::semaphore, 0, -1);
    SyncTicket t;
    for (int i = 0; i < 3; ++i) CHECK(begin(s, SyncOp::release, t).result.error == SyncError::none);
    CHECK(begin(s, SyncOp::get_value, t).result.value == 3);
}

TEST_CASE("bounded semaphore: release beyond the start value is an error and changes nothing") {
    SyncState s = sync_make(SyncKind::semaphore, 2, 2);
    SyncTicket t;
    SyncStep st = begin(s, SyncOp::release, t);
    CHECK(st.result.error == SyncError::too_many_releases);
    CHECK_FALSE(st.changed);
    CHECK(s.value == 2);
    CHECK(begin(s, SyncOp::acquire, t).result.ok);
    CHECK(begin(s, SyncOp::release, t).result.error == SyncError::none);
    CHECK(begin(s, SyncOp::release, t).result.error == SyncError::too_many_releases);
}

TEST_CASE("event: wait returns at once when set, blocks when clear; set wakes, clear does not") {
    SyncState s = sync_make(SyncKind::event, 0, -1);
    SyncTicket t;
    CHECK_FALSE(begin(s, SyncOp::is_set, t).result.ok);
    CHECK_FALSE(begin(s, SyncOp::wait, t).ready);
    SyncStep st = begin(s, SyncOp::set, t);
    CHECK(st.changed);
    CHECK_FALSE(begin(s, SyncOp::set, t).changed);  // already set: nobody to wake
    CHECK(begin(s, SyncOp::is_set, t).result.ok);
    SyncTicket w;
    st = begin(s, SyncOp::wait, w);
    CHECK(st.ready);
    CHECK(st.result.ok);
    begin(s, SyncOp::clear, w);
    CHECK_FALSE(begin(s, SyncOp::is_set, t).result.ok);
}

TEST_CASE("event: a set() followed by clear() still releases the waiters that were there") {
    SyncState s = sync_make(SyncKind::event, 0, -1);
    SyncTicket w, other;
    CHECK_FALSE(begin(s, SyncOp::wait, w).ready);
    begin(s, SyncOp::set, other);
    begin(s, SyncOp::clear, other);
    SyncStep st = sync_poll(s, SyncOp::wait, w);
    CHECK(st.ready);
    CHECK(st.result.ok);
    SyncTicket late;
    CHECK_FALSE(begin(s, SyncOp::wait, late).ready);  // came after: still waits
}

TEST_CASE("event: a timed-out wait returns False") {
    SyncState s = sync_make(SyncKind::event, 0, -1);
    SyncTicket w;
    CHECK_FALSE(begin(s, SyncOp::wait, w).ready);
    SyncStep st = sync_cancel(s, SyncOp::wait, w);
    CHECK(st.ready);
    CHECK_FALSE(st.result.ok);
}

TEST_CASE("condition: notify wakes the oldest waiter; notify(n) and notify_all count waiters") {
    SyncState s = sync_make(SyncKind::condition, 0, -1);
    SyncTicket w[4], n;
    for (auto& t : w) CHECK_FALSE(begin(s, SyncOp::wait, t).ready);
    SyncStep st = begin(s, SyncOp::notify, n, 1);
    CHECK(st.result.value == 1);
    CHECK(st.changed);
    CHECK(sync_poll(s, SyncOp::wait, w[0]).ready);
    CHECK_FALSE(sync_poll(s, SyncOp::wait, w[1]).ready);
    CHECK(begin(s, SyncOp::notify, n, 2).result.value == 2);
    CHECK(sync_poll(s, SyncOp::wait, w[2]).ready);
    CHECK_FALSE(sync_poll(s, SyncOp::wait, w[3]).ready);
    CHECK(begin(s, SyncOp::notify_all, n).result.value == 1);
    CHECK(sync_poll(s, SyncOp::wait, w[3]).ready);
    st = begin(s, SyncOp::notify, n, 5);  // nobody waits: nothing to do
    CHECK(st.result.value == 0);
    CHECK_FALSE(st.changed);
}

TEST_CASE("condition: notify(0) and notify(-1) wake nobody; a waiter after notify is not woken by it") {
    SyncState s = sync_make(SyncKind::condition, 0, -1);
    SyncTicket w, n;
    begin(s, SyncOp::wait, w);
    CHECK(begin(s, SyncOp::notify, n, 0).result.value == 0);
    CHECK(begin(s, SyncOp::notify, n, -1).result.value == 0);
    CHECK_FALSE(sync_poll(s, SyncOp::wait, w).ready);
    CHECK(begin(s, SyncOp::notify, n, 1).result.value == 1);
    SyncTicket late;
    begin(s, SyncOp::wait, late);
    CHECK_FALSE(sync_poll(s, SyncOp::wait, late).ready);
}

TEST_CASE("condition: a waiter that timed out is not counted by a later notify") {
    SyncState s = sync_make(SyncKind::condition, 0, -1);
    SyncTicket a, b, c, n;
    begin(s, SyncOp::wait, a);
    begin(s, SyncOp::wait, b);
    begin(s, SyncOp::wait, c);
    SyncStep st = sync_cancel(s, SyncOp::wait, a);  // the oldest gives up
    CHECK_FALSE(st.result.ok);
    CHECK(begin(s, SyncOp::notify, n, 1).result.value == 1);
    CHECK(sync_poll(s, SyncOp::wait, b).ready);  // b, not the ticket a gave back
    CHECK_FALSE(sync_poll(s, SyncOp::wait, c).ready);
    sync_cancel(s, SyncOp::wait, c);  // the newest gives up: its ticket is handed back
    CHECK(begin(s, SyncOp::notify_all, n).result.value == 0);
}

TEST_CASE("condition: notified just before the timeout counts as notified") {
    SyncState s = sync_make(SyncKind::condition, 0, -1);
    SyncTicket w, n;
    begin(s, SyncOp::wait, w);
    begin(s, SyncOp::notify, n, 1);
    SyncStep st = sync_cancel(s, SyncOp::wait, w);
    CHECK(st.ready);
    CHECK(st.result.ok);
}

TEST_CASE("barrier: the last arrival releases the round; indexes are arrival order") {
    SyncState s = sync_make(SyncKind::barrier, 3, -1);
    SyncTicket t[3];
    CHECK_FALSE(begin(s, SyncOp::wait, t[0]).ready);
    CHECK_FALSE(begin(s, SyncOp::wait, t[1]).ready);
    CHECK(begin(s, SyncOp::n_waiting, t[2]).result.value == 2);
    SyncStep last = begin(s, SyncOp::wait, t[2]);
    CHECK(last.ready);
    CHECK(last.changed);
    CHECK(last.result.value == 2);
    CHECK(sync_poll(s, SyncOp::wait, t[0]).result.value == 0);
    CHECK(sync_poll(s, SyncOp::wait, t[1]).result.value == 1);
    CHECK(sync_poll(s, SyncOp::wait, t[1]).result.ok);
    CHECK(begin(s, SyncOp::n_waiting, t[2]).result.value == 0);
}

TEST_CASE("barrier: generations: a fast process arriving in the next round does not free the slow one") {
    SyncState s = sync_make(SyncKind::barrier, 2, -1);
    SyncTicket a1, b1, a2;
    begin(s, SyncOp::wait, a1);
    CHECK(begin(s, SyncOp::wait, b1).ready);  // round 0 complete
    CHECK_FALSE(begin(s, SyncOp::wait, a2).ready);  // a is already in round 1
    CHECK(sync_poll(s, SyncOp::wait, a1).result.ok);  // a1 still sees round 0's outcome
    CHECK_FALSE(sync_poll(s, SyncOp::wait, a2).ready);
}

TEST_CASE("barrier: abort breaks it for the waiters and for every later wait, until reset") {
    SyncState s = sync_make(SyncKind::barrier, 3, -1);
    SyncTicket w, x;
    begin(s, SyncOp::wait, w);
    CHECK(begin(s, SyncOp::abort, x).changed);
    CHECK(sync_poll(s, SyncOp::wait, w).result.error == SyncError::broken_barrier);
    CHECK(begin(s, SyncOp::broken, x).result.ok);
    CHECK(begin(s, SyncOp::n_waiting, x).result.value == 0);
    CHECK(begin(s, SyncOp::wait, x).result.error == SyncError::broken_barrier);
    begin(s, SyncOp::reset, x);
    CHECK_FALSE(begin(s, SyncOp::broken, x).result.ok);
    CHECK_FALSE(begin(s, SyncOp::wait, x).ready);  // usable again
}

TEST_CASE("barrier: reset with waiters breaks their round but leaves the barrier usable") {
    SyncState s = sync_make(SyncKind::barrier, 2, -1);
    SyncTicket w, x, y;
    begin(s, SyncOp::wait, w);
    begin(s, SyncOp::reset, x);
    CHECK(sync_poll(s, SyncOp::wait, w).result.error == SyncError::broken_barrier);
    CHECK_FALSE(begin(s, SyncOp::broken, x).result.ok);
    CHECK_FALSE(begin(s, SyncOp::wait, x).ready);
    CHECK(begin(s, SyncOp::wait, y).result.ok);
    CHECK(sync_poll(s, SyncOp::wait, x).result.ok);
}

TEST_CASE("barrier: a timeout breaks the barrier for everyone") {
    SyncState s = sync_make(SyncKind::barrier, 3, -1);
    SyncTicket a, b, c;
    begin(s, SyncOp::wait, a);
    begin(s, SyncOp::wait, b);
    SyncStep st = sync_cancel(s, SyncOp::wait, a);
    CHECK(st.result.error == SyncError::broken_barrier);
    CHECK(st.changed);
    CHECK(sync_poll(s, SyncOp::wait, b).result.error == SyncError::broken_barrier);
    CHECK(begin(s, SyncOp::broken, c).result.ok);
    CHECK(begin(s, SyncOp::wait, c).result.error == SyncError::broken_barrier);
}

TEST_CASE("barrier: a round that completed before the timeout is handled keeps its outcome") {
    SyncState s = sync_make(SyncKind::barrier, 2, -1);
    SyncTicket a, b;
    begin(s, SyncOp::wait, a);
    begin(s, SyncOp::wait, b);
    SyncStep st = sync_cancel(s, SyncOp::wait, a);
    CHECK(st.result.ok);
    CHECK(st.result.error == SyncError::none);
    CHECK_FALSE(begin(s, SyncOp::broken, b).result.ok);
}

TEST_CASE("barrier: a late waiter reads its own round's outcome after later rounds") {
    SyncState s = sync_make(SyncKind::barrier, 2, -1);
    SyncTicket slow, x, y, z;
    begin(s, SyncOp::wait, slow);
    begin(s, SyncOp::abort, x);  // round 0 broken
    begin(s, SyncOp::reset, x);
    begin(s, SyncOp::wait, y);
    begin(s, SyncOp::wait, z);  // round 1 completes
    begin(s, SyncOp::wait, x);
    begin(s, SyncOp::abort, y);  // round 2 broken
    CHECK(sync_poll(s, SyncOp::wait, slow).result.error == SyncError::broken_barrier);
    CHECK(sync_poll(s, SyncOp::wait, y).result.ok);
}

TEST_CASE("barrier: one party never waits") {
    SyncState s = sync_make(SyncKind::barrier, 1, -1);
    SyncTicket t;
    SyncStep st = begin(s, SyncOp::wait, t);
    CHECK(st.ready);
    CHECK(st.result.value == 0);
}

TEST_CASE("counter: task_done below zero is an error; join waits for zero") {
    SyncState s = sync_make(SyncKind::counter, 0, -1);
    SyncTicket t;
    CHECK(begin(s, SyncOp::done, t).result.error == SyncError::too_many_done);
    CHECK(begin(s, SyncOp::join, t).ready);
    begin(s, SyncOp::add, t, 2);
    CHECK_FALSE(begin(s, SyncOp::join, t).ready);
    CHECK_FALSE(begin(s, SyncOp::done, t).changed);
    CHECK(begin(s, SyncOp::done, t).changed);
    CHECK(sync_poll(s, SyncOp::join, t).ready);
}

TEST_CASE("operations an object does not have are reported, and only waits can block") {
    SyncState s = sync_make(SyncKind::event, 0, -1);
    SyncTicket t;
    CHECK(begin(s, SyncOp::acquire, t).result.error == SyncError::wrong_kind);
    CHECK(sync_never_blocks(SyncOp::release));
    CHECK(sync_never_blocks(SyncOp::notify));
    CHECK_FALSE(sync_never_blocks(SyncOp::acquire));
    CHECK_FALSE(sync_never_blocks(SyncOp::wait));
    CHECK_FALSE(sync_never_blocks(SyncOp::join));
    CHECK(std::string(sync_op_name(SyncOp::notify_all)) == "notify_all");
}

TEST_CASE("barrier with an action: the others wait until the last arrival has run it") {
    SyncState s = sync_make(SyncKind::barrier, 2, 1);
    SyncTicket a, b, x;
    begin(s, SyncOp::wait, a);
    SyncStep last = begin(s, SyncOp::wait, b);
    CHECK(last.ready);
    CHECK(last.result.value == 1);  // b runs the action
    CHECK_FALSE(sync_poll(s, SyncOp::wait, a).ready);
    CHECK(begin(s, SyncOp::release, x).changed);
    CHECK(sync_poll(s, SyncOp::wait, a).result.value == 0);
    CHECK(begin(s, SyncOp::n_waiting, x).result.value == 0);
}

TEST_CASE("barrier with an action that raises: the waiters get BrokenBarrierError") {
    SyncState s = sync_make(SyncKind::barrier, 2, 1);
    SyncTicket a, b, x;
    begin(s, SyncOp::wait, a);
    begin(s, SyncOp::wait, b);
    begin(s, SyncOp::abort, x);
    CHECK(sync_poll(s, SyncOp::wait, a).result.error == SyncError::broken_barrier);
    CHECK(begin(s, SyncOp::broken, x).result.ok);
}

TEST_CASE("barrier with an action: arrivals during the action belong to the next round") {
    SyncState s = sync_make(SyncKind::barrier, 2, 1);
    SyncTicket a, b, c, d, x;
    begin(s, SyncOp::wait, a);
    begin(s, SyncOp::wait, b);  // round 0 full, b runs the action
    CHECK_FALSE(begin(s, SyncOp::wait, c).ready);
    CHECK_FALSE(begin(s, SyncOp::wait, d).ready);  // round 1 full too, but must wait
    CHECK(c.id == 1);
    CHECK(d.index == 1);
    begin(s, SyncOp::release, x);
    CHECK(sync_poll(s, SyncOp::wait, a).result.ok);
    CHECK_FALSE(sync_poll(s, SyncOp::wait, c).ready);
    SyncStep runner = sync_poll(s, SyncOp::wait, d);  // d becomes round 1's runner
    CHECK(runner.ready);
    CHECK(runner.result.value == 1);
    CHECK_FALSE(sync_poll(s, SyncOp::wait, c).ready);
    begin(s, SyncOp::release, x);
    CHECK(sync_poll(s, SyncOp::wait, c).result.value == 0);
}

TEST_CASE("barrier with an action: a timeout while it runs is not a break") {
    SyncState s = sync_make(SyncKind::barrier, 2, 1);
    SyncTicket a, b, x;
    begin(s, SyncOp::wait, a);
    begin(s, SyncOp::wait, b);
    SyncStep st = sync_cancel(s, SyncOp::wait, a);
    CHECK(st.result.ok);
    CHECK(st.result.value == 0);
    CHECK_FALSE(begin(s, SyncOp::broken, x).result.ok);
}

TEST_CASE("barrier: abort breaks the arrivals queued for later rounds too") {
    SyncState s = sync_make(SyncKind::barrier, 2, 1);
    SyncTicket a, b, c, x;
    begin(s, SyncOp::wait, a);
    begin(s, SyncOp::wait, b);
    begin(s, SyncOp::wait, c);  // queued for round 1
    begin(s, SyncOp::abort, x);
    CHECK(sync_poll(s, SyncOp::wait, a).result.error == SyncError::broken_barrier);
    CHECK(sync_poll(s, SyncOp::wait, c).result.error == SyncError::broken_barrier);
    begin(s, SyncOp::reset, x);
    CHECK(begin(s, SyncOp::n_waiting, x).result.value == 0);
}
