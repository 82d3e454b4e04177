// The private state of one Interp: value stack, frames, globals, per-process module state.
// Everything a scenario process owns lives here (never in statics), which is what lets many
// Interps run side by side on threads and lets clone.cpp copy one for a child process.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <unordered_map>
#include <vector>

#include "lang/compiler.h"
#include "lang/interp.h"
#include "lang/mersenne.h"
#include "lang/value.h"
#include "lang/value_stack.h"

namespace forklab {

// What a child process runs: the Process object (target, args, kwargs, name) in the parent's
// heap. Host::start_process must call Interp::make_child before returning, while the parent's
// objects are still untouched (the child takes deep copies of them), or, on the fork backend,
// Interp::become_child in the forked process (its memory is already the child's copy).
struct ChildSpec {
    lang::Value process;
    bool spawn = false;  // start method 'spawn': a fresh interpreter re-runs the module top level first
};

namespace lang {

struct CallArgs {
    Value* self = nullptr;      // receiver for bound builtins (may be a none Value)
    Value* pos = nullptr;
    int npos = 0;
    const Value* kwnames = nullptr;  // str Values
    Value* kwvals = nullptr;
    int nkw = 0;
};

struct Frame {
    const Code* code = nullptr;
    uint32_t pc = 0;    // the instruction being executed (a call in progress, for callers)
    uint32_t base = 0;  // stack index of local slot 0; the callee sits just below it
    FunctionObj* fn = nullptr;    // the function running (zero-argument super()); null at top level
    GeneratorObj* gen = nullptr;  // set while a generator's frame runs
    uint64_t serial = 0;          // unique per frame: one traceback line per frame
    Value init_self;              // a class call running __init__: the call's result
};

// One interpreter-level thread of a scenario process (threading.Thread, and the main thread
// once a second one exists). The running thread's stack, frames and exceptions live in
// State itself, so the dispatch loop is unchanged; the others are parked here, and a switch
// swaps the two sets of vectors (no Value moves, so pointers into a stack stay valid).
// Threads only switch between instructions at the top level (nested == 0): never two
// bytecodes of one process at once, which is CPython's GIL (see thread_scheduler.cpp).
struct ThreadCtx {
    ValueStack stack;
    size_t sp = 0;
    std::vector<Frame> frames;
    std::vector<Value> handling;
    Value exc;
    Value thread;          // its threading.Thread instance
    int64_t ident = 0;
    uint32_t number = 0;   // 0 for the main thread, then in start order (Host::thread_switch)
    bool daemon = false;
    bool done = false;
    // The wait of a blocking threading/queue call being repeated (in-process waits block by
    // switching threads: the instruction is re-executed on the thread's next turn).
    bool waiting = false;
    bool has_deadline = false;
    double deadline = 0;   // Host::monotonic_seconds() at which the wait times out
    int phase = 0;         // Condition.wait / Barrier.wait: which step is being repeated
    int64_t saved = 0;     // Condition: the RLock depth given up; Barrier: the generation
    int64_t index = 0;     // Barrier: the arrival index
    bool notified = false; // Condition: a notify() picked this thread
    bool host_wait = false; // another process can end the wait (it polls a Host call)
    std::string reason;    // what it waits for, for the deadlock report
    // A multiprocessing Semaphore/Event/Condition/Barrier wait begun on the Host and polled
    // while other threads run (Host::sync_step, module_mp_sync.cpp), kept per thread so
    // that threads waiting on one object do not mix up their tickets.
    struct HostSync {
        uint32_t id = 0;         // the SyncId; 0: none in progress
        int phase = 0;           // 1: polling; 2: taking a Condition's lock back
        int depth = 0;           // the Condition lock's RLock depth given up
        SyncTicket ticket;
        SyncResult result;       // the outcome, kept while the lock is taken back
        bool wait_for_pending = false;        // Condition.wait_for: a re-run goes back to its wait
        std::optional<double> wait_for_end;   // ... and its monotonic deadline
    } host_sync;
};

}  // namespace lang

// Default heap budget of one scenario process (RunLimits::max_memory_bytes).
constexpr uint64_t kDefaultMemoryLimit = uint64_t(512) << 20;
// Approximate bytes of one dict entry: the entry itself plus its hash-index node.
constexpr double kDictEntryBytes = 96;

struct Interp::State {
    State(std::shared_ptr<const Program> p, Host& h) : program(std::move(p)), host(h) {}

    std::shared_ptr<const Program> program;
    Host& host;

