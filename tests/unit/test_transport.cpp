// lang/transport: values rebuilt after crossing a Pipe or Queue, with pickle's rules and
// errors. In one process through a loopback Host (which also answers `blocked` to check that
// a repeated send or recv changes nothing), and between processes on the simulator, where
// the pipe ends and the queue feeder follow host.h. Expected texts come from python3 3.11.
#include <doctest/doctest.h>

#include <deque>
#include <string>

#include "exec/runners.h"
#include "test_support_host.h"

using forklab::test::FakeHost;
using forklab::test::run_source;
using namespace forklab;

namespace {

// One Pipe whose two ends deliver to each other in the same process.
class LoopbackHost : public FakeHost {
public:
    std::deque<std::string> inbox[2];
    std::vector<std::string> sent;  // every message, as bytes
    int block_sends = 0, block_recvs = 0;

    void pipe_create(bool, ConnId* a, ConnId* b) override {
        *a = ConnId{1};
        *b = ConnId{2};
    }
    OpStatus conn_send(ConnId c, std::string_view m, bool* peer_gone) override {
        if (block_sends > 0) { --block_sends; ++blocked_answers; return OpStatus::blocked; }
        *peer_gone = false;
        inbox[2 - c.value].emplace_back(m);
        sent.emplace_back(m);
        return OpStatus::done;
    }
    OpStatus conn_recv(ConnId c, std::string* m, bool* eof) override {
        if (block_recvs > 0) { --block_recvs; ++blocked_answers; return OpStatus::blocked; }
        auto& in = inbox[c.value - 1];
        *eof = in.empty();
        if (!in.empty()) {
            *m = in.front();
            in.pop_front();
        }
        return OpStatus::done;
    }
};

std::string loop(const std::string& body, LoopbackHost* host = nullptr) {
    LoopbackHost local;
    auto o = run_source("from multiprocessing import Pipe\na, b = Pipe()\n" + body, host ? host : &local);
    return o.out + o.err;
}

RunResult sim(const std::string& source, uint64_t seed = 1) {
    RunRequest r;
    r.source = source;
    r.filename = "scenario.py";
    r.backend = Backend::sim;
    r.seed = seed;
    r.cores = 2;
    return run_sim(r, nullptr);
}

}  // namespace

TEST_CASE("transport: plain values come back equal and of the same type") {
    CHECK(loop("for v in [None, True, 0, -1, 2**63, -2**63 - 1, 3**200, 0.1, -0.0, float('nan'), 'ñ☃', b'\\x00',\n"
               "          bytearray(b'x'), [1, [2]], (1,), (), {'a': (1, 2)}, {1, 2}, frozenset({3}), range(-5, 10, 3)]:\n"
               "    a.send(v)\n"
               "    r = b.recv()\n"
               "    print(type(r).__name__, r == v or r != r)\n") ==
          "NoneType True\nbool True\nint True\nint True\nint True\nint True\nint True\nfloat True\n"
          "float True\nfloat True\nstr True\nbytes True\nbytearray True\nlist True\ntuple True\n"
          "tuple True\ndict True\nset True\nfrozenset True\nrange True\n");
}

TEST_CASE("transport: aliasing and cycles inside one message survive, not across messages") {
    CHECK(loop("x = [1]\nd = {'k': x}\nd['me'] = d\na.send([x, x, d])\nr = b.recv()\n"
               "print(r[0] is r[1], r[2]['k'] is r[0], r[2]['me'] is r[2])\n"
               "a.send(x)\na.send(x)\nprint(b.recv() is b.recv())\n") ==
          "True True True\nFalse\n");
}

TEST_CASE("transport: functions, classes, instances and exceptions by reference") {
    CHECK(loop("class P:\n"
               "    def __init__(self, x): self.x = x\n"
               "    def doble(self): return self.x * 2\n"
               "def f(n): return n + 1\n"
               "class MiError(ValueError): pass\n"
               "e = MiError('malo', 3)\ne.extra = [1]\n"
               "a.send((f, P, P(21), P.doble, P(4).doble, len, KeyError, e))\n"
               "g, C, p, m, bm, ln, K, e2 = b.recv()\n"
               "print(g is f, C is P, p.doble(), m(p), bm(), ln('abc'), K is KeyError)\n"
               "print(type(e2) is MiError, e2.args, e2.extra, repr(e2))\n") ==
          "True True 42 42 8 3 True\nTrue ('malo', 3) [1] MiError('malo', 3)\n");
}

