#include "exec/sim_fingerprint.h"

#include <cstring>

namespace forklab::sim {

std::vector<SharedCells> shared_cells(const World& w) {
    std::vector<SharedCells> out;
    out.reserve(w.shared.size());
    for (size_t i = 0; i < w.shared.size(); ++i)
        out.push_back(SharedCells{(uint32_t)i + 1, typecode_is_float(w.shared[i].type), w.shared[i].cells});
    return out;
}

namespace {

// FNV-1a over 64-bit words, then a final avalanche: fast, and platform-independent.
struct Hasher {
    uint64_t h = 0xcbf29ce484222325ull;
    void add(uint64_t v) {
        for (int i = 0; i < 8; ++i) h = (h ^ ((v >> (8 * i)) & 0xff)) * 0x100000001b3ull;
    }
    void add(const std::string& s) {
        add(s.size());
        for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
    }
    void add(Scalar s) {
        uint64_t bits = (uint64_t)s.i;
        if (s.is_float) std::memcpy(&bits, &s.f, sizeof bits);
        add(bits);
        add((uint64_t)s.is_float);
    }
    uint64_t done() const {
        uint64_t z = h;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
};

void add_process(Hasher& h, const World& w, const SimProcess& p) {
    h.add(p.parent.value);
    h.add((uint64_t)p.daemon);
    switch (p.state) {
        case ProcState::ready:
        case ProcState::running: h.add(1); break;  // step mode gives every ready one a core
        case ProcState::exited: h.add(2); h.add((uint64_t)(int64_t)p.exitcode); return;
        case ProcState::blocked:
            h.add(3);
            h.add((uint64_t)p.wait.kind);
            // Idle waiters wait for "a change since": the count itself is history.
            h.add(p.wait.kind == Wait::idle ? (uint64_t)(w.changes - p.wait.object) : p.wait.object);
            h.add((uint64_t)(p.wait.deadline != kNoDeadline));
            h.add((uint64_t)p.wait.op);
            h.add(p.wait.ticket.id);
            h.add((uint64_t)p.wait.ticket.index);
            h.add(p.wait.bytes);
            break;
    }
    h.add((uint64_t)p.wait_pending);
    h.add((uint64_t)p.sync_phase);
    h.add(p.sync_id.value);
    h.add(p.sync_lock.value);
    h.add(p.sync_depth);
    h.add((uint64_t)p.sync_result.ok);
    h.add((uint64_t)p.sync_result.value);
}

void add_messages(Hasher& h, const std::deque<SimMessage>& q) {
    h.add(q.size());
    for (const SimMessage& m : q) {
        h.add(m.data);
        h.add(m.from.value);
    }
}

}  // namespace

uint64_t fingerprint(const World& w, const std::vector<uint64_t>& histories) {
    Hasher h;
    for (size_t i = 0; i < histories.size() && i < w.procs.size(); ++i)
        h.add(w.procs[i]->state == ProcState::exited ? 0 : histories[i]);
    h.add(w.procs.size());
    for (const auto& p : w.procs) add_process(h, w, *p);
    h.add(w.shared.size());
    for (const SharedBlock& b : w.shared) {
        h.add((uint64_t)b.type);
        h.add(b.lock.value);
        for (Scalar s : b.cells) h.add(s);
    }
    h.add(w.locks.size());
    for (const SimLock& l : w.locks) {
        h.add((uint64_t)l.kind);
        h.add((uint64_t)l.held);
        h.add(l.held ? l.owner.value : 0);
        h.add(l.count);
    }
    h.add(w.syncs.size());
    for (const SyncState& s : w.syncs) {
        h.add((uint64_t)s.kind);
        h.add((uint64_t)s.flag);
        h.add((uint64_t)s.value);
        h.add((uint64_t)s.limit);
        h.add((uint64_t)s.has_action * 2 + (uint64_t)s.releasing);
        h.add(s.generation);
        h.add(s.broken_rounds);
        h.add(s.next_ticket);
        h.add(s.notified);
        h.add(s.cancelled);
    }
    h.add(w.pipes.size());
    for (const SimPipe& p : w.pipes) {
        h.add((uint64_t)p.duplex);
        for (const SimPipeEnd& e : p.end) {
            h.add(e.holders.size());
            for (uint32_t x : e.holders) h.add(x);
            add_messages(h, e.inbox);
        }
    }
    h.add(w.queues.size());
    for (const SimQueue& q : w.queues) {
        h.add(q.maxsize);
        h.add((uint64_t)q.simple);
        h.add(q.items);
        add_messages(h, q.buffer);
        h.add(q.feeders.size());
        for (const auto& f : q.feeders) add_messages(h, f);
        h.add(q.cancelled.size());
        for (uint32_t c : q.cancelled) h.add(c);
    }
    h.add(w.result.out);
    h.add(w.result.err);
    h.add((uint64_t)w.aborted * 2 + (uint64_t)w.finished);
    return h.done();
}

}  // namespace forklab::sim
