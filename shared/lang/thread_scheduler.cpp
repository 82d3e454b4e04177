// Interpreter-level threads of one scenario process: CPython's GIL, by construction.
//
// A process's threads all run inside its one Interp, on whatever runs that Interp (the sim
// scheduler, one OS thread on `threads`, one OS process on `fork`). Only one thread's state is
// loaded at a time and threads are switched between instructions, so never two bytecodes of
// one process run at once: that is exactly what the GIL guarantees, on every backend, and
// CPU-bound threads get no speed-up (they share the single runner of their process) while
// processes do. We keep this design on fork and threads too instead of OS threads plus a
// real lock: the interpreter's objects are not thread-safe (plain refcounts), a real lock
// would add nothing observable, and the switching stays deterministic on sim.
//
// Switch interval: CPython hands the GIL over every sys.getswitchinterval() = 5 ms. Here the
// running thread hands over every kSwitchInstructions bytecode instructions, which is 5 ms of
// virtual time on sim (1 instruction = 1 tick = 1 us) and much less than 5 ms of real time
// on fork/threads; and at once whenever it blocks.
//
// Blocking: threading and queue primitives never call the Host. When their condition is not
// met they return State::thread_block(); the scheduler marks the thread waiting, runs the
// others and repeats the instruction on the thread's next turn (the sim's own retry rule,
// one level down). When every thread waits, the earliest timeout (time.sleep, join(timeout),
// get(timeout=...)) is slept through Host::sleep; with no timeout at all nothing can ever
// wake them (only threads of this process can), so the process ends with a deadlock report
// instead of hanging as CPython would.
// A Host call that may block (multiprocessing lock, queue, pipe, semaphore, join of a child
// ...) made while other threads exist uses its non-blocking form and is polled
// (wait_on_host); when every thread waits and one polls, the process calls Host::idle.
#include "lang/exceptions.h"
#include "lang/interp_state.h"
#include "lang/opcodes.h"
#include "lang/thread_objects.h"

