// Queue and SimpleQueue on the fork backend: a byte ring per queue in the shared arena.
//
// CPython pickles every item into a pipe through a feeder thread. Here an item is copied
// once into the ring under the queue's ArenaMutex and copied once out of it, with no system
// call unless someone sleeps. The ring counts as full at kPipeBufferBytes of records (as the
// pipe behind CPython's Queue), though a single larger item is let into an empty ring; an
// item larger than the whole ring travels in a file of the run directory.
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
// bounded semaphore), so qsize() is `accepted`.
#include <fcntl.h>

#include <cerrno>

#include "fork/fork_host.h"

namespace forklab::forkrt {

namespace {

constexpr size_t kRecordHeader = 12;
constexpr uint32_t kBigItem = UINT32_MAX;  // the record holds the number of the item's file

uint64_t ring_used(const QueueSlot& q) { return q.tail - q.head; }

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

// Whether a record of `bytes` may go in now (see the file comment).
bool ring_has_room(const QueueSlot& q, size_t bytes) {
    const uint64_t used = ring_used(q);
    if (used + bytes <= kPipeBufferBytes) return true;
    return used == 0 && bytes <= kQueueRingBytes;
}

// Appends one record (ring mutex held, room checked) and notes in `f` how far a reader must
// have read before the putter may exit: the record's end, less the kPipeBufferBytes a pipe
// would hold (all of it for an item in a file).
void ring_push(ForkArena& a, QueueSlot& q, Feeder& f, std::string_view bytes, uint64_t flow,
               uint32_t size) {
    unsigned char header[kRecordHeader];
    memcpy(header, &size, 4);
    memcpy(header + 4, &flow, 8);
    ring_copy_in(a, q, q.tail, header, kRecordHeader);
    ring_copy_in(a, q, q.tail + kRecordHeader, bytes.data(), bytes.size());
    q.tail += kRecordHeader + bytes.size();
    q.ring_items++;
    if (size == kBigItem) f.exit_after_head = q.tail;
    else if (q.tail - q.head > kPipeBufferBytes) f.exit_after_head = q.tail - kPipeBufferBytes;
}

// The head a process draining its feeder waits for before it flushes again: room for its
// first item with the ring at most half full, so a get wakes it once per half buffer and not
// once per item; or, with the feeder empty, the reader past its big item. Mutex held.
uint64_t head_wanted(const QueueSlot& q, const Feeder& f) {
    if (f.items.empty()) return f.exit_after_head;
    const uint64_t bytes = kRecordHeader + f.items.front().bytes.size();
    if (bytes > kPipeBufferBytes) return q.tail;  // such an item goes only into an empty ring
    const uint64_t keep = std::min<uint64_t>(kPipeBufferBytes - bytes, kPipeBufferBytes / 2);
    return q.tail - std::min(keep, q.tail);
}

// After a get moved the head to `head` (outside the mutex): wakes the draining sleepers once
// it reached the lowest head they wait for. The sleeper lowers room_want, counts itself and
// then re-reads the head under the mutex, and this side moved the head under the mutex before
// reading both, so no wake-up is lost; room_want goes back to "none" before the wake-up, and
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
        bool moved;
        {
            ArenaGuard g(q->mutex);
            moved = flush_feeder_locked(*q, qid, f);
        }
        if (moved) q->items.notify_all();
        left = left || !f.items.empty();
    }
    feeders_pending_ = left;
}

void ForkHost::drain_feeders() {
    for (;;) {
        flush_feeders();
        QueueSlot* waiting_on = nullptr;
        uint64_t want = 0;
        for (auto& [qid, f] : feeders_) {
            QueueSlot* q = queue_slot(QueueId{qid});
            if (!q || f.cancelled || (f.items.empty() && !f.exit_after_head)) continue;
            ArenaGuard g(q->mutex);
            if (f.items.empty() && q->head >= f.exit_after_head) continue;
            waiting_on = q;
            want = head_wanted(*q, f);
            break;
        }
        if (!waiting_on || check_limits()) return;
        // Sleep until a get moves the head to `want` (see wake_room for the other side).
        QueueSlot& q = *waiting_on;
        const uint32_t seen = q.room.ticket();
        uint64_t cur = q.room_want.load();
        while (want < cur && !q.room_want.compare_exchange_weak(cur, want)) {
        }
        q.room.sleepers.fetch_add(1);
        bool ready;
        {
            ArenaGuard g(q.mutex);
            ready = q.head >= want;
        }
        if (!ready) futex_wait_until(&q.room.seq, seen, Clock::now() + kWaitSlice);
        q.room.sleepers.fetch_sub(1);
    }
}

