// Queue and SimpleQueue on the fork backend: a byte ring per queue in the shared arena.
//
// CPython pickles every item into a pipe through a feeder thread. Here an item is copied
// once into the ring and copied once out of it, with no system call unless someone sleeps.
// Putters and getters each have their own lock and cache line, and the ring between them is
// single-producer single-consumer (QueueSlot in fork_arena.h): a put takes only `wlock` and
// publishes its record by moving the tail; a get takes only `rlock`, reads the record and
// moves the head. The ring counts as full at kPipeBufferBytes of records (as the pipe behind
// CPython's Queue), though a single larger item is let into an empty ring; an item larger
// than the whole ring travels in a file of the run directory.
//
// The feeder: a put that does not fit keeps the item in this process (ForkHost::feeders_)
// and returns, as CPython's put() returns once the item is in the feeder's buffer. An item
// larger than kPipeBufferBytes that went into an empty ring holds the putter's exit too,
// until a reader has taken it (on CPython the feeder would still be writing it). There is
// no thread: the buffer is flushed as room appears by every later Host call that waits or
// touches a queue, by the interpreter loop between slices, and at exit, where the process
// waits until all of it is in the ring unless cancel_join_thread() was called. A child does
// not inherit its parent's buffer (CPython resets it after fork too).
//
// maxsize counts items put and not yet got, those still in feeders included (CPython's
// bounded semaphore), so qsize() is `puts - gets`.
//
// A process killed inside either lock (terminate()) leaves the ring consistent: a record
// counts only once the tail has moved past it, and is gone only once the head has; the
// other processes take the lock over (ArenaMutex).
#include <fcntl.h>

#include <cerrno>

#include "fork/fork_host.h"

namespace forklab::forkrt {

namespace {

constexpr size_t kRecordHeader = 12;
constexpr uint32_t kBigItem = UINT32_MAX;  // the record holds the number of the item's file

void ring_copy_in(ForkArena& a, const QueueSlot& q, uint64_t pos, const void* src, size_t n) {
    unsigned char* ring = a.data + q.offset;
    const size_t at = (size_t)(pos % kQueueRingBytes);
    const size_t first = std::min(n, (size_t)kQueueRingBytes - at);
    memcpy(ring + at, src, first);
    if (n > first) memcpy(ring, static_cast<const unsigned char*>(src) + first, n - first);
}

void ring_copy_out(ForkArena& a, const QueueSlot& q, uint64_t pos, void* dst, size_t n) {
    const unsigned char* ring = a.data + q.offset;
    const size_t at = (size_t)(pos % kQueueRingBytes);
    const size_t first = std::min(n, (size_t)kQueueRingBytes - at);
    memcpy(dst, ring + at, first);
    if (n > first) memcpy(static_cast<unsigned char*>(dst) + first, ring, n - first);
}

bool fits(uint64_t used, size_t bytes) {
    return used + bytes <= kPipeBufferBytes || (used == 0 && bytes <= kQueueRingBytes);
}

// Whether a record of `bytes` may go in now (see the file comment); wlock held. The head
// as last seen answers most calls without reading the getters' line.
bool ring_has_room(QueueSlot& q, size_t bytes) {
    const uint64_t tail = q.tail.load(std::memory_order_relaxed);
    if (fits(tail - q.head_seen, bytes)) return true;
    q.head_seen = q.head.load();  // seq_cst (a sleeping putter's re-check); the getters are done with those bytes
    return fits(tail - q.head_seen, bytes);
}

// Appends one record (wlock held, room checked) and notes in `f` how far a reader must have
// read before the putter may exit: the record's end, less the kPipeBufferBytes a pipe would
// hold (all of it for an item in a file).
void ring_push(ForkArena& a, QueueSlot& q, Feeder& f, std::string_view bytes, uint64_t flow,
               uint32_t size) {
    unsigned char header[kRecordHeader];
    memcpy(header, &size, 4);
    memcpy(header + 4, &flow, 8);
    const uint64_t tail = q.tail.load(std::memory_order_relaxed);
    ring_copy_in(a, q, tail, header, kRecordHeader);
    ring_copy_in(a, q, tail + kRecordHeader, bytes.data(), bytes.size());
    const uint64_t end = tail + kRecordHeader + bytes.size();
    q.tail.store(end, std::memory_order_release);  // published; wlock.unlock_fenced() orders it before the sleeper checks
    if (size == kBigItem) f.exit_after_head = end;
    else if (end - q.head_seen > kPipeBufferBytes) f.exit_after_head = end - kPipeBufferBytes;
}

// Whether a put may go on now: maxsize not reached, and for a SimpleQueue (no feeder) room
// in the ring. wlock held.
bool may_put(QueueSlot& q, size_t record) {
    if (q.maxsize && q.puts.load(std::memory_order_relaxed) - q.gets.load() >= q.maxsize) return false;
    return !q.simple || ring_has_room(q, record);
}

// The head a process draining its feeder waits for before it flushes again: room for its
// first item with the ring at most half full, so a get wakes it once per half buffer and not
// once per item; or, with the feeder empty, the reader past its big item.
uint64_t head_wanted(const QueueSlot& q, const Feeder& f) {
    if (f.items.empty()) return f.exit_after_head;
    const uint64_t tail = q.tail.load();
    const uint64_t bytes = kRecordHeader + f.items.front().bytes.size();
    if (bytes > kPipeBufferBytes) return tail;  // such an item goes only into an empty ring
    const uint64_t keep = std::min<uint64_t>(kPipeBufferBytes - bytes, kPipeBufferBytes / 2);
    return tail - std::min(keep, tail);
}

// After a get moved the head to `head` (and fenced): wakes the draining sleepers once it reached
// the lowest head they wait for. A sleeper lowers room_want, counts itself and then reads the
// head again, so no wake-up is lost; room_want goes back to "none" before the wake-up, and
// every woken sleeper that must sleep again says its want again.
void wake_room(QueueSlot& q, uint64_t head) {
    if (q.room.sleepers.load() == 0 || head < q.room_want.load()) return;
    q.room_want.store(UINT64_MAX);
    q.room.seq.fetch_add(1);
    futex_wake(&q.room.seq, INT32_MAX);
}

bool read_file(const char* path, std::string* out) {
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    out->clear();
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out->append(buf, (size_t)n);
    }
    close(fd);
    return true;
}

}  // namespace