namespace forklab::lang {

namespace {

constexpr uint64_t kSwitchInstructions = 5000;
constexpr int64_t kIdentBase = 139637976727552;  // a CPython-like pthread_t value
constexpr int64_t kIdentStep = 0x801000;

void swap_in_out(State& st, ThreadCtx& t) {
    std::swap(st.stack, t.stack);
    std::swap(st.sp, t.sp);
    std::swap(st.frames, t.frames);
    std::swap(st.handling, t.handling);
    std::swap(st.exc, t.exc);
}

void set_attr_value(const Value& inst, const char* name, Value v) {
    if (inst.is(OT::instance)) inst.as<InstanceObj>()->dict.as<DictObj>()->set(make_str(name), std::move(v));
}

std::string thread_name(const Value& thread) {
    if (!thread.is(OT::instance)) return "?";
    Value* v = thread.as<InstanceObj>()->dict.as<DictObj>()->find_str("name");
    return v ? str_of(*v) : "?";
}

// The whole process is over: the main thread ended and only daemon threads are left.
bool process_over(const State& st) {
    if (!st.main_done) return false;
    for (const auto& t : st.threads)
        if (!t->done && !t->daemon) return false;
    return true;
}

// Ends the thread loaded in State: its report, its Thread object, its slot in the table.
void end_current_thread(State& st, ThreadRun how) {
    ThreadCtx& t = *st.threads[st.cur];
    const bool is_main = t.ident == kIdentBase;
    if (how == ThreadRun::error) {
        Value exc = st.exc;
        auto* e = exc.as<InstanceObj>();
        const bool exit = e->cls.as<ClassObj>()->builtin_exc == exception_index("SystemExit");
        if (is_main) {
            end_with_exception(st);  // prints the traceback, sets exit_code and finished
            st.finished = false;
            st.main_exit = st.exit_code;
        } else {
            st.exc = Value();
            if (!exit) st.host.write(Stream::err, "Exception in thread " + thread_name(t.thread) + ":\n" + format_traceback(st, exc));
        }
    } else if (is_main) {
        st.main_exit = 0;
    }
    st.handling.clear();
    st.exc = Value();
    if (is_main) st.main_done = true;
    set_attr_value(t.thread, "_is_stopped", Value::boolean(true));
    swap_in_out(st, t);
    st.threads.erase(st.threads.begin() + long(st.cur));
}

void finish_process(State& st) {
    st.finished = true;
    st.exit_code = int(st.main_exit);
    // Daemon threads just stop, as at CPython's exit; their stacks stay parked until the
    // Interp's teardown frees the heap (release_heap reaches them).
    for (auto& t : st.threads) t->done = true;
    st.handling.clear();
    st.exc = Value();
}

// Every thread waits and none has a timeout: only a thread of this process could wake one.
// On stderr, one line per thread; kept as one line too (Interp::thread_deadlock).
void report_deadlock(State& st) {
    const bool es = st.report_lang == Lang::es;
    std::string head = (es ? "interbloqueo en " : "deadlock in ") + st.process_name +
                       (es ? ": todos los hilos están esperando y ninguno tiene tiempo límite"
                           : ": every thread is waiting and none has a timeout");
    std::string msg = "forklab: " + head + "\n";
    st.thread_deadlock = std::move(head);
    for (const auto& t : st.threads)
        if (!t->done) {
            const std::string line = thread_name(t->thread) + (es ? " espera en " : " waits in ") +
                                     (t->reason.empty() ? "?" : t->reason);
            msg += "  " + line + "\n";
            st.thread_deadlock += "; " + line;
        }
    st.host.write(Stream::err, msg);
    st.main_exit = 1;
}

// Round robin, except that waits whose timeout has passed go first, earliest deadline first:
// after a long stall (a loaded machine) threads whose sleeps all ended still wake in the
// order of their deadlines, as they would have without the stall.
size_t next_thread(State& st) {
    size_t next = (st.cur + 1) % st.threads.size();
    bool any = false;
    double first = 0;
    for (size_t i = 0; i < st.threads.size(); ++i) {
        const ThreadCtx& t = *st.threads[i];
        if (times_out(t) && (!any || t.deadline < first)) { any = true; first = t.deadline; next = i; }
    }
    if (any && first <= st.host.monotonic_seconds()) return next;
    return (st.cur + 1) % st.threads.size();
}

void tell_host_who_runs(State& st) {
    const ThreadCtx& t = *st.threads[st.cur];
    if (t.number == st.traced_thread) return;
    st.traced_thread = t.number;
    st.host.thread_switch(t.number, thread_name(t.thread));
}

}  // namespace

void ensure_threads(State& st) {
    if (!st.threads.empty()) return;
    auto t = std::make_unique<ThreadCtx>();
    t->thread = main_thread_object(st);
    t->ident = kIdentBase;
    st.threads.push_back(std::move(t));
    st.cur = 0;
    st.slice_left = kSwitchInstructions;
}

ThreadCtx& current_thread_ctx(State& st) {
    ensure_threads(st);
    return *st.threads[st.cur];
}

int64_t next_thread_ident(State& st) { return kIdentBase + kIdentStep * int64_t(st.threads_started + 1); }
int64_t main_thread_ident() { return kIdentBase; }
bool current_thread_ctx_daemon(State& st) { return !st.threads.empty() && st.threads[st.cur]->daemon; }

void yield_thread(State& st) {
    if (!st.live_left || st.nested) return;
    uint64_t* left = const_cast<uint64_t*>(st.live_left);
    st.yield_skipped += *left;
    *left = 0;
    st.yield_now = true;
    if (st.stop_at_thread_start) st.burst_end = true;
}

bool wait_timed_out(State& st, std::optional<double> timeout) {
    ThreadCtx& t = current_thread_ctx(st);
    const double now = st.host.monotonic_seconds();
    if (!t.waiting) {
        t.waiting = true;
        t.has_deadline = timeout.has_value();
        t.deadline = now + (timeout ? *timeout : 0);
    }
    if (t.has_deadline && now >= t.deadline) {
        wait_over(st);
        return true;
    }
    return false;
}

void wait_over(State& st) {
    if (st.threads.empty()) return;
    ThreadCtx& t = *st.threads[st.cur];
    t.waiting = false;
    t.has_deadline = false;
    t.phase = 0;
    t.notified = false;
    t.host_wait = false;
    t.reason.clear();
}

// Also while the thread is in the middle of a polled Host wait and the others have ended
// since: it keeps polling, so its deadline is not restarted by a fresh blocking call. Never
// inside code called from native (nested): a thread cannot switch there, so the call blocks
// the whole process as it would without threads (on sim through Host::wait_nested).
bool threads_running(const State& st) {
    if (st.nested > 0) return false;
    return st.threads.size() > 1 || (st.threads.size() == 1 && st.threads[0]->host_wait && st.threads[0]->waiting);
}

Res wait_on_host(State& st, std::optional<double> timeout, const char* reason, bool* timed_out) {
    *timed_out = wait_timed_out(st, timeout);
    if (*timed_out) return Res::ok;
    ThreadCtx& t = current_thread_ctx(st);
    t.host_wait = true;
    t.reason = reason;
    return st.thread_block(reason);
}

Res polled_wait_step(State& st, bool done, std::optional<double> timeout, const char* reason) {
    if (done) {
        wait_over(st);
        return Res::ok;
    }
    bool timed_out = false;
    return wait_on_host(st, timeout, reason, &timed_out);
}

Res thread_wait_step(State& st, bool done, std::optional<double> timeout, const char* reason) {
    if (done) {
        wait_over(st);
        return Res::ok;
    }
    if (wait_timed_out(st, timeout)) return Res::ok;
    return st.thread_block(reason);
}

Res thread_sleep(State& st, double seconds) {
    if (!(seconds > 0)) return Res::ok;
    if (wait_timed_out(st, seconds)) return Res::ok;
    current_thread_ctx(st).reason = "time.sleep()";
    return st.thread_block("time.sleep()");
}

// CPython 3.11 hands the GIL over only where its eval breaker is checked: at a backward
// jump (the end of a loop body) and at a function's entry, never inside a statement such as
// `contador += 1`. That is why the classic unlocked counter with threads loses no update on
// CPython 3.11 while the same counter with processes does, and students see exactly that.
// So an expired slice runs on to the next such point (a few instructions; kMaxOverrun
// bounds a straight-line stretch without one).
constexpr uint64_t kMaxOverrun = 100000;
bool at_switch_point(const State& st) {
    if (st.frames.empty()) return true;
    const Frame& f = st.frames.back();
    if (f.pc == 0) return true;
    if (f.pc >= f.code->words.size()) return true;
    const uint32_t w = f.code->words[f.pc];
    return Op(w & 0xff) == Op::jump && (w >> 8) <= f.pc;
}

namespace {

// A thread step (Interp::pin_thread): the pinned thread alone, one instruction at a time
// when it stops at release points (a step is a few instructions, read by a person), until
// the budget is spent or it reaches its stop. The slice is not counted meanwhile: a pin
// restarts it, so how a pinned stretch is cut into run() calls changes nothing.
RunStatus run_pinned(State& st, uint64_t budget) {
    st.pin_over = false;
    uint64_t left = budget;
    while (left > 0) {
        uint64_t slice = st.pin_until_release ? 1 : left;
        const uint64_t given = slice;
        st.thread_wait = false;
        if (!st.threads[st.cur]->waiting) tell_host_who_runs(st);
        const ThreadRun r = run_current_thread(st, slice);
        if (st.halted) return RunStatus::exited;
        const uint64_t used = given - slice;
        if (used > 0) tell_host_who_runs(st);
        left -= used;
        st.pin_ran += used;
        const bool yielded = st.yield_now;  // Thread.start(): CPython hands over here
        st.yield_now = false;
        if (r == ThreadRun::blocked && !st.thread_wait) return RunStatus::blocked;  // a Host wait
        if (r == ThreadRun::returned || r == ThreadRun::error) {
            end_current_thread(st, r);
            st.pin_over = true;
            st.pinned = false;  // it is gone; the others are as the scheduler left them
            if (process_over(st)) { finish_process(st); return RunStatus::exited; }
            st.cur = st.cur % st.threads.size();
            swap_in_out(st, *st.threads[st.cur]);
            st.slice_left = kSwitchInstructions;
            return RunStatus::running;
        }
        if (r == ThreadRun::blocked) {  // an in-process wait: it gives up the GIL
            st.threads[st.cur]->reason = st.block_reason;
            st.pin_over = st.pin_waits = true;
            return RunStatus::running;
        }
        // Before burst_end: a Thread.start() also ends the burst (set_stop_at_thread_start).
        if (st.pin_until_release && st.pin_ran > 0 &&
            (yielded || at_switch_point(st) || st.pin_ran >= kMaxOverrun)) {
            st.pin_over = true;
            return RunStatus::running;
        }
        if (st.burst_end) return RunStatus::running;  // a visible operation (Interp::end_burst)
        if (used == 0) {  // nothing ran and nothing stopped it: never spin here
            st.pin_over = true;
            return RunStatus::running;
        }
    }
    return RunStatus::running;
}

int line_of(const std::vector<Frame>& frames) {
    for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
        if (it->code->hidden || it->code->prelude) continue;
        return it->pc < it->code->lines.size() ? it->code->lines[it->pc] : 0;
    }
    return 0;
}

}  // namespace