    lang::ValueStack stack;
    size_t sp = 0;
    std::vector<lang::Frame> frames;
    std::vector<lang::Value> globals;
    std::vector<lang::Value> consts;    // Program::consts made into this Interp's Values
    std::vector<lang::Value> builtins;
    std::vector<std::pair<std::string, lang::Value>> modules;  // imported so far
    std::vector<lang::Value> exc_classes;  // the builtin exception classes (exceptions.h)
    std::vector<lang::Value> type_objects; // type(x) for NoneType, function ...: one object per name
    // Attribute names as str objects (one per Program::names entry): instance attributes set
    // by `obj.x = ...` use them as keys, so the per-instruction hint below can compare
    // pointers. attr_hint[word]: where load_attr/store_attr last found its name in an
    // instance's dict (an entry index; checked before use, so any value is safe).
    std::vector<lang::Value> name_strs;
    std::vector<uint32_t> attr_hint;
    // method_hint[word]: the builtin method load_method found last time, wrapped for
    // cached_method_call (its inner function's type_id holds the receiver's object type).
    std::vector<lang::Value> method_hint;
    std::vector<lang::Value> handling;     // exceptions being handled (except/finally), innermost last
    lang::Value exc;                       // the exception being raised (between raise and handler)
    uint64_t frame_serial = 0;
    int nested = 0;                        // native code calling back into Python (call_value)
    std::vector<const lang::Obj*> repr_active;  // containers inside repr_value (cycles print as [...])
    bool yielded = false;                  // the last nested run ended in a yield

    bool finished = false;
    int exit_code = 0;
    uint64_t executed = 0;
    // While run() is on the stack: its budget and live countdown, so a Host call (the sim's
    // virtual clock) sees the instructions executed so far, not those at the run's start.
    const uint64_t* live_left = nullptr;
    uint64_t run_budget = 0;
    int kill_signal = 0;
    // Stopped while waiting nested (Host::wait_nested said stop, or killed meanwhile): every
    // frame unwinds without running a handler and run() ends the process (exit -signal).
    bool halted = false;
    int os_exit_code = -1;  // os._exit(n) halted the process: n, its exit status
    std::string block_reason;

    // multiprocessing identity
    std::string process_name = "MainProcess";
    std::string identity;        // "" for main, "1" for Process-1, "1:2" ...
    int process_counter = 0;     // children created by this process
    bool is_child = false;
    lang::Value current_process; // ProcessObj (created lazily for main), the Process instance in a child
    lang::Value parent_process;  // ProcessObj for parent_process() in a child (created lazily)
    std::string parent_name;     // the parent's name, for parent_process()
    std::vector<lang::Value> children;  // started and not yet seen ended (active_children())
    std::string start_method = "fork";  // multiprocessing's default context
    bool start_method_fixed = false;    // set_start_method without force now raises
    bool spawned = false;               // a child started by 'spawn' (its top level is the bootstrap)
    Interp* self = nullptr;      // the Interp owning this state (for Host::start_process)

    // Memory budget (see charge_memory): the limit and the bytes charged since the last
    // measurement of the live heap.
    uint64_t mem_limit = kDefaultMemoryLimit;
    Lang report_lang = Lang::en;  // Interp::set_report_language
    std::string thread_deadlock;  // the threads' deadlock report, on one line (Interp::thread_deadlock)
    uint64_t mem_pending = 0;
    uint64_t mem_live = 0;   // live heap at the last measurement
    // sys.set_int_max_str_digits: the most decimal digits int <-> str converts (0: no limit).
    int64_t int_max_str_digits = 4300;
    // sys.setrecursionlimit: reported by getrecursionlimit; the interpreter's own limit stays 1000 frames.
    int64_t recursion_limit = 1000;

    // Threads (thread_scheduler.cpp): empty until the process starts a thread or waits in a
    // threading primitive; then threads[0] is the main thread and threads[cur] is running.
    std::vector<std::unique_ptr<lang::ThreadCtx>> threads;
    size_t cur = 0;
    uint64_t slice_left = 0;     // instructions left before the running thread hands over
    bool thread_wait = false;    // the last blocked result came from an in-process wait
    bool idle_pending = false;   // every thread waits: a Host::sleep to the first deadline is pending
    bool idle_host = false;      // ... a Host::idle instead (a thread polls a Host call)
    double idle_until = 0;
    int thread_counter = 0;      // Thread-N names
    int threads_started = 0;     // idents
    uint32_t traced_thread = 0;  // the thread the Host was last told runs
    bool yield_now = false;      // the running thread hands over after this instruction
    uint64_t yield_skipped = 0;  // the budget it gave up (not executed)
    bool burst_end = false;      // Interp::end_burst: run() returns after this instruction
    // Manual stepping (Interp::pin_thread): thread `pin_number` holds the GIL, the scheduler
    // switches to no other; with pin_until_release its run ends at the next point where
    // CPython 3.11 could hand the GIL over (pin_over), see run_pinned.
    bool pinned = false;
    bool pin_until_release = false;
    uint32_t pin_number = 0;
    uint64_t pin_ran = 0;        // instructions the pinned thread ran since it was pinned
    bool pin_over = false;       // it reached a release point, blocked or ended
    bool pin_waits = false;      // ... by an in-process wait that could not go on
    bool stop_at_thread_start = false;  // Interp::set_stop_at_thread_start
    int64_t main_exit = 0;       // the main thread ended: its exit code, kept while threads run
    bool main_done = false;
    lang::Value main_thread;     // threading.main_thread(), made on first use
    // The multiprocessing RLocks this process holds, by thread (the Host knows only
    // processes): another thread's acquire waits and its release raises, as in CPython, and
    // a Condition's wait gives up (and takes back) only its own thread's depth.
    struct RLockHold { uint32_t lock; uint32_t thread; int depth; };
    std::vector<RLockHold> rlocks_held;
    // The multiprocessing Locks this process holds that a thread other than the main one
    // acquired (kept only for repr(), which names the owning thread as CPython's does).
    struct LockTaker { uint32_t lock; uint32_t thread; };
    std::vector<LockTaker> locks_taken;