OpStatus ForkHost::queue_put(QueueId id, std::string_view item, bool block,
                             std::optional<double> timeout_s, bool* full) {
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
    const auto deadline = deadline_after(block ? timeout_s : std::optional<double>(0.0));
    bool waited = false;
    bool put = false;
    uint64_t put_at = 0;  // taken under the ring's mutex: before any get of the item
    for (;;) {
        bool stop = false;
        {
            ArenaGuard g(q->mutex);
            const bool over_max = q->maxsize && (uint64_t)q->accepted.load() >= q->maxsize;
            const bool no_room = q->simple && !ring_has_room(*q, kRecordHeader + bytes.size());
            if (!over_max && !no_room) {
                if (tracing()) put_at = now_ns();
                q->accepted.fetch_add(1);
                if (f.items.empty() && ring_has_room(*q, kRecordHeader + bytes.size())) {
                    ring_push(a, *q, f, bytes, flow, size);
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
        if (put || stop) break;
        if (!waited && tracing()) rec.record(now_ns(), EventKind::proc_blocked, id.value, 0, "put()");
        waited = true;
        const uint32_t seen = q->changed.ticket();
        flush_feeders();
        {
            ArenaGuard g(q->mutex);  // re-check under the mutex before sleeping
            const bool over_max = q->maxsize && (uint64_t)q->accepted.load() >= q->maxsize;
            const bool no_room = q->simple && !ring_has_room(*q, kRecordHeader + bytes.size());
            if (!over_max && !no_room) continue;
        }
        q->changed.wait(seen, feeders_pending_ ? std::min(deadline, Clock::now() + std::chrono::milliseconds(1)) : deadline);
    }
    if (waited && tracing()) rec.record(now_ns(), EventKind::proc_running);
    if (!put) {
        *full = true;
        return OpStatus::done;
    }
    q->items.notify_one();
    if (tracing()) rec.record(put_at, EventKind::queue_put, id.value, (int64_t)flow);
    return OpStatus::done;
}

OpStatus ForkHost::queue_get(QueueId id, bool block, std::optional<double> timeout_s,
                             std::string* item, bool* empty) {
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
    for (;;) {
        bool stop = false;
        uint32_t seen = 0;
        {
            ArenaGuard g(q->mutex);
            if (q->ring_items > 0) {
                unsigned char header[kRecordHeader];
                ring_copy_out(a, *q, q->head, header, kRecordHeader);
                memcpy(&size, header, 4);
                memcpy(&flow, header + 4, 8);
                const size_t n = size == kBigItem ? 4 : size;
                item->resize(n);
                ring_copy_out(a, *q, q->head + kRecordHeader, item->data(), n);
                q->head += kRecordHeader + n;
                head = q->head;
                q->ring_items--;
                q->accepted.fetch_sub(1);
                got = true;
            } else {
                stop = Clock::now() >= deadline || check_limits();
                seen = q->items.ticket();
            }
        }
        if (got || stop) break;
        if (!waited) {  // spin a little first: a producer on another core is about to put
            waited = true;
            if (spin_until_ready([&] { return q->ring_items.load(std::memory_order_acquire) != 0; }, deadline))
                continue;
        }
        if (!blocked && tracing()) rec.record(now_ns(), EventKind::proc_blocked, id.value, 0, "get()");
        blocked = true;
        flush_feeders();
        q->items.wait(seen, feeders_pending_ ? std::min(deadline, Clock::now() + std::chrono::milliseconds(1)) : deadline);
    }
    if (blocked && tracing()) rec.record(now_ns(), EventKind::proc_running);
    if (!got) {
        *empty = true;
        return OpStatus::done;
    }
    q->changed.notify_all();  // room for putters waiting on maxsize or a SimpleQueue's ring
    wake_room(*q, head);      // and for feeders draining at exit
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
    const int64_t n = q->accepted.load();
    return n > 0 ? (size_t)n : 0;
}

void ForkHost::queue_cancel_join(QueueId id) {
    if (queue_slot(id)) feeders_[id.value].cancelled = true;
}

}  // namespace forklab::forkrt
