// Pipe on the fork backend: as CPython, a socketpair(AF_UNIX, SOCK_STREAM) for a duplex Pipe
// and a pipe() for Pipe(duplex=False), with the kernel's default buffers (so what fits
// before a send blocks is what fits on CPython); messages framed as [u32 size][u64 flow id]
// [bytes].
//
// Real descriptors make fork semantics free: a child inherits every open end, EOF comes once
// every copy of the other end is closed (exits included, kills too), and a write whose
// reader is gone fails with EPIPE (SIGPIPE is ignored during a run: BrokenPipeError). The
// descriptors are non-blocking; waits are poll()s.
//
// The reader reads ahead up to 64 KiB per system call and hands out messages from that
// buffer, so a stream of small messages costs a fraction of a system call each. A child
// drops what its parent had read ahead (those messages are the parent's; a fork must not
// deliver them twice).
//
// Waits poll() in slices so the run's limits and Ctrl-C are still noticed.
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>

#include "fork/fork_host.h"

namespace forklab::forkrt {

namespace {

constexpr size_t kHeaderBytes = 12;
constexpr size_t kReadAhead = 65536;

// Waits for `events` on fd up to the deadline (one slice at most). Returns poll's revents
// (0 on timeout).
int wait_fd(int fd, short events, Clock::time_point deadline) {
    const auto now = Clock::now();
    int ms = 0;
    if (deadline > now) {
        const auto step = std::min<Clock::duration>(deadline - now, kWaitSlice);
        ms = (int)std::chrono::duration_cast<std::chrono::milliseconds>(step).count();
        if (ms == 0) ms = 1;
    }
    struct pollfd p = {fd, events, 0};
    const int r = ::poll(&p, 1, ms);
    return r > 0 ? p.revents : 0;
}

}  // namespace

ConnEnd* ForkHost::conn(ConnId id) {
    if (id.value == 0 || id.value > conns_.size()) return nullptr;
    ConnEnd* c = &conns_[id.value - 1];
    return c->fd >= 0 ? c : nullptr;
}

void ForkHost::pipe_create(bool duplex, ConnId* a, ConnId* b) {
    *a = *b = ConnId{0};
    int fds[2];
    if (duplex ? socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, fds) != 0
               : pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    const uint32_t first = g_run->arena->next_conn.fetch_add(2) + 1;
    if (conns_.size() < first + 1) conns_.resize(first + 1);
    ConnEnd& ea = conns_[first - 1];
    ConnEnd& eb = conns_[first];
    ea = ConnEnd{fds[0], true, duplex, {}, 0};
    eb = ConnEnd{fds[1], duplex, true, {}, 0};
    *a = ConnId{first};
    *b = ConnId{first + 1};
}

void ForkHost::inherit_conns(const ForkHost& parent) {
    conns_.resize(parent.conns_.size());
    for (size_t i = 0; i < conns_.size(); ++i) {
        const ConnEnd& p = parent.conns_[i];
        conns_[i] = ConnEnd{p.fd, p.readable, p.writable, {}, 0};
    }
}

void ForkHost::close_all_conns() {
    for (ConnEnd& c : conns_)
        if (c.fd >= 0) {
            ::close(c.fd);
            c.fd = -1;
        }
}

void ForkHost::conn_close(ConnId id) {
    ConnEnd* c = conn(id);
    if (!c) return;
    ::close(c->fd);
    c->fd = -1;
    c->inbuf.clear();
    c->inpos = 0;
}

int ForkHost::conn_fileno(ConnId id) {
    ConnEnd* c = conn(id);
    return c ? c->fd : -1;
}

OpStatus ForkHost::conn_send(ConnId id, std::string_view message, bool* peer_gone) {
    *peer_gone = false;
    ConnEnd* c = conn(id);
    if (!c || !c->writable) {
        *peer_gone = true;
        return OpStatus::done;
    }
    const uint64_t flow = next_flow();
    unsigned char header[kHeaderBytes];
    const uint32_t size = (uint32_t)message.size();
    memcpy(header, &size, 4);
    memcpy(header + 4, &flow, 8);
    // Small messages go out in one write(); large ones as header + body in one writev().
    char small[512];
    struct iovec iov[2];
    int niov;
    if (message.size() + kHeaderBytes <= sizeof small) {
        memcpy(small, header, kHeaderBytes);
        memcpy(small + kHeaderBytes, message.data(), message.size());
        iov[0] = {small, message.size() + kHeaderBytes};
        niov = 1;
    } else {
        iov[0] = {header, kHeaderBytes};
        iov[1] = {const_cast<char*>(message.data()), message.size()};
        niov = 2;
    }
    bool blocked = false;
    struct iovec* v = iov;
    while (niov > 0) {
        const ssize_t n = ::writev(c->fd, v, niov);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                if (!blocked && tracing()) rec.record(now_ns(), EventKind::proc_blocked, id.value, 0, "send()");
                blocked = true;
                if (check_limits()) break;
                flush_feeders();
                wait_fd(c->fd, POLLOUT, Clock::now() + (feeders_pending_ ? std::chrono::milliseconds(1) : kWaitSlice));
                continue;
            }
            *peer_gone = true;  // EPIPE, ECONNRESET
            break;
        }
        for (size_t left = (size_t)n; left > 0;) {
            const size_t k = std::min(left, v->iov_len);
            v->iov_base = static_cast<char*>(v->iov_base) + k;
            v->iov_len -= k;
            left -= k;
            if (v->iov_len == 0) {
                ++v;
                --niov;
            }
        }
    }
    if (blocked && tracing()) rec.record(now_ns(), EventKind::proc_running);
    if (!*peer_gone && tracing()) rec.record(now_ns(), EventKind::msg_send, id.value, (int64_t)flow);
    return OpStatus::done;
}

