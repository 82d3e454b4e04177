// The simulator's cost model: what each thing a scenario does costs in virtual time.
//
// Virtual time is counted in ticks on each virtual core. One bytecode instruction is one
// tick, and a tick is 20 ns of virtual time (kTicksPerSecond), about what CPython 3.11
// spends per bytecode on the machines the course runs on (50 M bytecodes/s), so that a
// loop's simulated duration, time.sleep() and timeouts compare as they do for real.
// time.time(), time.monotonic() and time.perf_counter() read the process's virtual clock.
//
// Operations that cost far more than a bytecode in CPython charge extra ticks to the core
// that performs them (figures from scripts/bench_ipc.py's CPython column on a 2-core
// machine, rounded; see docs/simulator.md):
//   process start: the parent spends kProcessStart in start() (fork, pickling the Process
//     object), and the child runs its target only kChildBoot later;
//   Pipe send/recv, Queue put/get: per message, the pickling and the system call;
//   Lock and synchronisation operations: an uncontended futex and its bookkeeping;
//   a core switching to another process: kContextSwitch;
//   a GIL hand-off between threads of one process: kGilHandoff.
// The figures only need the right orders of magnitude: they make a speed-up chart flatten
// when tasks are tiny and IPC-bound, and a timeline show start-up cost, as real runs do.
#pragma once
#include <cstdint>

namespace forklab::sim::cost {

constexpr double kTicksPerSecond = 50e6;  // 1 tick = 1 bytecode = 20 ns
constexpr uint64_t micros(double us) { return (uint64_t)(us * kTicksPerSecond / 1e6 + 0.5); }

constexpr uint64_t kProcessStart = micros(1000);  // in Process.start() (the parent)
constexpr uint64_t kChildBoot = micros(500);      // before the child's target runs
constexpr uint64_t kPipeMessage = micros(10);     // per send or recv
constexpr uint64_t kQueueItem = micros(3);        // per put or get
constexpr uint64_t kLockOp = micros(0.2);         // per acquire or release
constexpr uint64_t kSyncOp = micros(1);           // per Semaphore/Event/Condition/Barrier call
constexpr uint64_t kContextSwitch = micros(3);    // when a core changes process
constexpr uint64_t kGilHandoff = micros(5);       // when a thread takes the GIL from another

}  // namespace forklab::sim::cost
