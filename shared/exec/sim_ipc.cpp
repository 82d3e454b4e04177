// Pipes and queues on the simulator (host.h's rules): per-process copies of pipe ends, EOF
// when no copy of the other end is left, kPipeBufferBytes of buffer, and CPython's Queue
// feeder, which keeps a process from exiting until what it put has been read.
//
// Index: [SECTION] pipes, [SECTION] queues, [SECTION] process start and exit, [SECTION] waits
#include <algorithm>

#include "exec/sim_world.h"

namespace forklab::sim {

namespace {

bool holds(const std::vector<uint32_t>& holders, ProcId p) {
    return std::binary_search(holders.begin(), holders.end(), p.value);
}
void add_holder(std::vector<uint32_t>& holders, ProcId p) {
    auto it = std::lower_bound(holders.begin(), holders.end(), p.value);
    if (it == holders.end() || *it != p.value) holders.insert(it, p.value);
}
bool remove_holder(std::vector<uint32_t>& holders, ProcId p) {
    auto it = std::lower_bound(holders.begin(), holders.end(), p.value);
    if (it == holders.end() || *it != p.value) return false;
    holders.erase(it);
    return true;
}

// A message may go in when it fits, or when the buffer is empty (a large one then fills it
// and its sender waits until it has been read, as a write() larger than the OS pipe).
bool fits(size_t used, size_t bytes) { return used == 0 || used + bytes <= kPipeBufferBytes; }

}  // namespace

// [SECTION] pipes

static bool valid_conn(const World& w, ConnId c) { return c.value > 0 && (c.value - 1) / 2 < w.pipes.size(); }
static SimPipeEnd& end_of(World& w, ConnId c) { return w.pipes[(c.value - 1) / 2].end[(c.value - 1) % 2]; }
static SimPipeEnd& other_end(World& w, ConnId c) { return w.pipes[(c.value - 1) / 2].end[1 - (c.value - 1) % 2]; }
static const SimPipeEnd& end_of(const World& w, ConnId c) { return w.pipes[(c.value - 1) / 2].end[(c.value - 1) % 2]; }
static const SimPipeEnd& other_end(const World& w, ConnId c) { return w.pipes[(c.value - 1) / 2].end[1 - (c.value - 1) % 2]; }

void SimHost::pipe_create(bool duplex, ConnId* a, ConnId* b) {
    SimPipe p;
    p.duplex = duplex;
    add_holder(p.end[0].holders, self_);
    add_holder(p.end[1].holders, self_);
    world_.pipes.push_back(std::move(p));
    const uint32_t base = uint32_t(world_.pipes.size() - 1) * 2;
    *a = ConnId{base + 1};
    *b = ConnId{base + 2};
}

OpStatus SimHost::conn_send_now(ConnId c, std::string_view message, bool* peer_gone) {
    *peer_gone = false;
    if (!valid_conn(world_, c)) {
        *peer_gone = true;
        return OpStatus::done;
    }
    SimProcess& me = world_.proc(self_);
    SimPipeEnd& to = other_end(world_, c);
    if (me.wait_pending && me.wait.kind == Wait::conn_drain) {  // our large message is in
        if (to.inbox_bytes > kPipeBufferBytes && !to.holders.empty()) return OpStatus::blocked;
        finish_wait();
        return OpStatus::done;
    }
    if (to.holders.empty()) {
        finish_wait();
        *peer_gone = true;
        return OpStatus::done;
    }
    if (!fits(to.inbox_bytes, message.size())) {
        OpStatus s = block_on(Wait::conn_write, c.value, std::nullopt);
        me.wait.bytes = message.size();
        return s;
    }
    finish_wait();
    const uint64_t flow = world_.next_flow++;
    to.inbox.push_back(SimMessage{std::string(message), flow, self_});
    to.inbox_bytes += message.size();
    world_.trace(self_, EventKind::msg_send, c.value, (int64_t)flow);
    world_.wake_all();
    if (to.inbox_bytes > kPipeBufferBytes) return block_on(Wait::conn_drain, c.value, std::nullopt);
    return OpStatus::done;
}

OpStatus SimHost::conn_recv_now(ConnId c, std::string* message, bool* eof) {
    *eof = false;
    if (!valid_conn(world_, c)) {
        *eof = true;
        return OpStatus::done;
    }
    SimPipeEnd& in = end_of(world_, c);
    if (!in.inbox.empty()) {
        finish_wait();
        SimMessage m = std::move(in.inbox.front());
        in.inbox.pop_front();
        in.inbox_bytes -= m.data.size();
        *message = std::move(m.data);
        world_.trace(self_, EventKind::msg_recv, c.value, (int64_t)m.flow);
        world_.wake_all();
        return OpStatus::done;
    }
    if (other_end(world_, c).holders.empty()) {
        finish_wait();
        *eof = true;
        return OpStatus::done;
    }
    return block_on(Wait::conn_read, c.value, std::nullopt);
}

OpStatus SimHost::conn_poll_now(ConnId c, std::optional<double> timeout_s, bool* ready) {
    *ready = true;
    if (!valid_conn(world_, c)) return OpStatus::done;
    if (!end_of(world_, c).inbox.empty() || other_end(world_, c).holders.empty()) {
        finish_wait();
        return OpStatus::done;
    }
    *ready = false;
    if (timed_out() || (timeout_s && !(*timeout_s > 0))) {
        finish_wait();
        return OpStatus::done;
    }
    return block_on(Wait::conn_read, c.value, timeout_s);
}

void SimHost::conn_close_now(ConnId c) {
    if (!valid_conn(world_, c)) return;
    if (remove_holder(end_of(world_, c).holders, self_)) world_.wake_all();
}

int SimHost::conn_fileno(ConnId c) { return 2 + (int)c.value; }  // after stdin, stdout, stderr

// [SECTION] queues

static bool valid_queue(const World& w, QueueId q) { return q.value > 0 && q.value <= w.queues.size(); }

// Moves feeder items into the buffer while they fit, one producer's items in order.
static bool flush_feeders(World& w, SimQueue& q) {
    bool moved = false;
    for (auto& feeder : q.feeders) {
        while (!feeder.empty() && fits(q.buffer_bytes, feeder.front().data.size())) {
            q.buffer_bytes += feeder.front().data.size();
            q.buffer.push_back(std::move(feeder.front()));
            feeder.pop_front();
            moved = true;
        }
    }
    if (moved) w.wake_all();
    return moved;
}

QueueId SimHost::queue_create(size_t maxsize, bool simple) {
    SimQueue q;
    q.maxsize = maxsize;
    q.simple = simple;
    world_.queues.push_back(std::move(q));
    return QueueId{(uint32_t)world_.queues.size()};
}

OpStatus SimHost::queue_put_now(QueueId qid, std::string_view item, bool block,
                            std::optional<double> timeout_s, bool* full) {
    *full = false;
    if (!valid_queue(world_, qid)) return OpStatus::done;
    SimQueue& q = world_.queues[qid.value - 1];
    SimProcess& me = world_.proc(self_);
    if (me.wait_pending && me.wait.kind == Wait::queue_drain) {  // our large item is in
        if (q.buffer_bytes > kPipeBufferBytes) return OpStatus::blocked;
        finish_wait();
        return OpStatus::done;
    }
    const bool room = q.simple ? fits(q.buffer_bytes, item.size()) : (q.maxsize == 0 || q.items < q.maxsize);
    if (!room) {
        if (!block || timed_out() || (timeout_s && !(*timeout_s > 0))) {
            finish_wait();
            *full = true;
            return OpStatus::done;
        }
        OpStatus s = block_on(Wait::queue_put, qid.value, timeout_s);
        world_.proc(self_).wait.bytes = item.size();
        return s;
    }
    finish_wait();
    const uint64_t flow = world_.next_flow++;
    ++q.items;
    world_.trace(self_, EventKind::queue_put, qid.value, (int64_t)flow);
    SimMessage m{std::string(item), flow, self_};
    if (q.simple) {
        q.buffer_bytes += m.data.size();
        q.buffer.push_back(std::move(m));
        world_.wake_all();
        // SimpleQueue writes in put() itself: an item larger than the pipe waits to be read.
        if (q.buffer_bytes > kPipeBufferBytes) return block_on(Wait::queue_drain, qid.value, std::nullopt);
        return OpStatus::done;
    }
    if (q.feeders.size() <= self_.value) q.feeders.resize(self_.value + 1);
    q.feeders[self_.value].push_back(std::move(m));
    flush_feeders(world_, q);
    return OpStatus::done;
}

OpStatus SimHost::queue_get_now(QueueId qid, bool block, std::optional<double> timeout_s,
                            std::string* item, bool* empty) {
    *empty = false;
    if (!valid_queue(world_, qid)) {
        *empty = true;
        return OpStatus::done;
    }
    SimQueue& q = world_.queues[qid.value - 1];
    if (!q.buffer.empty()) {
        finish_wait();
        SimMessage m = std::move(q.buffer.front());
        q.buffer.pop_front();
        q.buffer_bytes -= m.data.size();
        --q.items;
        *item = std::move(m.data);
        world_.trace(self_, EventKind::queue_get, qid.value, (int64_t)m.flow);
        flush_feeders(world_, q);
        world_.wake_all();
        return OpStatus::done;
    }
    if (!block || timed_out() || (timeout_s && !(*timeout_s > 0))) {
        finish_wait();
        *empty = true;
        return OpStatus::done;
    }
    return block_on(Wait::queue_get, qid.value, timeout_s);
}

size_t SimHost::queue_size_now(QueueId qid) {
    return valid_queue(world_, qid) ? world_.queues[qid.value - 1].items : 0;
}

void SimHost::queue_cancel_join(QueueId qid) {
    if (valid_queue(world_, qid)) add_holder(world_.queues[qid.value - 1].cancelled, self_);
}

// [SECTION] process start and exit

void World::inherit_ipc(ProcId parent, ProcId child) {
    for (SimPipe& p : pipes)
        for (SimPipeEnd& e : p.end)
            if (holds(e.holders, parent)) add_holder(e.holders, child);
}

void World::release_ipc(ProcId p) {
    bool changed = false;
    for (SimPipe& pipe : pipes)
        for (SimPipeEnd& e : pipe.end) changed |= remove_holder(e.holders, p);
    // Whatever is still in an exiting process's feeder is lost (killed, or cancel_join_thread).
    for (SimQueue& q : queues) {
        if (q.feeders.size() <= p.value) continue;
        auto& feeder = q.feeders[p.value];
        changed |= !feeder.empty();
        q.items -= feeder.size();
        feeder.clear();
    }
    if (changed) wake_all();
}

// What `p`'s feeder has not written yet: its items still in the feeder, and the part of its
// items in the buffer beyond kPipeBufferBytes (a write into a full OS pipe not yet done).
static size_t unwritten_bytes(const SimQueue& q, ProcId p) {
    size_t bytes = 0, offset = 0;
    for (const SimMessage& m : q.buffer) {
        const size_t end = offset + m.data.size();
        if (m.from == p && end > kPipeBufferBytes) bytes += end - std::max(offset, kPipeBufferBytes);
        offset = end;
    }
    if (q.feeders.size() > p.value)
        for (const SimMessage& m : q.feeders[p.value]) bytes += m.data.size();
    return bytes;
}

uint32_t World::feeder_blocking_exit(ProcId p) const {
    for (size_t i = 0; i < queues.size(); ++i) {
        const SimQueue& q = queues[i];
        if (!q.simple && !holds(q.cancelled, p) && unwritten_bytes(q, p) > 0) return uint32_t(i + 1);
    }
    return 0;
}

// [SECTION] waits

bool World::ipc_wait_satisfied(const SimProcess& p) const {
    const Wait& w = p.wait;
    switch (w.kind) {
        case Wait::conn_read: {
            const ConnId c{w.object};
            return !end_of(*this, c).inbox.empty() || other_end(*this, c).holders.empty();
        }
        case Wait::conn_write: {
            const SimPipeEnd& to = other_end(*this, ConnId{w.object});
            return to.holders.empty() || fits(to.inbox_bytes, w.bytes);
        }
        case Wait::conn_drain: {
            const SimPipeEnd& to = other_end(*this, ConnId{w.object});
            return to.holders.empty() || to.inbox_bytes <= kPipeBufferBytes;
        }
        case Wait::queue_get: return !queues[w.object - 1].buffer.empty();
        case Wait::queue_put: {
            const SimQueue& q = queues[w.object - 1];
            return q.simple ? fits(q.buffer_bytes, w.bytes) : (q.maxsize == 0 || q.items < q.maxsize);
        }
        case Wait::queue_drain: return queues[w.object - 1].buffer_bytes <= kPipeBufferBytes;
        case Wait::feeder: return feeder_blocking_exit(p.id) == 0;
        default: return true;
    }
}

static std::string amount(size_t bytes) {
    if (bytes >= (1u << 20)) return std::to_string((bytes + (1u << 19)) >> 20) + " MB";
    if (bytes >= 1024) return std::to_string((bytes + 512) >> 10) + " KB";
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

static std::string holders_text(const World& w, const std::vector<uint32_t>& holders) {
    std::string s;
    for (size_t i = 0; i < holders.size(); ++i) {
        if (i) s += i + 1 == holders.size() ? " and " : ", ";
        s += w.procs[holders[i]]->name;
    }
    return s;
}

std::string World::describe_ipc_wait(const SimProcess& p) const {
    const Wait& w = p.wait;
    std::string what(p.interp->block_reason());
    switch (w.kind) {
        case Wait::conn_read: {
            const SimPipeEnd& other = other_end(*this, ConnId{w.object});
            return what + " on an empty pipe whose other end is still open in " + holders_text(*this, other.holders);
        }
        case Wait::conn_write: case Wait::conn_drain:
            return what + " on a full pipe (" + std::to_string(kPipeBufferBytes) +
                   " bytes) that nobody reads";
        case Wait::queue_get: return what + " on an empty queue";
        case Wait::queue_put: return what + " on a full queue";
        case Wait::queue_drain:
            return what + " of an item larger than the queue's pipe (" + std::to_string(kPipeBufferBytes) +
                   " bytes) that nobody reads";
        case Wait::feeder: {
            const SimQueue& q = queues[w.object - 1];
            size_t bytes = 0;  // all it put and nobody got, not just the unwritten part
            for (const SimMessage& m : q.buffer) bytes += m.from == p.id ? m.data.size() : 0;
            for (const SimMessage& m : q.feeders[p.id.value]) bytes += m.data.size();
            return amount(bytes) + " it put on a queue has not been read";
        }
        default: return what;
    }
}

}  // namespace forklab::sim