OpStatus ForkHost::conn_recv(ConnId id, std::string* message, bool* eof) {
    *eof = false;
    ConnEnd* c = conn(id);
    if (!c || !c->readable) {
        *eof = true;
        return OpStatus::done;
    }
    bool blocked = false;
    // Reads more bytes into the read-ahead buffer; false at EOF (or when the run stops).
    auto fill = [&](size_t want) {
        for (;;) {
            if (c->inpos > 0 && c->inpos == c->inbuf.size()) {
                c->inbuf.clear();
                c->inpos = 0;
            }
            const size_t old = c->inbuf.size();
            const size_t room = std::max(want, kReadAhead);
            c->inbuf.resize(old + room);
            const ssize_t n = ::read(c->fd, c->inbuf.data() + old, room);
            c->inbuf.resize(old + (n > 0 ? (size_t)n : 0));
            if (n > 0) return true;
            if (n == 0) return false;
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) return false;
            if (!blocked && tracing()) rec.record(now_ns(), EventKind::proc_blocked, id.value, 0, "recv()");
            blocked = true;
            if (check_limits()) return false;
            flush_feeders();
            wait_fd(c->fd, POLLIN, Clock::now() + (feeders_pending_ ? std::chrono::milliseconds(1) : kWaitSlice));
        }
    };
    uint32_t size = 0;
    uint64_t flow = 0;
    bool ok = true;
    while (ok && c->inbuf.size() - c->inpos < kHeaderBytes) ok = fill(kHeaderBytes);
    if (ok) {
        memcpy(&size, c->inbuf.data() + c->inpos, 4);
        memcpy(&flow, c->inbuf.data() + c->inpos + 4, 8);
        while (ok && c->inbuf.size() - c->inpos < kHeaderBytes + size)
            ok = fill(kHeaderBytes + size - (c->inbuf.size() - c->inpos));
    }
    if (blocked && tracing()) rec.record(now_ns(), EventKind::proc_running);
    if (!ok) {
        *eof = true;
        return OpStatus::done;
    }
    message->assign(c->inbuf.data() + c->inpos + kHeaderBytes, size);
    c->inpos += kHeaderBytes + size;
    if (c->inpos == c->inbuf.size()) {
        c->inbuf.clear();
        c->inpos = 0;
    }
    if (tracing()) rec.record(now_ns(), EventKind::msg_recv, id.value, (int64_t)flow);
    return OpStatus::done;
}

OpStatus ForkHost::conn_poll(ConnId id, std::optional<double> timeout_s, bool* ready) {
    *ready = false;
    ConnEnd* c = conn(id);
    if (!c || !c->readable) {
        *ready = true;  // recv() would raise at once
        return OpStatus::done;
    }
    const size_t have = c->inbuf.size() - c->inpos;
    if (have >= kHeaderBytes) {
        uint32_t size;
        memcpy(&size, c->inbuf.data() + c->inpos, 4);
        if (have >= kHeaderBytes + size) {
            *ready = true;
            return OpStatus::done;
        }
    }
    const auto deadline = deadline_after(timeout_s);
    for (;;) {
        const auto slice_end = feeders_pending_ ? std::min(deadline, Clock::now() + std::chrono::milliseconds(1)) : deadline;
        const int ev = wait_fd(c->fd, POLLIN, slice_end);
        if (ev & (POLLIN | POLLHUP | POLLERR)) {
            // Bytes (or EOF) are there; CPython's poll() is also true for a partial message.
            *ready = true;
            return OpStatus::done;
        }
        if (Clock::now() >= deadline || check_limits()) return OpStatus::done;
        flush_feeders();
    }
}

}  // namespace forklab::forkrt