RunStatus run_threads(State& st, uint64_t budget) {
    if (st.idle_pending) {
        const double dt = st.idle_until - st.host.monotonic_seconds();
        const OpStatus s = st.idle_host ? st.host.idle(st.idle_until > 0 ? std::optional<double>(dt) : std::nullopt)
                                        : st.host.sleep(dt);
        if (s == OpStatus::blocked) {
            st.block_reason = "every thread waits (time.sleep, timeouts)";
            return RunStatus::blocked;
        }
        st.idle_pending = false;
    }
    if (st.pinned) return run_pinned(st, budget);
    uint64_t left = budget;
    size_t fruitless = 0;  // attempts in a row that made no progress
    uint64_t overrun = 0;  // instructions run past the slice to reach a switch point
    auto hand_over = [&st] {  // round robin, the waiting threads included (they try again)
        swap_in_out(st, *st.threads[st.cur]);
        st.cur = next_thread(st);
        swap_in_out(st, *st.threads[st.cur]);
        st.slice_left = kSwitchInstructions;
        st.yield_now = false;
    };
    if (st.yield_now) hand_over();
    while (left > 0) {
        if (st.slice_left == 0) st.slice_left = kSwitchInstructions;
        uint64_t slice = std::min(left, st.slice_left);
        const uint64_t given = slice;
        st.thread_wait = false;
        // The trace's GIL hand-offs: told before a thread that will surely run, after a
        // waiting one that turned out able to go on (so retries that fail are not traced).
        if (!st.threads[st.cur]->waiting) tell_host_who_runs(st);
        ThreadRun r = run_current_thread(st, slice);
        if (st.halted) return RunStatus::exited;  // stopped in a nested wait: Interp::run ends it
        const uint64_t used = given - slice;
        if (used > 0) tell_host_who_runs(st);
        left -= used;
        st.slice_left -= used;
        if (st.burst_end) left = 0;  // Interp::end_burst: the whole run() ends here
        const size_t n = st.threads.size();
        if (r == ThreadRun::blocked && !st.thread_wait) return RunStatus::blocked;  // a Host wait: the process waits
        if (r == ThreadRun::returned || r == ThreadRun::error) {
            end_current_thread(st, r);
            fruitless = 0;
            if (process_over(st)) { finish_process(st); return RunStatus::exited; }
            st.cur = st.cur % st.threads.size();
            swap_in_out(st, *st.threads[st.cur]);
            st.slice_left = kSwitchInstructions;
            continue;
        }
        if (r == ThreadRun::budget) {
            fruitless = 0;
            if (st.slice_left != 0 && !st.yield_now) continue;  // the run's budget is spent, not the slice
            if (!st.yield_now && !at_switch_point(st) && overrun < kMaxOverrun) {
                st.slice_left = 1;  // one instruction more, then look again
                ++overrun;
                continue;
            }
            overrun = 0;
        } else {
            fruitless = used > 0 ? 1 : fruitless + 1;
            st.threads[st.cur]->reason = st.block_reason;
        }
        if (fruitless >= n) {
            // Every thread has been tried since the last progress and waits.
            bool any = false, host = false;
            double first = 0;
            for (const auto& t : st.threads) {
                host = host || t->host_wait;
                if (times_out(*t) && (!any || t->deadline < first)) { first = t->deadline; any = true; }
            }
            if (host) {  // another process may end a wait: idle until something changes
                fruitless = 0;
                st.idle_until = any ? first : 0;
                st.idle_host = true;
                const double dt = first - st.host.monotonic_seconds();
                if (st.host.idle(any ? std::optional<double>(dt > 0 ? dt : 0) : std::nullopt) == OpStatus::blocked) {
                    st.idle_pending = true;
                    st.block_reason = "every thread waits";
                    return RunStatus::blocked;
                }
                hand_over();
                continue;
            }
            if (!any) {
                report_deadlock(st);
                finish_process(st);
                return RunStatus::exited;
            }
            fruitless = 0;
            const double dt = first - st.host.monotonic_seconds();
            if (dt > 0) {
                st.idle_until = first;
                st.idle_host = false;
                if (st.host.sleep(dt) == OpStatus::blocked) {
                    st.idle_pending = true;
                    st.block_reason = "every thread waits (time.sleep, timeouts)";
                    return RunStatus::blocked;
                }
            }
        }
        hand_over();
    }
    return RunStatus::running;
}

}  // namespace forklab::lang

