// The threads backend's Pipe, Queue and synchronisation objects, driven directly with OS
// threads standing in for scenario processes: EOF only after every copy of the other end is
// closed (inherited copies included), the pipe buffer's capacity, Queue's feeders at exit,
// flow ids at both ends, and the sync_logic rules waited on with real condition variables.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "exec/threads_ipc.h"
#include "exec/threads_sync.h"

using namespace forklab;
using namespace forklab::threadrt;

namespace {

// Cores to spare: the waits spin before they sleep, as on an idle machine.
CoreLoad g_load{{0}, 64};

// A scenario process as the objects see it; its events are read after its thread is joined.
struct FakeProc final : ThreadWaiter {
    explicit FakeProc(uint32_t id) : id_{id} {}
    ProcId waiter_id() const override { return id_; }
    bool waiter_killed() override { return dead.load(); }
    CoreLoad& waiter_load() override { return g_load; }
    void waiter_trace(EventKind kind, uint32_t object, int64_t value, std::string_view) override {
        TraceEvent e;
        e.kind = kind;
        e.object = object;
        e.value = value;
        e.proc = id_;
        events.push_back(e);
    }
    int64_t flow_of(EventKind kind, size_t nth = 0) const {
        for (const TraceEvent& e : events)
            if (e.kind == kind && nth-- == 0) return e.value;
        return -1;
    }
    ProcId id_;
    std::atomic<bool> dead{false};
    std::vector<TraceEvent> events;
    ProcIpc ipc;
};

struct Objects {
    std::atomic<uint64_t> flows{0};
    ThreadPipes pipes{flows};
    ThreadQueues queues{flows};
    ThreadSyncs syncs;
};

Clock::time_point in_ms(int ms) { return Clock::now() + std::chrono::milliseconds(ms); }
void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

}  // namespace

TEST_CASE("threads ipc: a pipe delivers whole messages in order, both ways when duplex") {
    Objects o;
    FakeProc main(0);
    ConnId a, b;
    o.pipes.create(main.ipc, true, &a, &b);
    REQUIRE(a.value != 0);
    REQUIRE(b.value != 0);
    bool gone = true, eof = true, ready = false;
    CHECK(o.pipes.send(main, b, "uno", &gone) == OpStatus::done);
    CHECK_FALSE(gone);
    o.pipes.send(main, b, "dos", &gone);
    o.pipes.send(main, a, "vuelta", &gone);
    std::string m;
    o.pipes.poll(main, a, Clock::now(), &ready);
    CHECK(ready);
    o.pipes.recv(main, a, &m, &eof);
    CHECK(m == "uno");
    CHECK_FALSE(eof);
    o.pipes.recv(main, a, &m, &eof);
    CHECK(m == "dos");
    o.pipes.recv(main, b, &m, &eof);
    CHECK(m == "vuelta");
    o.pipes.poll(main, a, in_ms(10), &ready);
    CHECK_FALSE(ready);  // nothing there, and this process still holds the other end
    CHECK(main.flow_of(EventKind::msg_send, 0) == main.flow_of(EventKind::msg_recv, 0));
    CHECK(main.flow_of(EventKind::msg_send, 2) == main.flow_of(EventKind::msg_recv, 2));
}

TEST_CASE("threads ipc: EOF comes only when every copy of the other end is closed") {
    Objects o;
    FakeProc parent(0), child(1);
    ConnId r, w;
    o.pipes.create(parent.ipc, false, &r, &w);
    o.pipes.inherit(parent.ipc, child.ipc);  // the child got copies of both ends
    bool gone = false, eof = false, ready = false;
    o.pipes.send(child, w, "hola", &gone);
    o.pipes.close(child.ipc, w);
    o.pipes.close(child.ipc, w);  // a second close of the same copy changes nothing
    std::string m;
    o.pipes.recv(parent, r, &m, &eof);
    CHECK(m == "hola");
    // The parent still holds its own copy of the write end: recv would wait.
    o.pipes.poll(parent, r, in_ms(10), &ready);
    CHECK_FALSE(ready);
    o.pipes.close(parent.ipc, w);
    o.pipes.poll(parent, r, Clock::now(), &ready);
    CHECK(ready);
    o.pipes.recv(parent, r, &m, &eof);
    CHECK(eof);

    // BrokenPipe: no process holds the read end any more (the child's copy goes at its exit).
    ConnId r2, w2;
    o.pipes.create(parent.ipc, false, &r2, &w2);
    FakeProc child2(2);
    o.pipes.inherit(parent.ipc, child2.ipc);
    o.pipes.close(parent.ipc, r2);
    o.pipes.send(parent, w2, "x", &gone);
    CHECK_FALSE(gone);
    o.pipes.drop_all(child2.ipc);
    o.pipes.send(parent, w2, "y", &gone);
    CHECK(gone);
}

