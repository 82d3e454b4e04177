// The fork backend's Host calls for Pipe, Queue and the synchronisation objects, driven
// directly (without the interpreter) between real processes sharing one arena.
#include <doctest/doctest.h>

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <new>
#include <string>
#include <vector>

#include "fork/fork_host.h"

using namespace forklab;
using namespace forklab::forkrt;

namespace {

// A run's arena and globals without a scenario: what run_fork sets up before MainProcess.
struct ArenaRun {
    ArenaRun() {
        mem = mmap(nullptr, kArenaBytes, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        REQUIRE(mem != MAP_FAILED);
        run.arena = new (mem) ForkArena();
        char templ[] = "/tmp/forklab-test-XXXXXX";
        REQUIRE(mkdtemp(templ));
        run.dir = templ;
        run.start = Clock::now();
        run.wall_deadline = run.start + std::chrono::seconds(30);
        run.main_pid = getpid();
        g_run = &run;
        set_cleanup_target(run.arena, run.dir, run.main_pid);
        old_pipe = signal(SIGPIPE, SIG_IGN);  // as SignalGuard does for a run
    }
    ~ArenaRun() {
        remove_run_dir();
        clear_cleanup_target();
        g_run = nullptr;
        munmap(mem, kArenaBytes);
        signal(SIGPIPE, old_pipe);
    }
    void (*old_pipe)(int) = nullptr;
    void* mem = nullptr;
    ForkRun run;
};

// Runs `body` in a forked process with its own ForkHost (ProcId 1) that inherits `parent`'s
// Pipe ends, and returns a function that waits for it and gives its exit status.
template <class F>
pid_t spawn(ForkHost& parent, F body) {
    const pid_t pid = fork();
    if (pid == 0) {
        int code;
        {
            ForkHost child(ProcId{1});
            child.inherit_conns(parent);
            code = body(child);
            child.drain_feeders();
        }
        _exit(code);
    }
    return pid;
}

int wait_exit(pid_t pid) {
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

}  // namespace

TEST_CASE("fork Pipe: messages of every size both ways, then EOF and BrokenPipe") {
    ArenaRun r;
    ForkHost host(ProcId{0});
    ConnId a, b;
    host.pipe_create(true, &a, &b);
    REQUIRE(a.value != 0);
    const pid_t pid = spawn(host, [&](ForkHost& h) {
        h.conn_close(a);
        for (;;) {
            std::string m;
            bool eof = false;
            h.conn_recv(b, &m, &eof);
            if (eof) return 0;
            bool gone = false;
            h.conn_send(b, m + m, &gone);
            if (gone) return 3;
        }
    });
    host.conn_close(b);
    for (size_t size : {0, 1, 64, 500, 4096, 70000, 300000}) {
        const std::string msg(size, 'x');
        bool gone = false;
        host.conn_send(a, msg, &gone);
        CHECK_FALSE(gone);
        std::string back;
        bool eof = false;
        host.conn_recv(a, &back, &eof);
        CHECK_FALSE(eof);
        CHECK(back.size() == 2 * size);
    }
    // Many small messages in flight before any is read (not so many that the echoes fill
    // the socket's buffer: then both would wait for ever, as on CPython).
    for (int i = 0; i < 100; ++i) {
        bool gone = false;
        host.conn_send(a, std::to_string(i), &gone);
    }
    for (int i = 0; i < 100; ++i) {
        std::string back;
        bool eof = false;
        host.conn_recv(a, &back, &eof);
        if (back != std::to_string(i) + std::to_string(i)) MESSAGE("i=" << i << " back='" << back << "' eof=" << eof);
        REQUIRE(back == std::to_string(i) + std::to_string(i));
    }
    bool ready = true;
    host.conn_poll(a, 0.0, &ready);
    CHECK_FALSE(ready);
    host.conn_close(a);  // the child sees EOF and exits 0
    CHECK(wait_exit(pid) == 0);

    ConnId c, d;
    host.pipe_create(false, &c, &d);
    host.conn_close(c);  // no reader left
    bool gone = false;
    host.conn_send(d, "x", &gone);
    CHECK(gone);
    host.conn_close(d);
}

TEST_CASE("fork Pipe: EOF when the child holding the other end exits") {
    ArenaRun r;
    ForkHost host(ProcId{0});
    ConnId a, b;
    host.pipe_create(true, &a, &b);
    const pid_t pid = spawn(host, [&](ForkHost& h) {
        bool gone;
        h.conn_send(b, "bye", &gone);
        return 0;
    });
    host.conn_close(b);
    std::string m;
    bool eof = false;
    host.conn_recv(a, &m, &eof);
    CHECK(m == "bye");
    host.conn_recv(a, &m, &eof);
    CHECK(eof);
    CHECK(wait_exit(pid) == 0);
    host.close_all_conns();
}

TEST_CASE("fork Queue: FIFO through the feeder, maxsize, timeouts, big items") {
    ArenaRun r;
    ForkHost host(ProcId{0});
    const QueueId q = host.queue_create(0, false);
    REQUIRE(q.value != 0);
    constexpr int kItems = 5000;  // 5000 * 100 bytes: far more than the ring holds
    const pid_t pid = spawn(host, [&](ForkHost& h) {
        for (int i = 0; i < kItems; ++i) {
            bool full = false;
            h.queue_put(q, std::to_string(i) + std::string(95, '.'), true, std::nullopt, &full);
            if (full) return 4;
        }
        const std::string big(10u << 20, 'B');  // larger than the ring: through a file
        bool full = false;
        h.queue_put(q, big, true, std::nullopt, &full);
        return 0;  // drain_feeders() flushes the rest before the exit
    });
    for (int i = 0; i < kItems; ++i) {
        std::string item;
        bool empty = false;
        host.queue_get(q, true, 10.0, &item, &empty);
        REQUIRE_FALSE(empty);
        REQUIRE(item == std::to_string(i) + std::string(95, '.'));
    }
    std::string item;
    bool empty = false;
    host.queue_get(q, true, 10.0, &item, &empty);
    CHECK(item.size() == (10u << 20));
    CHECK(wait_exit(pid) == 0);
    host.queue_get(q, true, 0.05, &item, &empty);
    CHECK(empty);
    CHECK(host.queue_size(q) == 0);

    const QueueId bounded = host.queue_create(2, false);
    bool full = false;
    host.queue_put(bounded, "1", true, std::nullopt, &full);
    host.queue_put(bounded, "2", false, std::nullopt, &full);
    CHECK_FALSE(full);
    host.queue_put(bounded, "3", true, 0.05, &full);
    CHECK(full);
    CHECK(host.queue_size(bounded) == 2);
    host.queue_get(bounded, false, std::nullopt, &item, &empty);
    CHECK(item == "1");
}

TEST_CASE("fork sync: semaphore, event, condition with its lock, barrier between processes") {
    ArenaRun r;
    ForkHost host(ProcId{0});
    const SyncId sem = host.sync_create(SyncKind::semaphore, 0, -1);
    const SyncId ev = host.sync_create(SyncKind::event, 0, -1);
    const SyncId locked = host.sync_create(SyncKind::event, 0, -1);
    const SyncId cond = host.sync_create(SyncKind::condition, 0, -1);
    const SyncId bar = host.sync_create(SyncKind::barrier, 2, -1);
    const LockId lock = host.lock_create(LockKind::rlock);
    const pid_t pid = spawn(host, [&](ForkHost& h) {
        SyncResult res;
        h.sync_op(sem, SyncOp::acquire, 0, LockId{0}, 10.0, &res);  // given by the parent
        if (!res.ok) return 1;
        h.sync_op(ev, SyncOp::set, 0, LockId{0}, std::nullopt, &res);
        h.sync_op(locked, SyncOp::wait, 0, LockId{0}, 10.0, &res);
        bool got;
        h.lock_acquire(lock, true, std::nullopt, &got);  // free once the parent waits
        h.sync_op(cond, SyncOp::notify, 1, LockId{0}, std::nullopt, &res);
        h.lock_release(lock);
        h.sync_op(bar, SyncOp::wait, 0, LockId{0}, 10.0, &res);
        return res.error == SyncError::none ? 0 : 2;
    });
    SyncResult res;
    host.sync_op(sem, SyncOp::release, 0, LockId{0}, std::nullopt, &res);
    host.sync_op(ev, SyncOp::wait, 0, LockId{0}, 10.0, &res);
    CHECK(res.ok);
    bool got = false;
    host.lock_acquire(lock, true, std::nullopt, &got);
    host.lock_acquire(lock, true, std::nullopt, &got);
    CHECK(host.lock_held_by_self(lock) == 2);
    host.sync_op(locked, SyncOp::set, 0, LockId{0}, std::nullopt, &res);
    // The child can only notify once our wait has released both levels of the RLock.
    host.sync_op(cond, SyncOp::wait, 0, lock, 10.0, &res);
    CHECK(res.ok);
    CHECK(host.lock_held_by_self(lock) == 2);
    host.lock_release(lock);
    host.lock_release(lock);
    CHECK(host.lock_held_by_self(lock) == 0);
    host.sync_op(bar, SyncOp::wait, 0, LockId{0}, 10.0, &res);
    CHECK(res.error == SyncError::none);
    CHECK(wait_exit(pid) == 0);
    // A timed-out condition wait still gives the lock back.
    host.lock_acquire(lock, true, std::nullopt, &got);
    host.sync_op(cond, SyncOp::wait, 0, lock, 0.02, &res);
    CHECK_FALSE(res.ok);
    CHECK(host.lock_held_by_self(lock) == 1);
    host.lock_release(lock);
}

TEST_CASE("fork Pipe: a stream of messages of mixed sizes, headers across the ring's wrap") {
    ArenaRun r;
    ForkHost host(ProcId{0});
    ConnId a, b;
    host.pipe_create(false, &a, &b);  // a reads, b writes
    // Sizes that are not multiples of anything, so records (12-byte header + body) end at
    // every offset of the ring, and its wrap falls inside headers and bodies alike.
    auto size_of = [](int i) { return size_t(i % 7 == 0 ? 0 : (i * 7919) % 40000); };
    auto fill_of = [](int i) { return char('a' + i % 26); };
    constexpr int kMessages = 3000;
    const pid_t pid = spawn(host, [&](ForkHost& h) {
        h.conn_close(a);
        for (int i = 0; i < kMessages; ++i) {
            bool gone = false;
            h.conn_send(b, std::string(size_of(i), fill_of(i)), &gone);
            if (gone) return 3;
        }
        h.conn_close(b);
        return 0;
    });
    host.conn_close(b);
    for (int i = 0; i < kMessages; ++i) {
        std::string m;
        bool eof = false;
        host.conn_recv(a, &m, &eof);
        REQUIRE_FALSE(eof);
        REQUIRE(m.size() == size_of(i));
        REQUIRE(m == std::string(size_of(i), fill_of(i)));
    }
    std::string m;
    bool eof = false;
    host.conn_recv(a, &m, &eof);
    CHECK(eof);
    CHECK(wait_exit(pid) == 0);
    host.conn_close(a);
}

TEST_CASE("fork Queue: two putters and two getters, every item once and in order per putter") {
    ArenaRun r;
    ForkHost host(ProcId{0});
    const QueueId q = host.queue_create(0, false);
    const QueueId counts = host.queue_create(0, false);
    constexpr int kPerPutter = 20000;  // far more than the ring holds: feeders and drains too
    std::vector<pid_t> pids;
    for (char who : {'A', 'B'})
        pids.push_back(spawn(host, [&, who](ForkHost& h) {
            for (int i = 0; i < kPerPutter; ++i) {
                bool full = false;
                h.queue_put(q, std::string(1, who) + std::to_string(i), true, std::nullopt, &full);
                if (full) return 4;
            }
            return 0;
        }));
    for (int g = 0; g < 2; ++g)
        pids.push_back(spawn(host, [&](ForkHost& h) {
            int last[2] = {-1, -1};
            int got = 0;
            for (;;) {
                std::string item;
                bool empty = false;
                h.queue_get(q, true, 20.0, &item, &empty);
                if (empty) return 5;
                if (item == "stop") break;
                const int who = item[0] - 'A';
                const int i = std::stoi(item.substr(1));
                if (i <= last[who]) return 6;  // out of order for its putter
                last[who] = i;
                ++got;
            }
            bool full = false;
            h.queue_put(counts, std::to_string(got), true, std::nullopt, &full);
            return 0;
        }));
    CHECK(wait_exit(pids[0]) == 0);  // the putters exit once their feeders are in the ring
    CHECK(wait_exit(pids[1]) == 0);
    for (int g = 0; g < 2; ++g) {
        bool full = false;
        host.queue_put(q, "stop", true, std::nullopt, &full);
    }
    int total = 0;
    for (int g = 0; g < 2; ++g) {
        std::string item;
        bool empty = false;
        host.queue_get(counts, true, 20.0, &item, &empty);
        REQUIRE_FALSE(empty);
        total += std::stoi(item);
    }
    CHECK(total == 2 * kPerPutter);
    CHECK(wait_exit(pids[2]) == 0);
    CHECK(wait_exit(pids[3]) == 0);
    CHECK(host.queue_size(q) == 0);
}

TEST_CASE("fork SimpleQueue: a put waits for room in the ring and goes on after gets") {
    ArenaRun r;
    ForkHost host(ProcId{0});
    const QueueId q = host.queue_create(0, true);
    constexpr int kItems = 3000;  // 3000 * 200 bytes: the ring holds about a tenth
    const pid_t pid = spawn(host, [&](ForkHost& h) {
        for (int i = 0; i < kItems; ++i) {
            bool full = false;
            h.queue_put(q, std::to_string(i) + std::string(195, '.'), true, std::nullopt, &full);
            if (full) return 4;
        }
        return 0;
    });
    for (int i = 0; i < kItems; ++i) {
        std::string item;
        bool empty = false;
        host.queue_get(q, true, 20.0, &item, &empty);
        REQUIRE_FALSE(empty);
        REQUIRE(item == std::to_string(i) + std::string(195, '.'));
    }
    CHECK(wait_exit(pid) == 0);
}