QueueSlot* ForkHost::queue_slot(QueueId id) {
    ForkArena& a = *g_run->arena;
    if (id.value == 0 || id.value > std::min(a.next_queue.load(), kMaxQueues)) return nullptr;
    return &a.queues[id.value - 1];
}

QueueId ForkHost::queue_create(size_t maxsize, bool simple) {
    ForkArena& a = *g_run->arena;
    const uint32_t i = a.next_queue.fetch_add(1);
    uint64_t offset = 0;
    if (i >= kMaxQueues || !arena_reserve(a, kQueueRingBytes, &offset)) {
        a.limit_hit.store(3);
        return QueueId{0};
    }
    QueueSlot& q = a.queues[i];
    q.offset = offset;
    q.maxsize = maxsize;
    q.simple = simple;
    return QueueId{i + 1};
}

bool ForkHost::flush_feeder_locked(QueueSlot& q, uint32_t, Feeder& f) {
    ForkArena& a = *g_run->arena;
    bool moved = false;
    while (!f.items.empty()) {
        FeederItem& it = f.items.front();
        if (!ring_has_room(q, kRecordHeader + it.bytes.size())) break;
        const uint32_t size = it.flow >> 63 ? kBigItem : (uint32_t)it.bytes.size();
        ring_push(a, q, f, it.bytes, it.flow & ~(uint64_t(1) << 63), size);
        f.items.pop_front();
        moved = true;
    }
    return moved;
}

void ForkHost::flush_feeders_slow() {
    bool left = false;
    for (auto& [qid, f] : feeders_) {
        if (f.items.empty()) continue;
        QueueSlot* q = queue_slot(QueueId{qid});
        if (!q) {
            f.items.clear();
            continue;
        }
        q->wlock.lock();
        const bool moved = flush_feeder_locked(*q, qid, f);
        q->wlock.unlock_fenced();
        if (moved) ring_wake_if_sleepers(q->items, INT32_MAX);
        left = left || !f.items.empty();
    }
    feeders_pending_ = left;
}

