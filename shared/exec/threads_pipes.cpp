// Pipe connections on the threads backend: see threads_ipc.h.
#include <memory>

#include "exec/threads_ipc.h"

namespace forklab::threadrt {

namespace {
ConnId end_id(uint32_t pipe, int side) { return ConnId{2 * pipe - 1 + (uint32_t)side}; }
}  // namespace

ThreadPipes::Pipe* ThreadPipes::find(ConnId c, int* side) const {
    if (c.value == 0) return nullptr;
    *side = (int)((c.value - 1) % 2);
    return pipes_.get((c.value - 1) / 2 + 1);
}

void ThreadPipes::create(ProcIpc& creator, bool /*duplex: enforced by the interpreter*/,
                         ConnId* a, ConnId* b) {
    auto p = std::make_unique<Pipe>();
    p->copies[0] = p->copies[1] = 1;
    const uint32_t id = pipes_.add(std::move(p));
    if (id == 0) {
        *a = *b = ConnId{0};  // the table is full: the interpreter raises NotImplementedError
        return;
    }
    *a = end_id(id, 0);
    *b = end_id(id, 1);
    std::lock_guard<std::mutex> g(creator.m);
    creator.hold(*a);
    creator.hold(*b);
}

OpStatus ThreadPipes::send(ThreadWaiter& who, ConnId c, std::string_view message,
                           bool* peer_gone) {
    *peer_gone = false;
    int side = 0;
    Pipe* p = find(c, &side);
    if (!p || who.waiter_killed()) return OpStatus::done;
    const int peer = 1 - side;
    Channel& ch = p->dir[peer];
    const size_t n = message.size();
    const uint64_t flow = flows_.fetch_add(1, std::memory_order_relaxed) + 1;
    {
        std::unique_lock<std::mutex> g(p->m);
        const bool room = wait_until(who, g, p->signal[peer], Clock::time_point::max(), "conn.send()",
                                     c.value,
                                     [&] { return p->copies[peer] == 0 || ch.has_room(n); });
        if (p->copies[peer] == 0) {
            *peer_gone = true;
            return OpStatus::done;
        }
        if (!room) return OpStatus::done;  // killed
        const uint64_t index = ch.push(Message{std::string(message), flow});
        p->signal[peer].notify();
        who.waiter_trace(EventKind::msg_send, c.value, (int64_t)flow);
        // A message larger than the buffer is not written until the reader has read it.
        if (n > kPipeBufferBytes) {
            wait_until(who, g, p->signal[peer], Clock::time_point::max(), "conn.send()", c.value,
                       [&] { return p->copies[peer] == 0 || ch.taken > index; });
            if (ch.taken <= index && p->copies[peer] == 0) *peer_gone = true;
        }
    }
    return OpStatus::done;
}

OpStatus ThreadPipes::recv(ThreadWaiter& who, ConnId c, std::string* message, bool* eof) {
    *eof = false;
    int side = 0;
    Pipe* p = find(c, &side);
    if (!p || who.waiter_killed()) return OpStatus::done;
    const int peer = 1 - side;
    Channel& ch = p->dir[side];
    Message m;
    {
        std::unique_lock<std::mutex> g(p->m);
        wait_until(who, g, p->signal[side], Clock::time_point::max(), "conn.recv()", c.value,
                   [&] { return !ch.items.empty() || p->copies[peer] == 0; });
        if (ch.items.empty()) {
            *eof = p->copies[peer] == 0;  // else killed while waiting
            return OpStatus::done;
        }
        m = ch.pop();
    }
    p->signal[side].notify();
    who.waiter_trace(EventKind::msg_recv, c.value, (int64_t)m.flow);
    *message = std::move(m.data);
    return OpStatus::done;
}

OpStatus ThreadPipes::poll(ThreadWaiter& who, ConnId c, Clock::time_point deadline,
                           bool* ready) {
    *ready = false;
    int side = 0;
    Pipe* p = find(c, &side);
    if (!p) return OpStatus::done;
    const int peer = 1 - side;
    std::unique_lock<std::mutex> g(p->m);
    *ready = wait_until(who, g, p->signal[side], deadline, "conn.poll()", c.value, [&] {
        return !p->dir[side].items.empty() || p->copies[peer] == 0;
    });
    return OpStatus::done;
}

void ThreadPipes::close(ProcIpc& holder, ConnId c) {
    {
        std::lock_guard<std::mutex> g(holder.m);
        if (c.value >= holder.held.size() || !holder.held[c.value]) return;
        holder.held[c.value] = 0;
    }
    int side = 0;
    Pipe* p = find(c, &side);
    if (!p) return;
    {
        std::lock_guard<std::mutex> g(p->m);
        --p->copies[side];
    }
    // Readers of the other end may now see EOF, writers into this end BrokenPipe.
    p->signal[0].notify();
    p->signal[1].notify();
}

void ThreadPipes::inherit(ProcIpc& parent, ProcIpc& child) {
    std::lock_guard<std::mutex> gp(parent.m);
    std::lock_guard<std::mutex> gc(child.m);  // not yet running: never contended
    for (uint32_t v = 1; v < parent.held.size(); ++v) {
        if (!parent.held[v]) continue;
        int side = 0;
        Pipe* p = find(ConnId{v}, &side);
        if (!p) continue;
        {
            std::lock_guard<std::mutex> g(p->m);
            ++p->copies[side];
        }
        child.hold(ConnId{v});
    }
}

void ThreadPipes::drop_all(ProcIpc& holder) {
    size_t n;
    {
        std::lock_guard<std::mutex> g(holder.m);
        n = holder.held.size();
    }
    for (uint32_t v = 1; v < n; ++v) close(holder, ConnId{v});
}

}  // namespace forklab::threadrt
