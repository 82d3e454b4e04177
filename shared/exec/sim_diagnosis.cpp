// Deadlock and budget explanations (exec/sim_diagnosis.h). Objects are named as the scenario
// names them: the variable that holds them (Interp::variable_for), else the receiver of the
// blocking call as written, else what they are ("a Lock (no. 2)"). The sentences are in
// exec/sim_messages.h, in both languages.
//
// Index: [SECTION] cycles, [SECTION] names, [SECTION] state, [SECTION] deadlock, [SECTION] budgets
#include "exec/sim_diagnosis.h"

#include <algorithm>
#include <cstdio>

#include "exec/sim_messages.h"

namespace forklab::sim {

// [SECTION] cycles

std::vector<std::vector<int>> find_wait_cycles(const std::vector<int>& waits_for) {
    // Each process waits for at most one other, so following the arrows from any process
    // either stops or runs into a cycle; colour 1 marks the walk in progress.
    const int n = (int)waits_for.size();
    std::vector<uint8_t> colour((size_t)n, 0);
    std::vector<std::vector<int>> cycles;
    for (int start = 0; start < n; ++start) {
        std::vector<int> walk;
        int at = start;
        while (at >= 0 && at < n && colour[(size_t)at] == 0) {
            colour[(size_t)at] = 1;
            walk.push_back(at);
            at = waits_for[(size_t)at];
        }
        if (at >= 0 && at < n && colour[(size_t)at] == 1) {  // closed a cycle in this walk
            std::vector<int> cycle(std::find(walk.begin(), walk.end(), at), walk.end());
            std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
            cycles.push_back(std::move(cycle));
        }
        for (int p : walk) colour[(size_t)p] = 2;
    }
    std::sort(cycles.begin(), cycles.end());
    return cycles;
}

namespace {

using Ref = Interp::ObjectRef;

// [SECTION] names

Lang lang_of(const World& w) { return w.request.lang; }

std::string line_of(const SimProcess& p) { return std::to_string(p.interp->current_line()); }

// The scenario's variable for `ref`: `asker`'s own (a global, else a local of its frames),
// else MainProcess's, whose globals name most objects of a course scenario.
std::string variable(const World& w, const SimProcess& asker, Ref ref) {
    std::string n = asker.interp->variable_for(ref);
    if (n.empty() && asker.id.value != 0 && !w.procs.empty()) n = w.procs[0]->interp->variable_for(ref);
    return n;
}

// `subject`: the receiver of the blocking call, a name for the object when no variable holds it.
// `name_used`: the variable the label shows, "" for none.
std::string label(const World& w, const SimProcess& asker, Ref ref, const std::string& subject,
                  Msg named, Msg unnamed, std::string_view unnamed_arg = {}, std::string* name_used = nullptr) {
    std::string n = variable(w, asker, ref);
    if (n.empty()) n = subject;
    if (name_used) *name_used = n;
    return n.empty() ? say(lang_of(w), unnamed, {unnamed_arg}) : say(lang_of(w), named, {n});
}

std::string lock_label(const World& w, const SimProcess& asker, uint32_t lock, const std::string& subject,
                       std::string* name_used = nullptr) {
    if (variable(w, asker, Ref{Ref::lock, lock}).empty()) {  // the lock inside a Condition or a Value?
        for (auto [kind, msg] : {std::pair{Ref::condition_lock, Msg::condition_lock}, std::pair{Ref::value_lock, Msg::value_lock}}) {
            const std::string owner = variable(w, asker, Ref{kind, lock});
            if (owner.empty()) continue;
            if (name_used) *name_used = owner;
            return say(lang_of(w), msg, {owner});
        }
    }
    const bool rlock = lock > 0 && lock <= w.locks.size() && w.locks[lock - 1].kind == LockKind::rlock;
    return label(w, asker, Ref{Ref::lock, lock}, subject, rlock ? Msg::rlock_named : Msg::lock_named,
                 rlock ? Msg::rlock_unnamed : Msg::lock_unnamed, std::to_string(lock), name_used);
}

// Where `p` waits: its line, and the call when it names the object otherwise than the label
// does ("18: `with destino`" for lock `b` passed in as `destino`).
std::string where(const SimProcess& p, const std::string& name_used) {
    std::string at = line_of(p);
    const std::string subject = p.interp->block_subject();
    if (!subject.empty() && subject != name_used) at += ": `" + p.interp->block_reason() + "`";
    return at;
}

std::string queue_label(const World& w, const SimProcess& asker, Ref ref, const std::string& subject) {
    return label(w, asker, ref, subject, Msg::queue_named, Msg::queue_unnamed);
}

std::string names_text(const World& w, const std::vector<uint32_t>& procs) {
    std::string s;
    for (size_t i = 0; i < procs.size(); ++i) {
        if (i) s += i + 1 == procs.size() ? say(lang_of(w), Msg::and_word) : ", ";
        s += w.procs[procs[i]]->name;
    }
    return s;
}

std::string amount(size_t bytes) {
    if (bytes >= (1u << 20)) return std::to_string((bytes + (1u << 19)) >> 20) + " MB";
    if (bytes >= 1024) return std::to_string((bytes + 512) >> 10) + " KB";
    return std::to_string(bytes) + " B";
}

// What `p` put on queue `q` and nobody has got yet: what keeps its feeder from ending.
size_t unread_bytes(const World& w, const SimProcess& p, uint32_t q) {
    const SimQueue& queue = w.queues[q - 1];
    size_t bytes = 0;
    for (const SimMessage& m : queue.buffer) bytes += m.from == p.id ? m.data.size() : 0;
    if (queue.feeders.size() > p.id.value)
        for (const SimMessage& m : queue.feeders[p.id.value]) bytes += m.data.size();
    return bytes;
}

const SimPipeEnd& other_end(const World& w, uint32_t conn) {
    return w.pipes[(conn - 1) / 2].end[1 - (conn - 1) % 2];
}

const SyncState* sync_of(const World& w, const Wait& wait) {
    return wait.object > 0 && wait.object <= w.syncs.size() ? &w.syncs[wait.object - 1] : nullptr;
}

}  // namespace

// [SECTION] state

std::string blocked_state(const World& w, const SimProcess& p) {
    const Lang l = lang_of(w);
    const std::string call = p.interp->block_reason();
    if (p.interp->threads_waiting() && (p.wait.kind == Wait::idle || p.wait.kind == Wait::sleep))
        return say(l, Msg::state_threads);
    switch (p.wait.kind) {
        case Wait::lock: {
            if (p.sync_phase == SyncPhase::reacquire) return say(l, Msg::state_reacquire, {call});
            const std::string subject = p.interp->block_subject();
            return subject.empty() ? say(l, Msg::state_lock_unnamed) : say(l, Msg::state_lock, {subject});
        }
        case Wait::child: return say(l, Msg::state_in, {call});
        case Wait::sleep: return say(l, Msg::state_sleep, {call});
        case Wait::feeder: return say(l, Msg::state_exit);
        case Wait::sync: {
            const std::string on = say(l, Msg::state_on, {call});
            const SyncState* s = sync_of(w, p.wait);
            if (s && s->kind == SyncKind::barrier)
                return say(l, Msg::state_arrived, {on, std::to_string(s->value), std::to_string(s->limit)});
            return on;
        }
        default: return say(l, Msg::state_on, {call});
    }
}

namespace {

// [SECTION] deadlock

// The process `p` waits for, when that is one process: a lock's holder, a joined child.
int waited_process(const World& w, const SimProcess& p) {
    if (p.state != ProcState::blocked) return -1;
    if (p.wait.kind == Wait::lock && p.wait.object > 0 && p.wait.object <= w.locks.size()) {
        const SimLock& lock = w.locks[p.wait.object - 1];
        return lock.held ? (int)lock.owner.value : -1;
    }
    if (p.wait.kind == Wait::child) return (int)p.wait.object;
    return -1;
}

std::string describe_cycle(const World& w, const std::vector<int>& cycle) {
    const Lang l = lang_of(w);
    const SimProcess& first = *w.procs[(size_t)cycle[0]];
    if (cycle.size() == 1) {  // only a lock can be waited for by its own holder
        std::string name;
        const std::string what = lock_label(w, first, first.wait.object, first.interp->block_subject(), &name);
        return say(l, Msg::self_lock, {first.name, what, where(first, name)});
    }
    std::string s;
    for (size_t i = 0; i < cycle.size(); ++i) {
        const SimProcess& p = *w.procs[(size_t)cycle[i]];
        const SimProcess& prev = *w.procs[(size_t)cycle[(i + cycle.size() - 1) % cycle.size()]];
        const SimProcess& next = *w.procs[(size_t)cycle[(i + 1) % cycle.size()]];
        // What p holds that the one before it waits for (nothing when that one joins p).
        std::string held;
        if (prev.wait.kind == Wait::lock) held = lock_label(w, p, prev.wait.object, prev.interp->block_subject());
        if (i) s += "; ";
        if (p.wait.kind == Wait::child) {
            const std::string call = p.interp->block_reason();
            s += held.empty() ? say(l, Msg::wait_join, {p.name, call, next.name, line_of(p)})
                              : say(l, Msg::cycle_hold_join, {p.name, held, call, next.name, line_of(p)});
        } else {
            std::string name;
            const std::string wanted = lock_label(w, p, p.wait.object, p.interp->block_subject(), &name);
            s += held.empty() ? say(l, Msg::cycle_wait, {p.name, wanted, where(p, name)})
                              : say(l, Msg::cycle_hold_wait, {p.name, held, wanted, where(p, name)});
        }
    }
    return s + ". " + say(l, Msg::cycle_end);
}

// Whether some process joins `p` (its feeder wait is then explained with that join).
bool joined_by_someone(const World& w, const SimProcess& p) {
    for (const auto& q : w.procs)
        if (q->state == ProcState::blocked && q->wait.kind == Wait::child && q->wait.object == p.id.value)
            return true;
    return false;
}

// One blocked process outside any cycle: what it waits for and why that cannot come. ""
// when another sentence says it already.
std::string describe_wait(const World& w, const SimProcess& p) {
    const Lang l = lang_of(w);
    const std::string call = p.interp->block_reason();
    const std::string subject = p.interp->block_subject();
    const std::string line = line_of(p);
    switch (p.wait.kind) {
        case Wait::lock: {
            const SimLock& lock = w.locks[p.wait.object - 1];
            const std::string holder = lock.held ? w.procs[lock.owner.value]->name : "?";
            if (p.sync_phase == SyncPhase::reacquire)
                return say(l, Msg::wait_reacquire,
                           {p.name, call,
                            label(w, p, Ref{Ref::sync, p.sync_id.value}, subject, Msg::condition_lock,
                                  Msg::condition_lock_unnamed),
                            line, holder});
            std::string name;
            const std::string what = lock_label(w, p, p.wait.object, subject, &name);
            return say(l, Msg::wait_lock, {p.name, what, where(p, name), holder});
        }
        case Wait::child: {
            const SimProcess& c = *w.procs[p.wait.object];
            if (c.state == ProcState::blocked && c.wait.kind == Wait::feeder) {
                const std::string q = queue_label(w, c, Ref{Ref::queue, c.wait.object}, "");
                return say(l, Msg::join_before_drain,
                           {p.name, call, c.name, line, amount(unread_bytes(w, c, c.wait.object)), q});
            }
            return say(l, Msg::wait_join, {p.name, call, c.name, line});
        }
        case Wait::feeder: {
            if (joined_by_someone(w, p)) return "";
            const std::string q = queue_label(w, p, Ref{Ref::queue, p.wait.object}, "");
            return say(l, Msg::feeder_alone, {p.name, amount(unread_bytes(w, p, p.wait.object)), q});
        }
        case Wait::conn_read: {
            const std::vector<uint32_t>& holders = other_end(w, p.wait.object).holders;
            if (holders.size() == 1 && holders[0] == p.id.value) return say(l, Msg::recv_self, {p.name, call, line});
            return say(l, Msg::recv_blocked, {p.name, call, line, names_text(w, holders)});
        }
        case Wait::conn_write: case Wait::conn_drain:
            return say(l, Msg::send_full, {p.name, call, line, amount(kPipeBufferBytes)});
        case Wait::queue_get:
            if (p.interp->current_line() == 0) return say(l, Msg::pool_worker_idle, {p.name});
            if (p.interp->blocked_in_runtime()) return say(l, Msg::pool_result, {p.name, call, line});
            return say(l, Msg::get_empty, {p.name, call, line});
        case Wait::queue_put: return say(l, Msg::put_full, {p.name, call, line});
        case Wait::queue_drain: return say(l, Msg::put_big, {p.name, call, line, amount(kPipeBufferBytes)});
        case Wait::sync: {
            const SyncState* s = sync_of(w, p.wait);
            if (!s) break;
            const Ref ref{Ref::sync, p.wait.object};
            switch (s->kind) {
                case SyncKind::barrier:
                    return say(l, Msg::barrier_short,
                               {p.name, call, line, label(w, p, ref, subject, Msg::barrier_named, Msg::barrier_unnamed),
                                std::to_string(s->limit), std::to_string(s->value)});
                case SyncKind::event:
                    return say(l, Msg::event_unset,
                               {p.name, call, line, label(w, p, ref, subject, Msg::event_named, Msg::event_unnamed)});
                case SyncKind::condition:
                    return say(l, Msg::condition_unnotified,
                               {p.name, call, line,
                                label(w, p, ref, subject, Msg::condition_named, Msg::condition_unnamed)});
                case SyncKind::semaphore:
                    return say(l, Msg::semaphore_zero,
                               {p.name, call, line,
                                label(w, p, ref, subject, Msg::semaphore_named, Msg::semaphore_unnamed)});
                case SyncKind::counter:
                    return say(l, Msg::tasks_left,
                               {p.name, call, line, std::to_string(s->value), queue_label(w, p, ref, subject)});
            }
            break;
        }
        case Wait::idle: return say(l, Msg::threads_idle, {p.name, line});
        default: break;
    }
    return say(l, Msg::wait_generic, {p.name, call, line});
}

// The line a report points at: MainProcess's when it waits, else the first waiting process's.
int report_line(const World& w) {
    int line = 0;
    for (const auto& p : w.procs)
        if (p->state == ProcState::blocked) {
            line = p->interp->current_line();
            break;
        }
    if (!w.procs.empty() && w.procs[0]->state == ProcState::blocked) line = w.procs[0]->interp->current_line();
    return line;
}

}  // namespace

Diagnostic diagnose_deadlock(const World& w) {
    const Lang l = lang_of(w);
    std::vector<int> waits_for(w.procs.size(), -1);
    for (size_t i = 0; i < w.procs.size(); ++i) waits_for[i] = waited_process(w, *w.procs[i]);
    const std::vector<std::vector<int>> cycles = find_wait_cycles(waits_for);
    std::vector<bool> in_cycle(w.procs.size(), false);
    std::vector<std::string> sentences;
    for (const auto& c : cycles) {
        for (int p : c) in_cycle[(size_t)p] = true;
        sentences.push_back(describe_cycle(w, c));
    }
    for (const auto& p : w.procs) {
        if (p->state == ProcState::blocked && !in_cycle[p->id.value]) {
            std::string s = describe_wait(w, *p);
            if (!s.empty()) sentences.push_back(std::move(s));
        } else if (p->state == ProcState::ready) {  // only a process suspended below (nested waits)
            sentences.push_back(say(l, Msg::nested_ready, {p->name, line_of(*p)}));
        }
    }
    std::string msg = say(l, Msg::deadlock_head);
    for (const std::string& s : sentences) msg += "\n  " + s + ".";
    return Diagnostic{"Deadlock", w.request.filename, report_line(w), 0, msg};
}

// [SECTION] budgets

static Diagnostic budget_report(const World& w, std::string head) {
    const Lang l = lang_of(w);
    for (const auto& p : w.procs) {
        if (p->state == ProcState::exited) continue;
        const std::string ran = std::to_string(p->interp->instructions_executed());
        if (p->state == ProcState::blocked)
            head += "\n  " + say(l, Msg::budget_blocked, {p->name, blocked_state(w, *p), line_of(*p), ran}) + ".";
        else
            head += "\n  " + say(l, Msg::budget_running, {p->name, line_of(*p), ran}) + ".";
    }
    const int line = w.procs.empty() ? 0 : w.procs[0]->interp->current_line();
    return Diagnostic{"LimitExceeded", w.request.filename, line, 0, std::move(head)};
}

Diagnostic diagnose_instruction_budget(const World& w) {
    return budget_report(w, say(lang_of(w), Msg::budget_instructions, {std::to_string(w.max_instructions)}));
}

Diagnostic diagnose_time_budget(const World& w) {
    return budget_report(w, say(lang_of(w), Msg::budget_time, {seconds_text((double)w.max_ticks / kTicksPerSecond)}));
}

}  // namespace forklab::sim
