// Queue, JoinableQueue's items and SimpleQueue on the threads backend: see threads_ipc.h.
#include <algorithm>
#include <memory>

#include "exec/threads_ipc.h"

namespace forklab::threadrt {

void ProcIpc::note_fed(QueueId q) {
    std::lock_guard<std::mutex> g(m);
    if (std::find(fed.begin(), fed.end(), q.value) == fed.end()) fed.push_back(q.value);
}

ThreadQueues::Feeder* ThreadQueues::Queue::feeder_of(ProcId p) {
    for (Feeder& f : feeders)
        if (f.proc == p) return &f;
    return nullptr;
}

ThreadQueues::Feeder& ThreadQueues::Queue::add_feeder(ProcId p) {
    if (Feeder* f = feeder_of(p)) return *f;
    feeders.push_back(Feeder{p, {}, false});
    return feeders.back();
}

// The next item a reader gets: the buffer's head, or when the buffer is empty a feeder's head
// (one too large for the buffer, which its feeder is writing into the pipe piece by piece).
Message ThreadQueues::Queue::take() {
    if (!buffer.items.empty()) return buffer.pop();
    for (Feeder& f : feeders) {
        if (f.items.empty()) continue;
        Message m = std::move(f.items.front());
        f.items.pop_front();
        --waiting_in_feeders;
        ++buffer.taken;
        return m;
    }
    return Message{};
}

// The feeders write what now fits, each in its own order.
void ThreadQueues::Queue::refill() {
    if (waiting_in_feeders == 0) return;
    for (Feeder& f : feeders) {
        while (!f.items.empty() && buffer.fits(f.items.front().data.size())) {
            buffer.push(std::move(f.items.front()));
            f.items.pop_front();
            --waiting_in_feeders;
        }
    }
}

QueueId ThreadQueues::create(size_t maxsize, bool simple) {
    auto q = std::make_unique<Queue>();
    q->maxsize = maxsize;
    q->simple = simple;
    return QueueId{queues_.add(std::move(q))};
}

OpStatus ThreadQueues::put(ThreadWaiter& who, ProcIpc& mine, QueueId id, std::string_view item,
                           bool block, Clock::time_point deadline, bool* full) {
    *full = false;
    Queue* q = queues_.get(id.value);
    if (!q || who.waiter_killed()) return OpStatus::done;
    const size_t n = item.size();
    const uint64_t flow = flows_.fetch_add(1, std::memory_order_relaxed) + 1;
    const ProcId me = who.waiter_id();
    std::unique_lock<std::mutex> g(q->m);
    if (q->maxsize) {
        const auto has_slot = [&] { return q->size() < q->maxsize; };
        const bool ok = block ? wait_until(who, g, q->signal, deadline, "queue.put()", id.value, has_slot)
                              : has_slot();
        if (!ok) {
            *full = !who.waiter_killed();
            return OpStatus::done;
        }
    }
    Message m{std::string(item), flow};
    if (q->simple) {
        if (!wait_until(who, g, q->signal, Clock::time_point::max(), "queue.put()", id.value,
                        [&] { return q->buffer.has_room(n); }))
            return OpStatus::done;  // killed
        const uint64_t index = q->buffer.push(std::move(m));
        q->signal.notify();
        who.waiter_trace(EventKind::queue_put, id.value, (int64_t)flow);
        if (n > kPipeBufferBytes)
            wait_until(who, g, q->signal, Clock::time_point::max(), "queue.put()", id.value,
                       [&] { return q->buffer.taken > index; });
        return OpStatus::done;
    }
    Feeder* f = q->feeder_of(me);
    const bool to_feeder = (f && !f->items.empty()) || !q->buffer.fits(n);
    if (to_feeder) {
        q->add_feeder(me).items.push_back(std::move(m));
        ++q->waiting_in_feeders;
    } else {
        q->buffer.push(std::move(m));
    }
    g.unlock();
    q->signal.notify();
    if (to_feeder) mine.note_fed(id);
    who.waiter_trace(EventKind::queue_put, id.value, (int64_t)flow);
    return OpStatus::done;
}

OpStatus ThreadQueues::get(ThreadWaiter& who, QueueId id, bool block, Clock::time_point deadline,
                           std::string* item, bool* empty) {
    *empty = false;
    Queue* q = queues_.get(id.value);
    if (!q) return OpStatus::done;
    if (who.waiter_killed()) {
        *empty = true;
        return OpStatus::done;
    }
    Message m;
    {
        std::unique_lock<std::mutex> g(q->m);
        const auto has_item = [&] { return q->size() > 0; };
        const bool ok = block ? wait_until(who, g, q->signal, deadline, "queue.get()", id.value, has_item)
                              : has_item();
        if (!ok) {
            *empty = true;
            return OpStatus::done;
        }
        m = q->take();
        q->refill();
    }
    q->signal.notify();
    who.waiter_trace(EventKind::queue_get, id.value, (int64_t)m.flow);
    *item = std::move(m.data);
    return OpStatus::done;
}

size_t ThreadQueues::size(QueueId id) {
    Queue* q = queues_.get(id.value);
    if (!q) return 0;
    std::lock_guard<std::mutex> g(q->m);
    return q->size();
}

void ThreadQueues::cancel_join(ThreadWaiter& who, ProcIpc& mine, QueueId id) {
    Queue* q = queues_.get(id.value);
    if (!q) return;
    {
        std::lock_guard<std::mutex> g(q->m);
        q->add_feeder(who.waiter_id()).cancelled = true;
    }
    mine.note_fed(id);
}

void ThreadQueues::flush_at_exit(ThreadWaiter& who, ProcIpc& mine, bool killed) {
    const ProcId me = who.waiter_id();
    std::vector<uint32_t> fed;
    {
        std::lock_guard<std::mutex> g(mine.m);
        fed.swap(mine.fed);
    }
    for (uint32_t v : fed) {
        Queue* q = queues_.get(v);
        if (!q) continue;
        std::unique_lock<std::mutex> g(q->m);
        // The feeder list may move while we wait (others add theirs): look it up each time.
        const auto flushed = [&] {
            Feeder* f = q->feeder_of(me);
            return !f || f->items.empty() || f->cancelled;
        };
        if (!killed)
            wait_until(who, g, q->signal, Clock::time_point::max(),
                       "exit: queue feeder waits for a reader", v, flushed);
        Feeder* f = q->feeder_of(me);
        if (!f) continue;
        q->waiting_in_feeders -= f->items.size();  // lost, as with cancel_join_thread()
        const bool dropped = !f->items.empty();
        q->feeders.erase(q->feeders.begin() + (f - q->feeders.data()));
        g.unlock();
        if (dropped) q->signal.notify();
    }
}

}  // namespace forklab::threadrt
