// Pipe on the fork backend: messages travel through a ring per direction in the shared arena
// (pipe_ring.h), framed as [u32 size][u64 flow id][bytes]; no system call per message unless
// a side sleeps.
//
// Each Pipe also owns a socketpair(AF_UNIX, SOCK_STREAM) that carries no data: its
// descriptors give fork semantics for free. A child inherits every open end, and the kernel
// counts the copies, so once every copy of the other end is closed (exits included, kills
// too) poll() reports POLLHUP: the reader's EOFError once its ring is empty, the writer's
// BrokenPipeError. Asking the kernel costs a system call, so a sender (or a reader finding
// its ring empty) asks only when ForkArena::conn_epoch moved since it last asked: the epoch
// moves whenever an end is closed or a process exits or is reaped. A sleeper asks every
// slice, so a killed peer is noticed within kPipeSlice even before anyone reaps it.
//
// Waits sleep on the ring's futex in slices so the run's limits and Ctrl-C are still noticed.
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>

#include "fork/fork_host.h"

namespace forklab::forkrt {

namespace {

constexpr size_t kHeaderBytes = 12;
constexpr auto kPipeSlice = std::chrono::milliseconds(10);
// A writer publishes a large message in pieces of this size, so the reader copies one piece
// out while the writer copies the next one in.
constexpr size_t kPublishBytes = 32768;

unsigned char* ring_bytes(PipeRing& r) { return g_run->arena->data + r.offset; }

// Whether every copy of the socket's other end is closed (or the descriptor is broken).
bool socket_hung_up(int fd) {
    struct pollfd p = {fd, 0, 0};
    return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

// The epoch-gated question (see the file comment).
bool peer_gone_cheap(ConnEnd& c) {
    const uint32_t epoch = g_run->arena->conn_epoch.load();
    if (epoch == c.epoch_seen) return false;
    const bool gone = socket_hung_up(c.fd);
    if (!gone) c.epoch_seen = epoch;
    return gone;
}

void bump_epoch() { g_run->arena->conn_epoch.fetch_add(1); }

PipeRing* new_ring() {
    ForkArena& a = *g_run->arena;
    {
        ArenaGuard g(a.free_rings_lock);
        if (a.free_ring_count > 0) {
            PipeRing& r = a.pipe_rings[a.free_rings[--a.free_ring_count]];
            r.head.store(0);
            r.tail.store(0);
            r.data_want.store(0);
            r.room_want.store(0);
            r.users.store(2);
            return &r;
        }
    }
    const uint32_t i = a.next_pipe_ring.fetch_add(1);
    uint64_t offset = 0;
    if (i >= kMaxPipeRings || !arena_reserve(a, kPipeRingBytes, &offset)) {
        a.limit_hit.store(3);
        return nullptr;
    }
    PipeRing& r = a.pipe_rings[i];
    r.offset = offset;
    r.users.store(2);
    return &r;
}

void ring_unuse(PipeRing* r) {
    if (!r || r->users.fetch_sub(1) != 1) return;
    ForkArena& a = *g_run->arena;
    ArenaGuard g(a.free_rings_lock);
    a.free_rings[a.free_ring_count++] = (uint32_t)(r - a.pipe_rings);
}

// This copy of an end is closed: its rings lose a user (a simplex Pipe has one ring).
void end_unuse(ConnEnd& c) {
    ring_unuse(c.in);
    if (c.out != c.in) ring_unuse(c.out);
}

}  // namespace

// Sleeps on `sig` until `ready()` or the deadline, a slice at most per round; false when the
// deadline passed, the peer is gone or the run stops first. `*gone` tells the second case.
template <class Ready>
bool ForkHost::pipe_wait(ConnEnd& c, ArenaSignal& sig, std::atomic<uint64_t>& want,
                         uint64_t want_pos, Ready ready, Clock::time_point deadline, bool* gone,
                         const char* what, uint32_t conn_id) {
    *gone = false;
    if (ready()) return true;
    // A partner on another core usually answers within microseconds (arena_futex.h).
    if (spin_until_ready(ready, deadline)) return true;
    bool blocked = false;
    bool ok = false;
    for (;;) {
        if (ready()) {
            ok = true;
            break;
        }
        if (socket_hung_up(c.fd)) {
            *gone = true;
            break;
        }
        if (Clock::now() >= deadline || check_limits()) break;
        if (!blocked && tracing()) rec.record(now_ns(), EventKind::proc_blocked, conn_id, 0, what);
        blocked = true;
        flush_feeders();
        const auto slice = feeders_pending_ ? std::chrono::milliseconds(1) : kPipeSlice;
        const uint32_t seen = sig.seq.load();
        want.store(want_pos);
        sig.sleepers.fetch_add(1);
        if (!ready()) futex_wait_until(&sig.seq, seen, std::min(deadline, Clock::now() + slice));
        sig.sleepers.fetch_sub(1);
    }
    if (blocked && tracing()) rec.record(now_ns(), EventKind::proc_running);
    return ok;
}

ConnEnd* ForkHost::conn(ConnId id) {
    if (id.value == 0 || id.value > conns_.size()) return nullptr;
    ConnEnd* c = &conns_[id.value - 1];
    return c->fd >= 0 ? c : nullptr;
}

void ForkHost::pipe_create(bool duplex, ConnId* a, ConnId* b) {
    *a = *b = ConnId{0};
    PipeRing* to_a = new_ring();
    PipeRing* to_b = duplex ? new_ring() : nullptr;
    int fds[2];
    if (!to_a || (duplex && !to_b) ||
        socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, fds) != 0) {
        for (PipeRing* r : {to_a, to_b})
            if (r) {
                r->users.store(1);
                ring_unuse(r);
            }
        return;
    }
    const uint32_t first = g_run->arena->next_conn.fetch_add(2) + 1;
    if (conns_.size() < first + 1) conns_.resize(first + 1);
    conns_[first - 1] = ConnEnd{fds[0], to_a, to_b};
    conns_[first] = ConnEnd{fds[1], to_b, to_a};
    *a = ConnId{first};
    *b = ConnId{first + 1};
}

void ForkHost::inherit_conns(const ForkHost& parent) {
    conns_ = parent.conns_;
    for (ConnEnd& c : conns_) c.epoch_seen = UINT32_MAX;
}

void ForkHost::conns_fork_copies(int delta) {
    for (ConnEnd& c : conns_)
        if (c.fd >= 0)
            for (PipeRing* r : {c.in, c.out == c.in ? nullptr : c.out})
                if (r) r->users.fetch_add((uint32_t)delta);
}

void ForkHost::close_all_conns() {
    bool any = false;
    for (ConnEnd& c : conns_)
        if (c.fd >= 0) {
            end_unuse(c);
            ::close(c.fd);
            c.fd = -1;
            any = true;
        }
    if (any) bump_epoch();
}

void ForkHost::conn_close(ConnId id) {
    if (terminating()) return;
    ConnEnd* c = conn(id);
    if (!c) return;
    ::close(c->fd);
    c->fd = -1;
    bump_epoch();
    end_unuse(*c);  // the wake-ups below stay harmless on a ring reused meanwhile
    // Sleepers on the other side re-ask the kernel now rather than at their next slice.
    if (c->in) {
        c->in->room.seq.fetch_add(1);
        futex_wake(&c->in->room.seq, INT32_MAX);
    }
    if (c->out) {
        c->out->data.seq.fetch_add(1);
        futex_wake(&c->out->data.seq, INT32_MAX);
    }
}

int ForkHost::conn_fileno(ConnId id) {
    ConnEnd* c = conn(id);
    return c ? c->fd : -1;
}

OpStatus ForkHost::conn_send(ConnId id, std::string_view message, bool* peer_gone) {
    if (terminating()) return OpStatus::blocked;  // fork_terminate.cpp
    *peer_gone = false;
    ConnEnd* c = conn(id);
    if (!c || !c->out || peer_gone_cheap(*c)) {
        *peer_gone = true;
        return OpStatus::done;
    }
    PipeRing& r = *c->out;
    unsigned char* ring = ring_bytes(r);
    const uint64_t flow = next_flow();
    unsigned char header[kHeaderBytes];
    const uint32_t size = (uint32_t)message.size();
    memcpy(header, &size, 4);
    memcpy(header + 4, &flow, 8);
    const unsigned char* parts[2] = {header, reinterpret_cast<const unsigned char*>(message.data())};
    const size_t lens[2] = {kHeaderBytes, message.size()};
    uint64_t sent_at = 0;  // before the store that completes the message: before the recv
    ArenaGuard g(r.wlock);
    uint64_t tail = r.tail.load(std::memory_order_relaxed);
    // The header goes out with the first piece of the body: one tail store (and one look for
    // a sleeping reader) per message or piece, not one more for the header alone. Whatever is
    // written is published before waiting for room, which only a reader can make.
    uint64_t published = tail;
    auto publish = [&] {
        if (tail == published) return;
        published = tail;
        r.tail.store(tail);  // seq_cst: ordered before the read of data.sleepers
        ring_wake(r.data, r.data_want, tail);
    };
    for (int part = 0; part < 2 && !*peer_gone; ++part) {
        const unsigned char* src = parts[part];
        size_t left = lens[part];
        while (left > 0) {
            uint64_t room = kPipeRingCapacity - (tail - r.head.load(std::memory_order_acquire));
            if (room == 0) {
                publish();
                bool gone = false;
                const uint64_t want = tail + std::min<uint64_t>(left, kPipeRingCapacity / 2) - kPipeRingCapacity;
                const bool ok = pipe_wait(
                    *c, r.room, r.room_want, want, [&] { return r.head.load(std::memory_order_acquire) >= want; },
                    Clock::time_point::max(), &gone, "send()", id.value);
                if (!ok) {
                    *peer_gone = gone;
                    if (!gone) return OpStatus::done;  // the run stops
                    break;
                }
                continue;
            }
            const size_t at = (size_t)(tail & (kPipeRingBytes - 1));
            const size_t k = std::min<size_t>({left, (size_t)room, (size_t)kPipeRingBytes - at, kPublishBytes});
            memcpy(ring + at, src, k);
            src += k;
            left -= k;
            tail += k;
            if (left == 0 && (part == 1 || lens[1] == 0) && tracing()) sent_at = now_ns();
            if (part == 1 || lens[1] == 0) publish();
        }
    }
    publish();
    if (!*peer_gone && tracing()) rec.record(sent_at ? sent_at : now_ns(), EventKind::msg_send, id.value, (int64_t)flow);
    return OpStatus::done;
}

// Hands the next n bytes of the ring from `*head` on to `take(bytes, count)` piece by piece
// as they arrive, waiting for them; false at EOF (or when the run stops). Each piece frees
// its bytes (the head moves), except with `hold` (a message's header, freed with its body's
// first piece); held bytes are freed before any wait, since the writer may be waiting for
// that room.
template <class Take>
bool ForkHost::pipe_read(ConnEnd& c, uint32_t conn_id, uint64_t* head_io, size_t n, bool hold, Take take) {
    PipeRing& r = *c.in;
    const unsigned char* ring = ring_bytes(r);
    uint64_t head = *head_io;
    auto publish = [&] {
        if (r.head.load(std::memory_order_relaxed) == head) return;
        r.head.store(head);  // seq_cst: ordered before the read of room.sleepers
        ring_wake(r.room, r.room_want, head);
    };
    while (n > 0) {
        uint64_t avail = r.tail.load(std::memory_order_acquire) - head;
        if (avail == 0) {
            publish();
            bool gone = false;
            const uint64_t want = head + std::min<uint64_t>(n, kPipeRingCapacity / 2);
            if (!pipe_wait(c, r.data, r.data_want, want, [&] { return r.tail.load(std::memory_order_acquire) >= want; },
                           Clock::time_point::max(), &gone, "recv()", conn_id))
                return false;
            continue;
        }
        const size_t at = (size_t)(head & (kPipeRingBytes - 1));
        const size_t k = std::min<size_t>({n, (size_t)avail, (size_t)kPipeRingBytes - at});
        take(ring + at, k);
        n -= k;
        head += k;
        *head_io = head;
        if (!hold) publish();
    }
    if (!hold) publish();  // an empty body frees its header here
    return true;
}

OpStatus ForkHost::conn_recv(ConnId id, std::string* message, bool* eof) {
    if (terminating()) return OpStatus::blocked;  // fork_terminate.cpp
    *eof = false;
    ConnEnd* c = conn(id);
    if (!c || !c->in) {
        *eof = true;
        return OpStatus::done;
    }
    PipeRing& r = *c->in;
    // Empty ring and the writers gone: EOF without waiting (and without the lock).
    if (r.tail.load(std::memory_order_acquire) == r.head.load(std::memory_order_acquire) && peer_gone_cheap(*c) &&
        r.tail.load(std::memory_order_acquire) == r.head.load(std::memory_order_acquire)) {
        *eof = true;
        return OpStatus::done;
    }
    ArenaGuard g(r.rlock);
    unsigned char header[kHeaderBytes];
    size_t got = 0;
    uint64_t head = r.head.load(std::memory_order_relaxed);
    if (!pipe_read(*c, id.value, &head, kHeaderBytes, true, [&](const unsigned char* p, size_t k) {
            memcpy(header + got, p, k);
            got += k;
        })) {
        *eof = true;
        return OpStatus::done;
    }
    uint32_t size;
    uint64_t flow;
    memcpy(&size, header, 4);
    memcpy(&flow, header + 4, 8);
    // Appended piece by piece into reserved room: one pass over the bytes, where a resize()
    // first would zero them all (a second pass, a quarter of a large recv's time).
    message->clear();
    message->reserve(size);
    if (!pipe_read(*c, id.value, &head, size, false, [&](const unsigned char* p, size_t k) {
            message->append(reinterpret_cast<const char*>(p), k);
        })) {
        *eof = true;
        return OpStatus::done;
    }
    if (tracing()) rec.record(now_ns(), EventKind::msg_recv, id.value, (int64_t)flow);
    return OpStatus::done;
}

OpStatus ForkHost::conn_poll(ConnId id, std::optional<double> timeout_s, bool* ready) {
    if (terminating()) return OpStatus::blocked;  // fork_terminate.cpp
    *ready = false;
    ConnEnd* c = conn(id);
    if (!c || !c->in) {
        *ready = true;  // recv() would raise at once
        return OpStatus::done;
    }
    PipeRing& r = *c->in;
    // CPython's poll() is also true for a partial message.
    auto has_bytes = [&] { return r.tail.load(std::memory_order_acquire) != r.head.load(std::memory_order_acquire); };
    if (has_bytes()) {
        *ready = true;
        return OpStatus::done;
    }
    bool gone = false;
    const uint64_t want = r.head.load(std::memory_order_acquire) + 1;
    *ready = pipe_wait(*c, r.data, r.data_want, want, has_bytes, deadline_after(timeout_s), &gone, "poll()", id.value) || gone;
    return OpStatus::done;
}

}  // namespace forklab::forkrt
