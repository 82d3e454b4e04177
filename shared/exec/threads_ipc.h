// Pipe connections and Queues on the threads backend.
//
// * Pipe: one object with two directions, each a Channel (whole messages in order, with
//   their byte count against kPipeBufferBytes). End `s` (ConnId 2*pipe-1+s) receives from
//   direction s and sends into direction 1-s; duplex=false only means the interpreter
//   forbids a.send and b.recv. Each end counts the processes holding a copy, as the OS
//   counts fds: EOF and BrokenPipe come when the other end's count reaches zero.
// * Queue: a Channel in "shared memory" (kPipeBufferBytes of items) plus one feeder list per
//   producing process for what does not fit, as CPython's feeder thread holds it. Readers
//   move feeder items into the buffer as they make room (and take one straight from a feeder
//   when the buffer is empty), so no feeder thread is needed; a producer's exit waits until
//   its feeder list is empty, unless cancel_join_thread(). SimpleQueue has no feeder: its
//   put blocks while the buffer is full.
// * ProcIpc: what one process holds (its copies of connection ends, the queues it fed).
//   Normally only its own thread touches it (and its parent, before that thread starts); its
//   mutex lets another thread drop a killed process's ends too. Never held while waiting.
//
// Every message carries a flow id, traced at both ends (msg_send/msg_recv, queue_put/get).
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "exec/threads_slots.h"
#include "exec/threads_wait.h"
#include "runtime/host.h"

namespace forklab::threadrt {

struct ProcIpc {
    std::mutex m;
    std::vector<uint8_t> held;   // indexed by ConnId value: 1 while this process holds a copy
    std::vector<uint32_t> fed;   // QueueIds whose feeder this process has used

    void hold(ConnId c) {
        if (held.size() <= c.value) held.resize(c.value + 1, 0);
        held[c.value] = 1;
    }
    void note_fed(QueueId q);
};

struct Message {
    std::string data;
    uint64_t flow = 0;
};

// Messages in order, with the bytes they take and counters that tell a sender when its own
// message has been taken.
struct Channel {
    std::deque<Message> items;
    size_t bytes = 0;
    uint64_t pushed = 0;
    uint64_t taken = 0;

    bool fits(size_t n) const { return bytes + n <= kPipeBufferBytes; }
    // A message larger than the whole buffer goes in only when the buffer is empty.
    bool has_room(size_t n) const { return fits(n) || items.empty(); }
    uint64_t push(Message m) {
        bytes += m.data.size();
        items.push_back(std::move(m));
        return pushed++;
    }
    Message pop() {
        Message m = std::move(items.front());
        items.pop_front();
        bytes -= m.data.size();
        ++taken;
        return m;
    }
};

class ThreadPipes {
public:
    explicit ThreadPipes(std::atomic<uint64_t>& flows) : flows_(flows) {}
    // The creator holds both ends.
    void create(ProcIpc& creator, bool duplex, ConnId* a, ConnId* b);
    OpStatus send(ThreadWaiter& who, ConnId c, std::string_view message, bool* peer_gone);
    OpStatus recv(ThreadWaiter& who, ConnId c, std::string* message, bool* eof);
    OpStatus poll(ThreadWaiter& who, ConnId c, Clock::time_point deadline, bool* ready);
    // Drops `holder`'s copy of `c` (nothing when it holds none).
    void close(ProcIpc& holder, ConnId c);
    // fork(): the child gets a copy of every end the parent holds.
    void inherit(ProcIpc& parent, ProcIpc& child);
    // Exit: every copy the process holds is closed.
    void drop_all(ProcIpc& holder);

private:
    struct Pipe {
        std::mutex m;
        Signal signal[2];  // direction s changed (its reader or writer waits)
        Channel dir[2];                 // dir[s]: messages for end s
        int copies[2] = {0, 0};         // processes holding end s
    };
    Pipe* find(ConnId c, int* side) const;

    SlotTable<Pipe> pipes_;
    std::atomic<uint64_t>& flows_;
};

class ThreadQueues {
public:
    explicit ThreadQueues(std::atomic<uint64_t>& flows) : flows_(flows) {}
    QueueId create(size_t maxsize, bool simple);
    OpStatus put(ThreadWaiter& who, ProcIpc& mine, QueueId q, std::string_view item, bool block,
                 Clock::time_point deadline, bool* full);
    OpStatus get(ThreadWaiter& who, QueueId q, bool block, Clock::time_point deadline,
                 std::string* item, bool* empty);
    size_t size(QueueId q);
    void cancel_join(ThreadWaiter& who, ProcIpc& mine, QueueId q);
    // Exit: waits until every queue this process fed has taken its feeder's items into the
    // buffer; a killed process (or one that called cancel_join_thread) drops them instead.
    void flush_at_exit(ThreadWaiter& who, ProcIpc& mine, bool killed);

private:
    struct Feeder {
        ProcId proc;
        std::deque<Message> items;
        bool cancelled = false;  // cancel_join_thread(): exit without flushing
    };
    struct Queue {
        std::mutex m;
        Signal signal;
        size_t maxsize = 0;
        bool simple = false;
        Channel buffer;
        std::vector<Feeder> feeders;  // one per producing process
        size_t waiting_in_feeders = 0;

        size_t size() const { return buffer.items.size() + waiting_in_feeders; }
        Feeder* feeder_of(ProcId p);
        Feeder& add_feeder(ProcId p);
        Message take();
        void refill();
    };

    SlotTable<Queue> queues_;
    std::atomic<uint64_t>& flows_;
};

}  // namespace forklab::threadrt