TEST_CASE("threads ipc: a blocked recv wakes with EOF when the last writer exits") {
    Objects o;
    FakeProc parent(0), child(1);
    ConnId r, w;
    o.pipes.create(parent.ipc, false, &r, &w);
    o.pipes.inherit(parent.ipc, child.ipc);
    o.pipes.close(parent.ipc, w);
    bool eof = false;
    std::string m;
    std::thread t([&] { o.pipes.recv(parent, r, &m, &eof); });
    sleep_ms(20);
    o.pipes.drop_all(child.ipc);
    t.join();
    CHECK(eof);
}

TEST_CASE("threads ipc: a send that does not fit the pipe buffer waits for the reader") {
    Objects o;
    FakeProc writer(1), reader(0);
    ConnId r, w;
    o.pipes.create(reader.ipc, false, &r, &w);
    const std::string third(kPipeBufferBytes / 3, 'x');
    std::atomic<int> sent{0};
    std::thread t([&] {
        bool gone = false;
        for (int i = 0; i < 4; ++i) {
            o.pipes.send(writer, w, third, &gone);
            sent++;
        }
    });
    sleep_ms(50);
    CHECK(sent.load() == 3);
    bool eof = false;
    std::string m;
    o.pipes.recv(reader, r, &m, &eof);
    t.join();
    CHECK(sent.load() == 4);

    // A message larger than the buffer: send returns only once it has been read.
    const std::string big(kPipeBufferBytes * 2, 'y');
    for (int i = 0; i < 3; ++i) o.pipes.recv(reader, r, &m, &eof);
    std::atomic<bool> done{false};
    std::thread t2([&] {
        bool gone = false;
        o.pipes.send(writer, w, big, &gone);
        done = true;
    });
    sleep_ms(50);
    CHECK_FALSE(done.load());
    o.pipes.recv(reader, r, &m, &eof);
    t2.join();
    CHECK(done.load());
    CHECK(m.size() == big.size());
}

TEST_CASE("threads ipc: a writer blocked on a full pipe gets BrokenPipe when the reader goes") {
    Objects o;
    FakeProc writer(0), reader(1);
    ConnId r, w;
    o.pipes.create(writer.ipc, false, &r, &w);
    o.pipes.inherit(writer.ipc, reader.ipc);
    o.pipes.close(writer.ipc, r);
    const std::string big(kPipeBufferBytes, 'z');
    bool gone = false;
    o.pipes.send(writer, w, big, &gone);  // exactly fills the buffer
    std::thread t([&] { o.pipes.send(writer, w, "one more", &gone); });
    sleep_ms(30);
    o.pipes.drop_all(reader.ipc);
    t.join();
    CHECK(gone);
}

TEST_CASE("threads ipc: a killed process stops waiting and changes nothing") {
    Objects o;
    FakeProc p(0);
    ConnId a, b;
    o.pipes.create(p.ipc, true, &a, &b);
    bool eof = true;
    std::string m = "unchanged";
    std::thread t([&] { o.pipes.recv(p, a, &m, &eof); });
    sleep_ms(10);
    p.dead = true;
    t.join();
    CHECK_FALSE(eof);
    CHECK(m == "unchanged");
}

TEST_CASE("threads queue: FIFO, maxsize, timeouts, non-blocking calls") {
    Objects o;
    FakeProc p(0);
    const QueueId q = o.queues.create(2, false);
    REQUIRE(q.value != 0);
    bool full = true, empty = true;
    o.queues.put(p, p.ipc, q, "a", true, Clock::time_point::max(), &full);
    CHECK_FALSE(full);
    o.queues.put(p, p.ipc, q, "b", true, Clock::time_point::max(), &full);
    o.queues.put(p, p.ipc, q, "c", false, Clock::time_point::max(), &full);
    CHECK(full);
    const auto t0 = Clock::now();
    o.queues.put(p, p.ipc, q, "c", true, in_ms(30), &full);
    CHECK(full);
    CHECK(Clock::now() - t0 >= std::chrono::milliseconds(30));
    CHECK(o.queues.size(q) == 2);
    std::string item;
    o.queues.get(p, q, true, Clock::time_point::max(), &item, &empty);
    CHECK(item == "a");
    CHECK_FALSE(empty);
    o.queues.get(p, q, false, Clock::time_point::max(), &item, &empty);
    CHECK(item == "b");
    o.queues.get(p, q, false, Clock::time_point::max(), &item, &empty);
    CHECK(empty);
    o.queues.get(p, q, true, in_ms(20), &item, &empty);
    CHECK(empty);
    CHECK(p.flow_of(EventKind::queue_put, 1) == p.flow_of(EventKind::queue_get, 1));
}

