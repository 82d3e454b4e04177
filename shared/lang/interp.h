// Interp: one scenario process's interpreter — its globals, frames, value stack and heap.
//
// There is no global mutable interpreter state: everything lives in an Interp, so several
// Interps can run on one thread (sim), on many threads (threads backend, Web Workers) or in
// forked processes without any locking. An Interp only reaches the outside through its Host.
//
// Execution is resumable: run(budget) executes at most `budget` bytecode instructions and
// returns. A backend that multiplexes processes (sim) calls it with small budgets; a backend
// with one OS thread per process calls it with a large budget in a loop.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/diagnostic.h"
#include "runtime/host.h"

namespace forklab {

struct Program;  // compiled, immutable, shareable between threads (lang/compiler.h)

struct CompileResult {
    std::shared_ptr<const Program> program;  // null when there are errors
    std::vector<Diagnostic> errors;          // syntax errors and unsupported features
};
CompileResult compile_program(std::string_view source, std::string filename);

// The source text and file name of a compiled program (for tracebacks and viewers).
const std::string& program_source(const Program& p);
const std::string& program_filename(const Program& p);

enum class RunStatus {
    running,  // budget used up; call run() again
    blocked,  // a Host call returned blocked; call run() again once it may succeed
    exited,   // finished: see exit_code()
};

class Interp {
public:
    // The main process: will run the module top level with __name__ == "__main__".
    Interp(std::shared_ptr<const Program> program, Host& host);
    ~Interp();
    Interp(const Interp&) = delete;
    Interp& operator=(const Interp&) = delete;

    // A child process as after fork(): a deep copy of `parent`'s globals and of the objects
    // reachable from them and from `child` (shared memory and locks are copied as handles,
    // so they stay shared). It will run the Process object's run() and then exit.
    static std::unique_ptr<Interp> make_child(const Interp& parent, const ChildSpec& child,
                                              Host& host, std::string_view name);

    // The fork backend's child, made in place: after fork() the process already holds its
    // own copy of the parent's memory, so instead of make_child's deep copy this Interp (the
    // parent's own, in the child process) keeps its globals and heap, drops its frames and
    // exception state and is set to run `child`'s Process object, as make_child's would.
    // `host` must be the Host this Interp already uses (the fork backend resets that object
    // into the child's). Returns false, changing nothing, where only a fresh interpreter
    // gives make_child's semantics (spawn; threads or generators running in the parent):
    // the caller then uses make_child.
    bool become_child(const ChildSpec& child, Host& host, std::string_view name);

    // The value stack's slots above the top, never used yet: [*begin, *begin + *bytes). A
    // platform layer may give those pages back to the system (the fork backend does, so its
    // forks do not copy 1 MiB of page table entries): memory that reads back as zero bytes is
    // a valid slot (Tag::undef), and the VM writes every slot before it reads it. Call it
    // before run() only: later, slots above the top may still hold references.
    void unused_stack(void** begin, size_t* bytes);

    RunStatus run(uint64_t budget);

    // A hash of everything this process's future depends on (frames, stack, globals and the
    // heap they reach, its multiprocessing identity), independent of object addresses: two
    // Interps of one Program in the same state hash alike (lang/state_hash.cpp). *exact is
    // false where it cannot tell (other threads running, native code mid-call): then equal
    // hashes do not mean equal states.
    uint64_t state_hash(bool* exact) const;

    // The language of the reports the interpreter itself writes (a deadlock among the
    // process's threads); make_child copies it. English by default.
    void set_report_language(Lang lang);

    // Heap budget of this process in bytes (0: the default, 512 MiB); going over it raises
    // MemoryError in the scenario. make_child copies the parent's limit.
    void set_memory_limit(uint64_t bytes);
    uint64_t memory_limit() const;

    // Valid once run() returned exited: 0, 1 for an uncaught exception (its traceback has
    // already gone to Host::write(Stream::err)), n for sys.exit(n).
    int exit_code() const;