void ForkHost::drain_feeders() {
    bool blocked = false;  // traced as sim and threads do: the exit waits for a reader
    for (;;) {
        flush_feeders();
        QueueSlot* waiting_on = nullptr;
        uint64_t want = 0;
        uint32_t waiting_id = 0;
        for (auto& [qid, f] : feeders_) {
            QueueSlot* q = queue_slot(QueueId{qid});
            if (!q || f.cancelled || (f.items.empty() && q->head.load() >= f.exit_after_head)) continue;
            waiting_on = q;
            waiting_id = qid;
            want = head_wanted(*q, f);
            break;
        }
        if (!waiting_on || check_limits()) {
            if (blocked && tracing()) rec.record(now_ns(), EventKind::proc_running);
            return;
        }
        if (!blocked && tracing())
            rec.record(now_ns(), EventKind::proc_blocked, waiting_id, 0, "exit: flushing queue");
        blocked = true;
        // Sleep until a get moves the head to `want` (wake_room is the other side).
        QueueSlot& q = *waiting_on;
        uint64_t cur = q.room_want.load();
        while (want < cur && !q.room_want.compare_exchange_weak(cur, want)) {
        }
        ring_sleep(q.room, [&] { return q.head.load() >= want; }, Clock::now() + kWaitSlice);
    }
}

OpStatus ForkHost::queue_put(QueueId id, std::string_view item, bool block,
                             std::optional<double> timeout_s, bool* full) {
    if (terminating()) return OpStatus::blocked;  // fork_terminate.cpp
    *full = false;
    QueueSlot* q = queue_slot(id);
    if (!q) return OpStatus::done;
    ForkArena& a = *g_run->arena;
    const uint64_t flow = next_flow();
    // An item too big for the ring goes to a file; its record carries the file's number.
    std::string big;
    std::string_view bytes = item;
    uint32_t size = (uint32_t)item.size();
    if (kRecordHeader + item.size() > kQueueRingBytes) {
        const uint32_t n = q->big_items.fetch_add(1);
        char path[600];
        big_item_path(path, sizeof path, id.value, n);
        const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0 || !write_all(fd, item.data(), item.size())) {
            if (fd >= 0) close(fd);
            a.limit_hit.store(3);
            return OpStatus::done;
        }
        close(fd);
        big.assign(reinterpret_cast<const char*>(&n), 4);
        bytes = big;
        size = kBigItem;
    }
    flush_feeders();
    Feeder& f = feeders_[id.value];
    const size_t record = kRecordHeader + bytes.size();
    const auto deadline = deadline_after(block ? timeout_s : std::optional<double>(0.0));
    bool waited = false;
    bool put = false;
    bool in_ring = false;
    uint64_t put_at = 0;  // taken before the record is published: before any get of the item
    for (;;) {
        bool stop = false;
        q->wlock.lock();
        {
            if (may_put(*q, record)) {
                if (tracing()) put_at = now_ns();
                q->puts.store(q->puts.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
                if (f.items.empty() && ring_has_room(*q, record)) {
                    ring_push(a, *q, f, bytes, flow, size);
                    in_ring = true;
                } else {
                    const uint64_t tagged = size == kBigItem ? flow | (uint64_t(1) << 63) : flow;
                    f.items.push_back(FeederItem{std::string(bytes), tagged});
                    feeders_pending_ = true;
                }
                put = true;
            } else {
                stop = Clock::now() >= deadline || check_limits();
            }
        }
        q->wlock.unlock_fenced();
        if (put || stop) break;
        if (!waited && tracing()) rec.record(now_ns(), EventKind::proc_blocked, id.value, 0, "put()");
        waited = true;
        flush_feeders();
        // A get moves the head and then bumps `gets` before it looks for sleepers here.
        const auto until = feeders_pending_ ? std::min(deadline, Clock::now() + std::chrono::milliseconds(1)) : deadline;
        ring_sleep(q->changed, [&] {
            ArenaGuard g(q->wlock);
            return may_put(*q, record);
        }, until);
    }
    if (waited && tracing()) rec.record(now_ns(), EventKind::proc_running);
    if (!put) {
        *full = true;
        return OpStatus::done;
    }
    if (in_ring) ring_wake_if_sleepers(q->items, 1);
    if (tracing()) rec.record(put_at, EventKind::queue_put, id.value, (int64_t)flow);
    return OpStatus::done;
}

