// One direction of a Pipe on the fork backend: a byte ring in the shared arena.
//
// A system call per message cannot beat CPython by much (its Connection is one write() and
// one or two read()s per message), so a Pipe's messages travel through shared memory: the
// writer copies [u32 size][u64 flow id][bytes] into the ring and the reader copies it out,
// with no system call unless one side sleeps. The ring holds kPipeRingCapacity (below); a
// larger message streams through it in pieces, so its send blocks until the reader has taken
// all but the last ring-full.
//
// Positions count bytes for ever (mod kPipeRingBytes). The writer side (tail, `data` signal)
// and the reader side (head, `room` signal) sit on separate cache lines. `wlock` makes a
// whole message one unit when several processes write the same end (children inherit ends);
// `rlock` does the same for readers. ArenaMutex takes over from a holder that was killed.
//
// Wake-ups: a sleeper increments its signal's `sleepers` and re-checks the ring before the
// futex wait; the other side moves its position and then reads `sleepers` (both seq_cst),
// so it pays the futex system call only when someone sleeps and no wake-up is lost.
#pragma once
#include <atomic>
#include <cstdint>

#include "fork/arena_futex.h"
#include "runtime/host.h"

namespace forklab::forkrt {

constexpr uint32_t kMaxPipeRings = 4096;  // two per duplex Pipe; the arena (1 GiB) holds about as many rings
// The ring's size, and how many bytes may be in it (written, not yet read): what the
// socketpair(AF_UNIX) behind CPython's duplex Pipe holds on Linux (about 176 KiB by default),
// and what the fork backend's Pipe held while it was that socket. It is more than
// kPipeBufferBytes (the sim and threads backends), so a send of 64 to 192 KiB that nobody
// reads blocks there and not here; as on CPython.
constexpr uint64_t kPipeRingBytes = 4 * kPipeBufferBytes;
constexpr uint64_t kPipeRingCapacity = 3 * kPipeBufferBytes;
static_assert((kPipeRingBytes & (kPipeRingBytes - 1)) == 0, "the ring size is a power of two");
static_assert(kPipeRingCapacity <= kPipeRingBytes);

// A sleeper also says how far the other side's position must move before waking it is worth
// a system call (`*_want`): a reader of a large message waits for half a ring of it, a writer
// of one for half a ring of room, so a stream costs a few wake-ups per ring and not one per
// piece (on a busy machine every wake-up may also preempt the side that made it).
struct PipeRing {
    alignas(64) std::atomic<uint64_t> tail{0};
    ArenaMutex wlock;
    ArenaSignal data;  // tail moved (readers sleep on it)
    std::atomic<uint64_t> data_want{0};  // the tail a sleeping reader waits for
    uint64_t offset = 0;  // the ring's bytes, in ForkArena::data
    alignas(64) std::atomic<uint64_t> head{0};
    ArenaMutex rlock;
    ArenaSignal room;  // head moved (writers sleep on it)
    std::atomic<uint64_t> room_want{0};  // the head a sleeping writer waits for
    // Copies of the ends that use this ring, in every process (counted in the parent before
    // each fork()); at 0 the ring goes back to ForkArena's free list for the next Pipe(). A
    // killed process never uncounts its copies: its rings are not reused.
    std::atomic<uint32_t> users{0};
};

// Wakes whoever sleeps on `s` once `pos` (the caller's position, stored seq_cst just before)
// reached what the sleeper wants.
inline void ring_wake(ArenaSignal& s, const std::atomic<uint64_t>& want, uint64_t pos) {
    if (s.sleepers.load() > 0 && pos >= want.load()) {
        s.seq.fetch_add(1);
        futex_wake(&s.seq, INT32_MAX);
    }
}

}  // namespace forklab::forkrt