TEST_CASE("threads queue: a blocked get wakes on put; a blocked put wakes on get") {
    Objects o;
    FakeProc a(0), b(1);
    const QueueId q = o.queues.create(1, false);
    std::string got;
    bool empty = false, full = false;
    std::thread t([&] { o.queues.get(b, q, true, Clock::time_point::max(), &got, &empty); });
    sleep_ms(10);
    o.queues.put(a, a.ipc, q, "hola", true, Clock::time_point::max(), &full);
    t.join();
    CHECK(got == "hola");
    o.queues.put(a, a.ipc, q, "1", true, Clock::time_point::max(), &full);
    std::thread t2([&] { o.queues.put(a, a.ipc, q, "2", true, Clock::time_point::max(), &full); });
    sleep_ms(10);
    o.queues.get(b, q, true, Clock::time_point::max(), &got, &empty);
    t2.join();
    CHECK_FALSE(full);
    CHECK(o.queues.size(q) == 1);
    CHECK(a.flow_of(EventKind::queue_put, 0) == b.flow_of(EventKind::queue_get, 0));
}

TEST_CASE("threads queue: a producer with unread items past the buffer cannot finish exiting") {
    Objects o;
    FakeProc producer(1), consumer(0);
    const QueueId q = o.queues.create(0, false);
    const std::string item(1000, 'i');
    bool full = false, empty = false;
    for (int i = 0; i < 100; ++i)
        o.queues.put(producer, producer.ipc, q, item + std::to_string(i), true,
                     Clock::time_point::max(), &full);
    CHECK(o.queues.size(q) == 100);  // feeder items count too
    std::atomic<bool> exited{false};
    std::thread t([&] {
        o.queues.flush_at_exit(producer, producer.ipc, false);
        exited = true;
    });
    sleep_ms(40);
    CHECK_FALSE(exited.load());
    std::string got;
    for (int i = 0; i < 100; ++i) {
        o.queues.get(consumer, q, true, Clock::time_point::max(), &got, &empty);
        REQUIRE(got == item + std::to_string(i));  // one producer's items keep their order
    }
    t.join();
    CHECK(exited.load());
    CHECK(producer.flow_of(EventKind::queue_put, 99) == consumer.flow_of(EventKind::queue_get, 99));
}

TEST_CASE("threads queue: cancel_join_thread and a kill drop what is still in the feeder") {
    Objects o;
    FakeProc a(1), b(2);
    const QueueId q = o.queues.create(0, false);
    const std::string item(20000, 'i');
    bool full = false;
    for (int i = 0; i < 5; ++i) {
        o.queues.put(a, a.ipc, q, item, true, Clock::time_point::max(), &full);
        o.queues.put(b, b.ipc, q, item, true, Clock::time_point::max(), &full);
    }
    CHECK(o.queues.size(q) == 10);
    o.queues.cancel_join(a, a.ipc, q);
    o.queues.flush_at_exit(a, a.ipc, false);  // returns at once
    const size_t after_a = o.queues.size(q);
    CHECK(after_a < 10);
    b.dead = true;
    o.queues.flush_at_exit(b, b.ipc, true);
    CHECK(o.queues.size(q) == 3);  // what fitted the 64 KiB buffer stays readable
}

TEST_CASE("threads queue: a producer that fits the buffer exits at once; big items go whole") {
    Objects o;
    FakeProc a(1), c(0);
    const QueueId q = o.queues.create(0, false);
    bool full = false, empty = false;
    const std::string big(kPipeBufferBytes * 3, 'b');
    o.queues.put(a, a.ipc, q, "small", true, Clock::time_point::max(), &full);
    o.queues.put(a, a.ipc, q, big, true, Clock::time_point::max(), &full);
    o.queues.put(a, a.ipc, q, "after", true, Clock::time_point::max(), &full);
    std::string got;
    o.queues.get(c, q, true, Clock::time_point::max(), &got, &empty);
    CHECK(got == "small");
    o.queues.get(c, q, true, Clock::time_point::max(), &got, &empty);
    CHECK(got.size() == big.size());
    o.queues.flush_at_exit(a, a.ipc, false);  // "after" fits: nothing to wait for
    o.queues.get(c, q, false, Clock::time_point::max(), &got, &empty);
    CHECK(got == "after");
}