OpStatus ForkHost::queue_get(QueueId id, bool block, std::optional<double> timeout_s,
                             std::string* item, bool* empty) {
    if (terminating()) return OpStatus::blocked;  // fork_terminate.cpp
    *empty = false;
    QueueSlot* q = queue_slot(id);
    if (!q) {
        *empty = true;
        return OpStatus::done;
    }
    ForkArena& a = *g_run->arena;
    flush_feeders();
    const auto deadline = deadline_after(block ? timeout_s : std::optional<double>(0.0));
    bool waited = false;  // spun once already
    bool blocked = false;
    bool got = false;
    uint32_t size = 0;
    uint64_t flow = 0;
    uint64_t head = 0;  // after the item
    auto readable = [&] { return q->tail.load() != q->head.load(); };  // seq_cst: a sleeper's re-check
    for (;;) {
        bool stop = false;
        q->rlock.lock();
        {
            head = q->head.load(std::memory_order_relaxed);
            if (head == q->tail_seen) q->tail_seen = q->tail.load(std::memory_order_acquire);
            if (head != q->tail_seen) {
                unsigned char header[kRecordHeader];
                ring_copy_out(a, *q, head, header, kRecordHeader);
                memcpy(&size, header, 4);
                memcpy(&flow, header + 4, 8);
                const size_t n = size == kBigItem ? 4 : size;
                item->resize(n);
                ring_copy_out(a, *q, head + kRecordHeader, item->data(), n);
                head += kRecordHeader + n;
                // The bytes are free; rlock.unlock_fenced() orders both stores before the
                // sleeper checks below.
                q->head.store(head, std::memory_order_release);
                q->gets.store(q->gets.load(std::memory_order_relaxed) + 1, std::memory_order_release);
                got = true;
            } else {
                stop = Clock::now() >= deadline || check_limits();
            }
        }
        q->rlock.unlock_fenced();
        if (got || stop) break;
        if (!waited) {  // spin a little first: a producer on another core is about to put
            waited = true;
            if (spin_until_ready(readable, deadline)) continue;
        }
        if (!blocked && tracing()) rec.record(now_ns(), EventKind::proc_blocked, id.value, 0, "get()");
        blocked = true;
        flush_feeders();
        ring_sleep(q->items, readable,
                   feeders_pending_ ? std::min(deadline, Clock::now() + std::chrono::milliseconds(1)) : deadline);
    }
    if (blocked && tracing()) rec.record(now_ns(), EventKind::proc_running);
    if (!got) {
        *empty = true;
        return OpStatus::done;
    }
    ring_wake_if_sleepers(q->changed, INT32_MAX);  // putters waiting on maxsize or a SimpleQueue's ring
    wake_room(*q, head);                            // feeders draining at exit
    if (size == kBigItem) {
        uint32_t n;
        memcpy(&n, item->data(), 4);
        char path[600];
        big_item_path(path, sizeof path, id.value, n);
        read_file(path, item);
        unlink(path);
    }
    if (tracing()) rec.record(now_ns(), EventKind::queue_get, id.value, (int64_t)flow);
    return OpStatus::done;
}

size_t ForkHost::queue_size(QueueId id) {
    QueueSlot* q = queue_slot(id);
    if (!q) return 0;
    const uint64_t gets = q->gets.load();  // first: a get follows its put's count
    const uint64_t puts = q->puts.load();
    return puts > gets ? (size_t)(puts - gets) : 0;
}

void ForkHost::queue_cancel_join(QueueId id) {
    if (terminating()) return;
    if (queue_slot(id)) feeders_[id.value].cancelled = true;
}

}  // namespace forklab::forkrt