namespace forklab {

using lang::ThreadCtx;

std::vector<Interp::ThreadView> Interp::threads() const {
    const State& st = *state_;
    std::vector<ThreadView> out;
    if (st.threads.empty()) return out;
    for (size_t i = 0; i < st.threads.size(); ++i) {
        const ThreadCtx& t = *st.threads[i];
        if (t.done) continue;
        ThreadView v;
        v.number = t.number;
        v.name = lang::thread_name(t.thread);
        // The running thread's frames are loaded into State; the others' are in their ctx.
        v.line = lang::line_of(i == st.cur ? st.frames : t.frames);
        v.holds_gil = i == st.cur;
        v.waiting = t.waiting;
        if (t.waiting) v.waits_in = t.reason.empty() ? st.block_reason : t.reason;
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<uint32_t> Interp::live_threads() const {
    std::vector<uint32_t> out;
    for (const auto& t : state_->threads)
        if (!t->done) out.push_back(t->number);
    return out;
}

const std::string& Interp::thread_deadlock() const { return state_->thread_deadlock; }

bool Interp::pin_thread(uint32_t number, bool until_release) {
    State& st = *state_;
    if (st.finished) return false;
    size_t i = 0;
    while (i < st.threads.size() && (st.threads[i]->number != number || st.threads[i]->done)) ++i;
    if (i == st.threads.size()) return false;
    if (i != st.cur) {  // as a hand-over: the running thread's state back into its ctx
        lang::swap_in_out(st, *st.threads[st.cur]);
        st.cur = i;
        lang::swap_in_out(st, *st.threads[st.cur]);
    }
    // Chosen while it sleeps or waits with a timeout: its time is up now, as a process's in
    // step mode (a person or the explorer picks when a timing ends). Its retry still goes
    // first: a wait whose condition holds now ends as it would have before its timeout.
    lang::ThreadCtx& t = *st.threads[st.cur];
    if (lang::times_out(t)) t.deadline = -1e300;
    st.slice_left = lang::kSwitchInstructions;
    st.yield_now = false;
    st.pinned = true;
    st.pin_until_release = until_release;
    st.pin_number = number;
    st.pin_ran = 0;
    st.pin_over = st.pin_waits = false;
    return true;
}

void Interp::unpin_thread() {
    State& st = *state_;
    st.pinned = false;
    st.pin_over = st.pin_waits = false;
    st.pin_ran = 0;
}

bool Interp::pinned_step_over() const { return state_->pin_over; }
bool Interp::pinned_thread_waits() const { return state_->pin_waits; }
uint64_t Interp::pinned_instructions() const { return state_->pin_ran; }
void Interp::set_stop_at_thread_start(bool stop) { state_->stop_at_thread_start = stop; }
uint32_t Interp::threads_started() const { return uint32_t(state_->threads_started); }

}  // namespace forklab