TEST_CASE("threads queue: SimpleQueue's put blocks while the buffer is full") {
    Objects o;
    FakeProc a(1), c(0);
    const QueueId q = o.queues.create(0, true);
    const std::string half(kPipeBufferBytes / 2, 'h');
    bool full = false, empty = false;
    std::atomic<int> put{0};
    std::thread t([&] {
        for (int i = 0; i < 3; ++i) {
            o.queues.put(a, a.ipc, q, half, true, Clock::time_point::max(), &full);
            put++;
        }
    });
    sleep_ms(40);
    CHECK(put.load() == 2);
    std::string got;
    o.queues.get(c, q, true, Clock::time_point::max(), &got, &empty);
    t.join();
    CHECK(put.load() == 3);
    o.queues.flush_at_exit(a, a.ipc, false);  // no feeder: nothing to wait for
}

TEST_CASE("threads sync: semaphore, event and barrier with real waits") {
    Objects o;
    FakeProc a(0), b(1), c(2);
    SyncTicket t;
    const SyncId sem = o.syncs.create(SyncKind::semaphore, 1, -1);
    CHECK(o.syncs.begin(a, sem, SyncOp::acquire, 0, &t).ready);
    SyncStep st = o.syncs.begin(a, sem, SyncOp::acquire, 0, &t);
    CHECK_FALSE(st.ready);
    CHECK_FALSE(o.syncs.finish(a, sem, SyncOp::acquire, t, in_ms(20)).ok);  // timed out
    std::thread rel([&] {
        sleep_ms(10);
        SyncTicket t2;
        o.syncs.begin(b, sem, SyncOp::release, 0, &t2);
    });
    st = o.syncs.begin(a, sem, SyncOp::acquire, 0, &t);
    CHECK(st.ready == false);
    CHECK(o.syncs.finish(a, sem, SyncOp::acquire, t, Clock::time_point::max()).ok);
    rel.join();

    const SyncId ev = o.syncs.create(SyncKind::event, 0, -1);
    std::thread setter([&] {
        sleep_ms(10);
        SyncTicket t2;
        o.syncs.begin(b, ev, SyncOp::set, 0, &t2);
    });
    st = o.syncs.begin(a, ev, SyncOp::wait, 0, &t);
    REQUIRE_FALSE(st.ready);
    CHECK(o.syncs.finish(a, ev, SyncOp::wait, t, Clock::time_point::max()).ok);
    setter.join();

    const SyncId bar = o.syncs.create(SyncKind::barrier, 3, -1);
    std::vector<int64_t> index(3, -1);
    std::vector<std::thread> ts;
    FakeProc* who[3] = {&a, &b, &c};
    for (int i = 0; i < 3; ++i)
        ts.emplace_back([&, i] {
            SyncTicket tk;
            SyncStep s = o.syncs.begin(*who[i], bar, SyncOp::wait, 0, &tk);
            index[i] = s.ready ? s.result.value
                               : o.syncs.finish(*who[i], bar, SyncOp::wait, tk,
                                                Clock::time_point::max())
                                     .value;
        });
    for (auto& th : ts) th.join();
    std::sort(index.begin(), index.end());
    CHECK(index == std::vector<int64_t>{0, 1, 2});

    // A wait that times out breaks the barrier for the one still waiting.
    st = o.syncs.begin(a, bar, SyncOp::wait, 0, &t);
    SyncResult other;
    std::thread w2([&] {
        SyncTicket tk;
        o.syncs.begin(b, bar, SyncOp::wait, 0, &tk);
        other = o.syncs.finish(b, bar, SyncOp::wait, tk, Clock::time_point::max());
    });
    sleep_ms(10);
    CHECK(o.syncs.finish(a, bar, SyncOp::wait, t, Clock::now()).error ==
          SyncError::broken_barrier);
    w2.join();
    CHECK(other.error == SyncError::broken_barrier);
}

TEST_CASE("threads sync: a JoinableQueue's join waits for the last task_done") {
    Objects o;
    FakeProc a(0), b(1);
    const SyncId n = o.syncs.create(SyncKind::counter, 0, -1);
    SyncTicket t;
    o.syncs.begin(a, n, SyncOp::add, 2, &t);
    std::thread worker([&] {
        SyncTicket tk;
        sleep_ms(5);
        o.syncs.begin(b, n, SyncOp::done, 0, &tk);
        sleep_ms(5);
        o.syncs.begin(b, n, SyncOp::done, 0, &tk);
    });
    SyncStep st = o.syncs.begin(a, n, SyncOp::join, 0, &t);
    CHECK_FALSE(st.ready);
    CHECK(o.syncs.finish(a, n, SyncOp::join, t, Clock::time_point::max()).ok);
    worker.join();
    CHECK(o.syncs.begin(a, n, SyncOp::done, 0, &t).result.error == SyncError::too_many_done);
}
