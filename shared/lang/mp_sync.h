// multiprocessing's Semaphore, BoundedSemaphore, Event, Condition and Barrier as scenario
// objects (module_mp_sync.cpp). Each is a handle on a SyncState that the backend keeps
// (runtime/sync_logic.h has the rules); a child's copy names the same state, as after fork.
#pragma once
#include <optional>
#include <string>

#include "lang/value.h"

namespace forklab::lang {

struct SyncObj : Obj {
    enum class Type : uint8_t { semaphore, bounded_semaphore, event, condition, barrier } type;
    SyncId id;
    int64_t parties = 0;             // barrier
    int64_t maxvalue = 0;            // bounded semaphore: its start value
    Value lock;                      // condition: its LockObj
    Value action;                    // barrier: run by the last arrival of each round
    std::optional<double> timeout;   // barrier: default timeout of wait()
    // Condition on sim: a wait() or wait_for() that blocked is re-run from the start; these
    // tell the re-run to go back to its wait instead of checking the lock (now released by
    // the wait) or calling the predicate again. Never set on fork/threads (waits block there),
    // nor while the process has other threads: then they are the thread's (ThreadCtx::host_sync).
    bool waiting = false;
    bool wait_for_pending = false;
    std::optional<double> wait_for_end;  // wait_for(timeout): monotonic deadline
    explicit SyncObj(Type t) : Obj(OT::sync), type(t) {}
};

const char* sync_type_name(const SyncObj* s);  // "Semaphore", "Barrier" ...
// repr() without asking the backend: CPython's shape, with "unknown" for the live counts
// (what CPython prints when it cannot read them).
std::string sync_repr(const SyncObj* s);
// repr() with the live counts read from the backend, as CPython prints them: a semaphore's
// value, a Condition's lock and waiters, a Barrier's waiters.
Res sync_repr_value(State& st, const Value& obj, std::string& out);
// repr() of a multiprocessing Lock or RLock with its owner as CPython names it: this
// process (and thread), None, SomeOtherThread or SomeOtherProcess.
Res mp_lock_repr(State& st, const Value& lock, std::string& out);
// For the transport (pickling a Queue item or Pipe message): CPython refuses these with
// RuntimeError("<name> objects should only be shared between processes through inheritance"),
// where an Event or a Barrier names the Condition inside it.
const char* sync_inheritance_name(const SyncObj* s);
// Methods and attributes of a SyncObj (*found false when it has no such name).
Res sync_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found);
// multiprocessing.Semaphore ... Barrier, registered by make_multiprocessing_module.
void add_sync_constructors(ModuleObj* m);
// threading.BrokenBarrierError, one class per process (a child's copy stands for the
// parent's, so `except` works across fork). The threading module should expose this class.
Value broken_barrier_error_class(State& st);

}  // namespace forklab::lang