    lang::Mersenne rng;  // the random module's generator (lang/mersenne.h)

    // Raises a builtin exception: type is its class name ("ValueError"), msg its one
    // argument ("" for none). Always returns Res::error (exceptions.cpp).
    lang::Res raise(const char* type, std::string msg);
    lang::Res blocked(const char* reason) {
        block_reason = reason;
        return lang::Res::blocked;
    }
    // An in-process wait (threading, queue): the scheduler runs other threads and repeats it.
    lang::Res thread_block(const char* reason) {
        thread_wait = true;
        block_reason = reason;
        return lang::Res::blocked;
    }
};

namespace lang {
// builtins.cpp
Res get_attr(State& st, const Value& obj, const std::string& name, Value& out);
Res set_attr(State& st, const Value& obj, const std::string& name, const Value& v);
Res del_attr(State& st, const Value& obj, const std::string& name);
Res get_item(State& st, const Value& obj, const Value& key, Value& out);
Res set_item(State& st, const Value& obj, const Value& key, const Value& v);
Res del_item(State& st, const Value& obj, const Value& key);
Res get_iter(State& st, const Value& obj, Value& out);
// 1: produced *out, 0: exhausted.
Res iter_next(State& st, IterObj* it, Value& out, bool* got);
Res binary_op(State& st, int op, const Value& a, const Value& b, Value& out, bool inplace);
Res unary_op(State& st, int op, const Value& a, Value& out);
Res compare_op(State& st, int op, const Value& a, const Value& b, Value& out);
Res format_with_spec(State& st, const Value& v, const std::string& spec, std::string& out);
Res contains(State& st, const Value& container, const Value& item, bool* out);
// Collects any iterable into a vector (used by unpacking, list(), sum(), ...).
Res to_vector(State& st, const Value& v, std::vector<Value>& out);
// Parses a native call's arguments by name; out[i] stays undef when not given.
Res parse_args(State& st, CallArgs& a, const char* fname, std::initializer_list<const char*> names, int required,
               Value* out);
// module_multiprocessing.cpp
Value make_multiprocessing_module(State& st);
// module_pool.cpp: runs the prelude (Pool) and adds its names to the multiprocessing module.
Res install_pool(State& st, ModuleObj* mp, const Value& mp_value);
// `import multiprocessing.pool`: the multiprocessing module's `pool` (none, st.exc set, on error).
Value pool_module(State& st);
// A context's Pool (ctx.Pool(...) makes its workers with ctx.Process); none before the prelude ran.
Res context_pool(State& st, const Value& ctx, Value& out);
Value current_process_object(State& st);
// module_time.cpp, module_os.cpp, module_sys.cpp, module_random.cpp, module_math.cpp
Value make_time_module(State& st);
Value make_os_module(State& st);
Value make_sys_module(State& st);
Value make_random_module(State& st);
Value make_math_module(State& st);
// Memory budget. Operations that make or grow strings and containers call charge_memory
// with the bytes they are about to add (approximate: 16 per element, 1 per string byte).
// A request larger than the whole budget fails at once, without allocating; otherwise the
// charges accumulate and, every budget/8 bytes, the live heap reachable from the process's
// roots is measured (freed objects are not counted), failing when live + request exceeds it.
Res charge_memory(State& st, double bytes);
uint64_t live_heap_bytes(const State& st);
// Interp teardown: frees the whole heap, reference cycles included, without recursion.
void release_heap(State& st);
// thread_scheduler.cpp
enum class ThreadRun { returned, budget, blocked, error };
// interp.cpp: runs the thread whose state is in State for at most `left` instructions.
ThreadRun run_current_thread(State& st, uint64_t& left);
// interp.cpp: the uncaught-exception report and exit code of the process (as at its end).
void end_with_exception(State& st);
// interp.cpp: a fresh parked thread that will call target(*args, **kwargs).
std::unique_ptr<ThreadCtx> new_thread_ctx(State& st, Value target, Value args, Value kwargs);
RunStatus run_threads(State& st, uint64_t budget);
// Makes threads[0] the main thread (idempotent) so that waits can park it.
void ensure_threads(State& st);
ThreadCtx& current_thread_ctx(State& st);
// For a blocking primitive whose condition is not met: true when its wait (started on the
// first try, with this timeout in seconds; none waits forever) has timed out. Call
// wait_over once the call completes either way.
bool wait_timed_out(State& st, std::optional<double> timeout);
// A wait that its timeout ends (a sleep, a timed acquire, get, join, Condition or Barrier
// wait); not a Condition's taking its lock back after the wait (phase 2), which has none
// although the wait_for() around it keeps its deadline.
inline bool times_out(const ThreadCtx& t) { return t.waiting && t.has_deadline && t.phase != 2; }
void wait_over(State& st);
// A Host call that would block while other threads of the process could run: the native
// makes its non-blocking form (lock_acquire(block=false), join_process(timeout 0) ...) and,
// when that did not complete, returns wait_on_host(): *timed_out true (and Res::ok) once the
// call's own timeout has passed, else the thread waits and the call is tried again later.
// Other threads exist (or this one is mid-way through a polled wait), and we are not inside
// code called from native (a thread cannot switch there): use the non-blocking forms.
bool threads_running(const State& st);
Res wait_on_host(State& st, std::optional<double> timeout, const char* reason, bool* timed_out);
// One try of such a polled Host wait, after its non-blocking form: `done` ends the thread's
// wait. Res::ok means the call completes now (done, or its timeout has passed: the caller
// reports the failure); anything else is returned as it is (the thread waits, tried again).
Res polled_wait_step(State& st, bool done, std::optional<double> timeout, const char* reason);
// The same for a wait that never reaches the Host (threading's primitives, kept in the
// interpreter): the thread waits without polling until another thread meets the condition.
Res thread_wait_step(State& st, bool done, std::optional<double> timeout, const char* reason);
// builtins.cpp: a multiprocessing lock's acquire in that pattern (a blocking one polls while
// other threads run); the lock of a synchronized Value/Array, and Condition's lock, too.
Res host_lock_acquire(State& st, LockId id, LockKind kind, bool block, std::optional<double> timeout, bool* acquired);
Res host_lock_release(State& st, LockId id, LockKind kind);
// How many times the running thread holds the lock (an RLock's depth; 1 for a Lock held by
// this process, which any of its threads may release, as multiprocessing.Lock).
int lock_depth_of_thread(State& st, LockId id, LockKind kind);
// The thread number that acquired a multiprocessing Lock this process holds (0: main).
uint32_t lock_taker_thread(const State& st, LockId id);
// time.sleep in a process with threads: a deadline kept by the interpreter.
Res thread_sleep(State& st, double seconds);
Value main_thread_object(State& st);
// Thread.start(): ends the running thread's slice after the current instruction.
void yield_thread(State& st);
bool current_thread_ctx_daemon(State& st);
Value current_thread_object(State& st);
// module_threading.cpp / module_queue.cpp
Value make_threading_module(State& st);
void add_queue_classes(State& st, ModuleObj* m);
Value native_class(State& st, const char* name, const char* module, const Value& base,
                   std::initializer_list<std::pair<const char*, NativeFn>> methods);

// clone.cpp
Value clone_value(const Value& v, std::unordered_map<const Obj*, Value>& memo);
// interp.cpp: calls a callable from native code (a key function, __str__, __eq__ ...),
// running Python code to completion on the same VM stack.
Res call_value(State& st, const Value& fn, const Value* args, int nargs, Value& out);
// The same with keyword arguments: `args` holds the npos positional values, then the nkw
// values named by kwnames (str Values).
Res call_value_kw(State& st, const Value& fn, const Value* args, int npos, const Value* kwnames, int nkw,
                  Value& out);
// fn(*pos, **kwargs) from native code (kwargs: a dict, or None for none).
Res call_value_dict(State& st, const Value& fn, const std::vector<Value>& pos, const Value& kwargs, Value& out);
// Resumes a generator: *done when it returned (out: its return value) instead of yielding.
Res gen_resume(State& st, GeneratorObj* g, const Value& sent, Value& out, bool* done);

}  // namespace lang
}  // namespace forklab