TEST_CASE("transport: what pickle refuses fails with CPython's class and message") {
    LoopbackHost host;
    CHECK(loop("def outer():\n    def inner(): pass\n    return inner\n"
               "import sys\n"
               "from multiprocessing import Lock, RLock, Value, Array\n"
               "def gen():\n    yield 1\n"
               "for v in [outer(), gen(), sys, Lock(), RLock(), Value('i', 1), Array('i', 2), [1, lambda: 0]]:\n"
               "    try:\n        a.send(v)\n"
               "    except Exception as e:\n        print(type(e).__name__, str(e).split(' at 0x')[0][:45])\n",
               &host) ==
          "AttributeError Can't pickle local object 'outer.<locals>.inn\n"
          "TypeError cannot pickle 'generator' object\n"
          "TypeError cannot pickle 'module' object\n"
          "RuntimeError Lock objects should only be shared between pr\n"
          "RuntimeError RLock objects should only be shared between p\n"
          "RuntimeError Synchronized objects should only be shared be\n"
          "RuntimeError SynchronizedArray objects should only be shar\n"
          "PicklingError Can't pickle <function <lambda>\n");
    CHECK(host.sent.empty());
}

TEST_CASE("transport: a send or recv answered `blocked` is repeated without sending twice") {
    LoopbackHost host;
    host.block_sends = 2;
    host.block_recvs = 3;
    CHECK(loop("a.send({'n': 2**70})\nprint(b.recv())\n", &host) == "{'n': 1180591620717411303424}\n");
    CHECK(host.blocked_answers == 5);
    CHECK(host.sent.size() == 1);
    CHECK(host.sent[0][0] == 1);  // the format's version byte
}

TEST_CASE("sim: values cross between processes through Pipe and Queue") {
    const RunResult r = sim(R"(from multiprocessing import Process, Pipe, Queue
class Caja:
    def __init__(self, v): self.v = v
def hijo(conn, q):
    x = conn.recv()
    conn.send(Caja(x.v * 2))
    q.put([2**100, (1.5, 'z')])
    conn.close()
if __name__ == "__main__":
    a, b = Pipe()
    q = Queue()
    p = Process(target=hijo, args=(b, q))
    p.start()
    b.close()
    a.send(Caja(21))
    print(a.recv().v, q.get())
    try:
        a.recv()
    except EOFError:
        print("EOF")
    p.join()
)");
    CHECK(r.err == "");
    CHECK(r.out == "42 [1267650600228229401496703205376, (1.5, 'z')]\nEOF\n");
    CHECK(r.exit_status == 0);
}

TEST_CASE("sim: joining a child before draining its queue is a named deadlock") {
    const RunResult r = sim(R"(from multiprocessing import Process, Queue
def productor(q):
    q.put(b"x" * 300000)
if __name__ == "__main__":
    q = Queue()
    p = Process(target=productor, args=(q,))
    p.start()
    p.join()
    q.get()
)");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].kind == "Deadlock");
    CHECK(r.diagnostics[0].message.find("MainProcess waits in `p.join()` for Process-1 to end (line 8), but "
                                        "Process-1 cannot end until the 293 KB it put on queue `q` is read") !=
          std::string::npos);
}

TEST_CASE("sim: a receiver blocked on an open pipe nobody writes is a deadlock naming the holder") {
    const RunResult r = sim(R"(from multiprocessing import Process, Pipe
def hijo(conn):
    conn.recv()
if __name__ == "__main__":
    a, b = Pipe()
    p = Process(target=hijo, args=(b,))
    p.start()
    p.join()
)");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].message.find("Process-1 waits in `conn.recv()` (line 3) for a message nobody can send: "
                                        "the other end of the pipe is open in MainProcess and Process-1") !=
          std::string::npos);
}
