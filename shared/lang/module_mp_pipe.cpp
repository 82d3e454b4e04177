// multiprocessing.Pipe and its Connection objects. Every check that raises comes before the
// one Host call that may block (send, recv, poll), and values are serialized before it, so
// the sim backend can re-run the instruction after `blocked` with nothing changed.
#include "lang/exceptions.h"
#include "lang/module_mp_ipc.h"
#include "lang/module_util.h"
#include "lang/transport.h"

namespace forklab::lang {

#define ARGS FORKLAB_ARGS
#define GIVEN FORKLAB_GIVEN

Res ipc_timeout(State& st, const Value& v, std::optional<double>* out) {
    out->reset();
    if (v.tag == Tag::undef || v.is_none()) return Res::ok;
    double t;
    if (need_real(st, v, &t) != Res::ok) return Res::error;
    *out = t < 0 ? 0.0 : t;
    return Res::ok;
}

namespace {

ConnObj* self_conn(CallArgs& a) { return a.self->as<ConnObj>(); }

Res check_open(State& st, const ConnObj* c) {
    return c->closed ? st.raise("OSError", "handle is closed") : Res::ok;
}
Res check_readable(State& st, const ConnObj* c) {
    if (check_open(st, c) != Res::ok) return Res::error;
    return c->readable ? Res::ok : st.raise("OSError", "connection is write-only");
}
Res check_writable(State& st, const ConnObj* c) {
    if (check_open(st, c) != Res::ok) return Res::error;
    return c->writable ? Res::ok : st.raise("OSError", "connection is read-only");
}

Res send_message(State& st, ConnObj* c, std::string_view message, Value& out) {
    bool peer_gone = false;
    if (st.host.conn_send(c->id, message, &peer_gone) == OpStatus::blocked) return st.blocked("conn.send()");
    if (peer_gone) return raise_os_error(st, 32);  // BrokenPipeError: [Errno 32] Broken pipe
    out = Value();
    return Res::ok;
}

// While other threads of the process run, a wait for a message polls (conn_poll with a zero
// timeout) and the thread waits between polls; a recv once poll says ready never blocks.
// *ready false: the thread waits, or (*timed_out) its timeout has passed.
Res poll_for_message(State& st, ConnObj* c, std::optional<double> timeout, const char* reason, bool* ready) {
    *ready = false;
    if (st.host.conn_poll(c->id, 0.0, ready) == OpStatus::blocked) return st.blocked(reason);
    return polled_wait_step(st, *ready, timeout, reason);
}

// The next message, or EOFError once every copy of the other end is closed.
Res receive_message(State& st, ConnObj* c, std::string* message) {
    bool eof = false;
    if (threads_running(st)) {
        bool ready = false;
        if (Res r = poll_for_message(st, c, std::nullopt, "conn.recv()", &ready); r != Res::ok) return r;
        if (!ready) return st.thread_block("conn.recv()");  // unreachable: no timeout
    }
    if (st.host.conn_recv(c->id, message, &eof) == OpStatus::blocked) return st.blocked("conn.recv()");
    if (eof) return st.raise("EOFError", "");
    return Res::ok;
}

Res c_send(State& st, CallArgs& a, Value& out) {
    ARGS("send", 1, "obj");
    ConnObj* c = self_conn(a);
    if (check_writable(st, c) != Res::ok) return Res::error;
    std::string message;
    if (serialize(st, av[0], message) != Res::ok) return Res::error;
    return send_message(st, c, message, out);
}

Res c_recv(State& st, CallArgs& a, Value& out) {
    ARGS("recv", 0, "x");
    ConnObj* c = self_conn(a);
    if (check_readable(st, c) != Res::ok) return Res::error;
    std::string message;
    if (Res r = receive_message(st, c, &message); r != Res::ok) return r;
    return deserialize(st, message, out);
}

Res c_send_bytes(State& st, CallArgs& a, Value& out) {
    ARGS("send_bytes", 1, "buf", "offset", "size");
    ConnObj* c = self_conn(a);
    if (check_writable(st, c) != Res::ok) return Res::error;
    if (!av[0].is(OT::bytes))
        return st.raise("TypeError", std::string("a bytes-like object is required, not '") + type_name(av[0]) + "'");
    const std::string& buf = av[0].as<BytesObj>()->s;
    const int64_t n = int64_t(buf.size());
    int64_t offset = 0, size = 0;
    if (GIVEN(1)) {
        if (!av[1].is_int()) return st.raise("TypeError", "offset must be an integer");
        offset = av[1].u.i;
    }
    if (offset < 0) return st.raise("ValueError", "offset is negative");
    if (n < offset) return st.raise("ValueError", "buffer length < offset");
    if (GIVEN(2) && !av[2].is_none()) {
        if (!av[2].is_int()) return st.raise("TypeError", "size must be an integer");
        size = av[2].u.i;
        if (size < 0) return st.raise("ValueError", "size is negative");
        if (offset + size > n) return st.raise("ValueError", "buffer length < offset + size");
    } else {
        size = n - offset;
    }
    return send_message(st, c, std::string_view(buf).substr(size_t(offset), size_t(size)), out);
}

Res c_recv_bytes(State& st, CallArgs& a, Value& out) {
    ARGS("recv_bytes", 0, "maxlength");
    ConnObj* c = self_conn(a);
    std::optional<int64_t> maxlength;
    if (GIVEN(0) && !av[0].is_none()) {
        if (!av[0].is_int()) return st.raise("TypeError", "maxlength must be an integer");
        if (av[0].u.i < 0) return st.raise("ValueError", "negative maxlength");
        maxlength = av[0].u.i;
    }
    if (check_readable(st, c) != Res::ok) return Res::error;
    std::string message;
    if (Res r = receive_message(st, c, &message); r != Res::ok) return r;
    if (maxlength && int64_t(message.size()) > *maxlength) {
        // As CPython: the rest of the stream can no longer be framed, so reading ends (a
        // connection that could only read is closed).
        if (c->writable) {
            c->readable = false;
        } else {
            c->closed = true;
            st.host.conn_close(c->id);
        }
        return st.raise("OSError", "bad message length");
    }
    out = Value::object(new BytesObj(std::move(message)));
    return Res::ok;
}

Res c_poll(State& st, CallArgs& a, Value& out) {
    ARGS("poll", 0, "timeout");
    ConnObj* c = self_conn(a);
    if (check_readable(st, c) != Res::ok) return Res::error;
    std::optional<double> timeout = 0.0;  // poll() polls; poll(None) waits forever
    if (GIVEN(0) && ipc_timeout(st, av[0], &timeout) != Res::ok) return Res::error;
    bool ready = false;
    if (threads_running(st) && !(timeout && *timeout <= 0)) {
        if (Res r = poll_for_message(st, c, timeout, "conn.poll()", &ready); r != Res::ok) return r;
    } else if (st.host.conn_poll(c->id, timeout, &ready) == OpStatus::blocked) {
        return st.blocked("conn.poll()");
    }
    out = Value::boolean(ready);
    return Res::ok;
}

Res c_close(State& st, CallArgs& a, Value& out) {
    ARGS("close", 0, "x");
    ConnObj* c = self_conn(a);
    if (!c->closed) {
        c->closed = true;
        st.host.conn_close(c->id);
    }
    out = Value();
    return Res::ok;
}

Res c_fileno(State& st, CallArgs& a, Value& out) {
    ARGS("fileno", 0, "x");
    ConnObj* c = self_conn(a);
    if (check_open(st, c) != Res::ok) return Res::error;
    out = Value::integer(st.host.conn_fileno(c->id));
    return Res::ok;
}

Res c_enter(State& st, CallArgs& a, Value& out) {
    (void)st;
    out = *a.self;
    return Res::ok;
}
Res c_exit(State& st, CallArgs& a, Value& out) {
    ConnObj* c = self_conn(a);
    if (!c->closed) {
        c->closed = true;
        st.host.conn_close(c->id);
    }
    out = Value::boolean(false);
    return Res::ok;
}

struct ConnMethod {
    const char* name;
    NativeFn fn;
};
constexpr ConnMethod kConnMethods[] = {
    {"send", c_send}, {"recv", c_recv}, {"send_bytes", c_send_bytes}, {"recv_bytes", c_recv_bytes},
    {"poll", c_poll}, {"close", c_close}, {"fileno", c_fileno}, {"__enter__", c_enter}, {"__exit__", c_exit},
};

}  // namespace

Res mp_pipe(State& st, CallArgs& a, Value& out) {
    ARGS("Pipe", 0, "duplex");
    const bool duplex = !GIVEN(0) || truthy(av[0]);
    ConnId ia, ib;
    st.host.pipe_create(duplex, &ia, &ib);
    if (ia.value == 0) return st.raise("NotImplementedError", "forklab: this backend has no Pipe yet");
    auto* ca = new ConnObj();
    auto* cb = new ConnObj();
    ca->id = ia;
    cb->id = ib;
    if (!duplex) {
        ca->writable = false;
        cb->readable = false;
    }
    out = make_tuple({Value::object(ca), Value::object(cb)});
    return Res::ok;
}

Res conn_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found) {
    (void)st;
    const auto* c = obj.as<ConnObj>();
    *found = true;
    if (name == "closed") { out = Value::boolean(c->closed); return Res::ok; }
    if (name == "readable") { out = Value::boolean(c->readable); return Res::ok; }
    if (name == "writable") { out = Value::boolean(c->writable); return Res::ok; }
    for (const ConnMethod& m : kConnMethods) {
        if (name == m.name) {
            out = Value::object(new BuiltinObj(m.fn, m.name, obj));
            return Res::ok;
        }
    }
    *found = false;
    return Res::ok;
}

}  // namespace forklab::lang