    uint64_t instructions_executed() const;
    // instructions_executed() while run() is not executing (never from a Host call), inline:
    // the sim scheduler reads it around every burst of a few instructions.
    uint64_t instructions_between_runs() const { return executed_; }
    int current_line() const;                  // source line about to execute (1-based)
    // While blocked: the call it waits in as the student wrote it ("candado.acquire()",
    // "with candado", "q.get(timeout=1)"), from the innermost frame of the scenario's own code;
    // where that has no short text (or several threads wait), the runtime's own words
    // ("lock.acquire()"). "" when not blocked. lang/block_site.cpp.
    std::string block_reason() const;
    // The receiver of that call ("candado", "self.q"), "" when there is none.
    std::string block_subject() const;
    // Whether the wait is inside the runtime's own Python code (a Pool result's get(), a
    // Pool worker waiting for tasks) rather than in a call of the runtime made by the scenario.
    bool blocked_in_runtime() const;
    // Whether the process has threads (threading.Thread) and the wait is theirs, all of them
    // waiting: then no one call is what it waits in.
    bool threads_waiting() const;
    // A runtime object a process may wait for, named by its backend handle.
    struct ObjectRef {
        // condition_lock, value_lock: the LockId inside a Condition, or taken by every access
        // to a shared Value or Array (the ref names the Condition or the Value).
        // shared: the Value or Array itself.
        enum Kind : uint8_t { lock, sync, queue, conn, process, condition_lock, value_lock, shared } kind = lock;
        uint32_t id = 0;  // LockId, SyncId (a JoinableQueue's counter too), QueueId, ConnId, ProcId, SharedId
    };
    // The scenario's variable that holds `ref` in this process: a global, else a local of the
    // running frames (innermost first); "" when no variable holds it (an object in a list).
    std::string variable_for(ObjectRef ref) const;
    std::string_view process_name() const;     // "MainProcess", "Process-1", ...

    // What a viewer's inspector shows of this process (lang/inspect_values.cpp), read between
    // runs only (never from a Host call). Its data: the module's globals that hold data (not
    // functions, classes or modules, nor names like __name__), then the locals of the innermost
    // frame of the scenario's own code, each as its repr cut to `max_chars` bytes (whole UTF-8
    // characters, "..." appended). A long container is cut while it is written, so a list of a
    // million items costs what its first items cost.
    struct Variable {
        std::string scope;  // "" for a global, else the function whose frame holds it
        std::string name;
        std::string value;
    };
    std::vector<Variable> variables(size_t max_chars = 80) const;
    // The repr of a message in transit (what a Pipe or a Queue holds: lang/transport.h), as
    // this process would receive it, cut as above; "<N bytes>" when it does not rebuild here.
    // The objects it makes are dropped again and the process's exception state is kept.
    std::string describe_message(std::string_view message, size_t max_chars = 80) const;

    // Called from a Host call while run() executes: run() returns (RunStatus::running) once
    // the current instruction is complete, as if its budget were spent. The sim's step mode
    // uses it to stop a process right after a visible operation. No effect inside a nested
    // call (native code calling Python), which cannot stop in the middle.
    void end_burst();

    // --- threads, for manual stepping (lang/thread_scheduler.cpp) ------------------------
    struct ThreadView {
        uint32_t number = 0;  // 0 for MainThread, then in start order (never reused)
        std::string name;     // "MainThread", "Thread-1 (f)", ...
        int line = 0;         // the source line it is about to execute
        bool holds_gil = false;  // the thread that ran last (and runs next unless switched)
        bool waiting = false;    // in a threading/queue/sleep wait, repeated on its turn
        std::string waits_in;    // what it waits in ("lock.acquire()", "time.sleep()")
    };
    // The live threads in start order; empty while the process has never had a second thread.
    std::vector<ThreadView> threads() const;
    // Their numbers only (cheap).
    std::vector<uint32_t> live_threads() const;
    // Set once every thread of the process waited with nothing to wake it (the process then
    // ended with exit code 1): that report on one line, for an explorer's outcome; else "".
    const std::string& thread_deadlock() const;
    // Thread `number` takes the GIL for the following run() calls: no other thread of the
    // process runs until unpin_thread(). With `until_release`, run() stops (pinned_step_over())
    // at the thread's next GIL release point: after at least one instruction, a loop's
    // backward jump or a Python function's entry (where CPython 3.11 checks its eval
    // breaker), Thread.start() (which hands over to the new thread), a threading/queue wait
    // or time.sleep that cannot go on at once, or its end. Without it, only a wait that cannot
    // go on or its end stops it. A waiting thread tries its wait again first; one that
    // sleeps or waits with a timeout finds its time up (as a process chosen in step mode). False, changing
    // nothing, when there is no such live thread.
    bool pin_thread(uint32_t number, bool until_release);
    void unpin_thread();
    bool pinned_step_over() const;   // since pin_thread: it reached a stop (above)
    bool pinned_thread_waits() const;  // ... because it waits
    uint64_t pinned_instructions() const;  // instructions it ran since pin_thread
    // run() returns right after a Thread.start() (the new thread then holds the GIL), so a
    // stepper can offer the new thread as a choice at once; it changes nothing else, as a
    // run() cut there and resumed runs the same instructions. threads_started() counts them.
    void set_stop_at_thread_start(bool stop);
    uint32_t threads_started() const;

    // Stops the process at its next instruction as if killed by `signal` (terminate(): 15).
    void request_kill(int signal);

    struct State;  // private: lang/interp_state.h

private:
    explicit Interp(std::unique_ptr<State> s);
    std::unique_ptr<State> state_;
    uint64_t executed_ = 0;  // State::executed as run() and become_child() leave it
};

}  // namespace forklab
