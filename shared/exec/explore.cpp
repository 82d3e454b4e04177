// The explorer's search (algorithm described in exec/explore.h).
//
// Index: [SECTION] state graph, [SECTION] sessions, [SECTION] search, [SECTION] entry point
#include "exec/explore.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "lang/interp.h"

namespace forklab {

namespace {

// [SECTION] state graph

constexpr uint32_t kNone = UINT32_MAX;

uint64_t sat_add(uint64_t a, uint64_t b) { return a + b < a ? UINT64_MAX : a + b; }

uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xbf58476d1ce4e5b9ull;
}

// A choice of the search: a process step, or, for a process that runs several threads, a
// thread step of one of them (exec/sim_schedule.h, "P.T"). `fallback`: the process step
// offered after its thread steps, taken only when none of them could make progress (every
// thread waits: the interpreter's own scheduler then sleeps to the first timeout, waits on
// the Host or reports the threads' deadlock).
struct Choice {
    uint32_t proc = 0;
    uint32_t thread = kAnyThread;
    bool fallback = false;
};
bool same_choice(uint32_t proc_a, uint32_t thread_a, uint32_t proc_b, uint32_t thread_b) {
    return proc_a == proc_b && thread_a == thread_b;
}

// One outcome reachable from a state: how many schedules lead there from it, and the first
// choice of the best of them (fewest steps, then fewest switches), to follow for a witness.
struct Reach {
    uint32_t outcome = 0;
    uint64_t count = 0;
    uint32_t steps = 0;
    uint32_t switches = 0;
    int32_t first = -1;    // the process of its first visible step; -1: the state is the end
    int32_t choice = -1;   // the process chosen here (-1 at the end) ...
    uint32_t choice_thread = kAnyThread;  // ... and its thread, for a thread step
    uint32_t next = kNone; // the state that choice leads to
};
// A step taken from a state: who, where it led, and what it touched (for the diamonds below).
struct Edge {
    uint32_t proc = 0;
    uint32_t thread = kAnyThread;
    uint32_t child = kNone;
    bool silent = false;
    bool commutes = false;  // a visible step that started no process: may commute with others
    std::vector<VisibleOp> ops;
};
struct StateNode {
    std::vector<Reach> reach;
    std::vector<Edge> edges;
};

// Steps a (from S) and b (from S) that touch nothing in common lead from S.a.b and S.b.a to
// one state: each process does the same thing and learns the same, and the world ends the
// same. Starting a process is left out: children are numbered in start order.
bool independent(const Edge& a, const Edge& b) {
    if (!a.commutes || !b.commutes || a.proc == b.proc) return false;
    for (const VisibleOp& x : a.ops)
        for (const VisibleOp& y : b.ops)
            if (ops_conflict(x, y)) return false;
    return true;
}

// Per process, a hash of its steps and what they returned: with the world's fingerprint, the
// identity of a state (a process's local state follows from it).
using Histories = std::vector<uint64_t>;

void add_step(Histories& h, const StepRecord& r) {
    uint64_t mine = r.proc < h.size() ? h[r.proc] : 0;
    mine = mix(mine, r.observed);
    if (r.thread != kAnyThread) mine = mix(mine, 0x7468000000ull + r.thread);  // which thread ran
    for (const VisibleOp& op : r.ops) mine = mix(mine, op.key * 2 + op.writes);
    uint32_t top = r.proc;
    for (uint32_t child : r.spawned) top = std::max(top, child);
    if (h.size() <= top) h.resize(top + 1, 0);
    h[r.proc] = mine;
    for (uint32_t child : r.spawned) h[child] = mix(mine, 0x5eed0000ull + child);
}

// A process step that ended after a Thread.start() without a visible operation (no
// StepRecord): the process went on all the same.
void add_thread_start(Histories& h, uint32_t proc, uint32_t started) {
    if (h.size() <= proc) h.resize(proc + 1, 0);
    h[proc] = mix(h[proc], 0x5747000000ull + started);
}

class Explorer {
public:
    Explorer(const RunRequest& scenario, const ExploreOptions& o, std::shared_ptr<const Program> prog);
    // Searches for about `seconds` of wall time (at least one state); true once the search
    // has ended (complete, or stopped by a budget), then result() is final.
    bool advance(double seconds);
    ExploreProgress progress() const;
    const ExploreResult& result() const { return result_; }

private:
    // One state being explored: what the recursive search would keep on its C++ stack, on
    // the heap instead, so that the search can stop between any two steps and go on later
    // (the browser's single-threaded build explores a slice per frame). Frames never move:
    // a child reads its parent's node and the edge that led to it (diamond()).
    struct Frame {
        enum class Phase { enter, next_choice, after_child } phase = Phase::enter;
        std::unique_ptr<SimSession> s;  // the state, until its first choice takes it
        Histories hist;
        uint32_t steps = 0;
        const StateNode* parent = nullptr;
        const Edge* via = nullptr;
        uint64_t key = 0;
        std::vector<Choice> can;    // the steps that may be taken next
        std::vector<uint32_t> moved;  // processes one of whose thread steps made progress
        bool failed_polls = false;  // a choice was a poll that changed nothing (stuck_state)
        size_t i = 0;               // the choice being explored
        Edge edge;                  // its step (the child frame above this one explores it)
        StateNode here;
        bool complete = true;       // every schedule from here was covered
        bool on_path = false;       // its key is in on_path_ (entered, not finished)
    };
    // [SECTION] sessions
    std::unique_ptr<SimSession> fresh();
    std::unique_ptr<SimSession> replay(const std::vector<Choice>& choices);
    static void drive(SimSession& s);
    static void take(SimSession& s, const Choice& c);
    bool out_of_budget();
    // [SECTION] search
    void push_frame(std::unique_ptr<SimSession> s, Histories hist, uint32_t steps,
                    const StateNode* parent, const Edge* via);
    void enter(Frame& f);
    void next_choice(Frame& f);
    void after_child(Frame& f);
    void conclude(Frame& f);
    void finish_frame(uint32_t node, bool complete);
    void finish_search();
    uint32_t diamond(const StateNode* parent, const Edge* via, const Choice& c, Edge* edge) const;
    uint32_t end_state(SimSession& s, Ending forced);
    uint32_t stuck_state();
    uint32_t intern(Outcome o);
    void merge(StateNode& into, uint32_t child, const Choice& c, bool silent);
    void report_progress();
    std::vector<Choice> witness_choices(uint32_t root, uint32_t outcome) const;

    RunRequest request_;
    ExploreOptions options_;
    uint64_t max_executions_, max_steps_;
    double max_seconds_;
    std::chrono::steady_clock::time_point start_, last_progress_;
    std::vector<StateNode> nodes_;
    std::unordered_map<uint64_t, uint32_t> memo_;
    std::vector<Outcome> outcomes_;
    std::unordered_map<std::string, uint32_t> outcome_ids_;
    std::vector<Choice> path_;                         // choices from the start to here
    std::vector<std::pair<uint32_t, uint32_t>> branch_;  // (choice index, choices) per level
    uint64_t executions_ = 0, pending_ = 0;
    std::string stopped_by_;
    bool cut_short_ = false;
    std::unordered_set<uint64_t> on_path_;  // keys of the states on the path being searched
    uint64_t loops_ = 0;                    // schedules cut where they came back to one (ExploreResult::loops)

    std::vector<std::unique_ptr<Frame>> frames_;  // the path being searched, root first
    uint32_t returned_ = kNone;       // the node the frame just popped ended with ...
    bool returned_complete_ = false;  // ... and whether it was complete
    bool started_ = false, ended_ = false;
    ExploreResult result_;
};

Explorer::Explorer(const RunRequest& scenario, const ExploreOptions& o,
                   std::shared_ptr<const Program> prog)
    : request_(scenario), options_(o) {
    request_.backend = Backend::sim;
    request_.trace = false;
    request_.sim = SimOptions{};
    request_.sim.policy = SimPolicy::steps;
    request_.sim.manual = true;
    request_.sim.record_steps = true;
    request_.sim.program = std::move(prog);
    if (!request_.limits.max_instructions)
        request_.limits.max_instructions = o.limits.max_instructions ? o.limits.max_instructions : 20'000'000;
    max_executions_ = o.limits.max_executions ? o.limits.max_executions : 1'000'000;
    max_steps_ = o.limits.max_steps ? o.limits.max_steps : 10'000;
    max_seconds_ = o.limits.max_seconds > 0 ? o.limits.max_seconds : 60;
}

// [SECTION] sessions

void Explorer::drive(SimSession& s) {
    do {
        s.advance(1ull << 30);
    } while (!s.finished() && !s.waiting_for_choice());
}

bool Explorer::out_of_budget() {
    if (!stopped_by_.empty()) return true;
    if (options_.cancel && options_.cancel->load(std::memory_order_relaxed)) stopped_by_ = "cancelled";
    else if (executions_ >= max_executions_) stopped_by_ = "executions";
    else if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() > max_seconds_)
        stopped_by_ = "seconds";
    return !stopped_by_.empty();
}

std::unique_ptr<SimSession> Explorer::fresh() {
    ++executions_;
    auto s = std::make_unique<SimSession>(request_, nullptr);
    drive(*s);
    return s;
}

// A process step also ends after a Thread.start(), so that the new thread and the one that
// started it are two choices from there on.
void Explorer::take(SimSession& s, const Choice& c) {
    s.step(ProcId{c.proc}, 1, false, c.thread, c.thread == kAnyThread);
    drive(s);
}

// One choice at a time, as the search made them: a step that takes several operations in one
// instruction must not swallow the next choice of the same process (SimSession::step).
std::unique_ptr<SimSession> Explorer::replay(const std::vector<Choice>& choices) {
    auto s = fresh();
    for (const Choice& c : choices) take(*s, c);
    return s;
}

// [SECTION] search

uint32_t Explorer::intern(Outcome o) {
    const std::string key = outcome_key(o);
    auto [it, fresh_key] = outcome_ids_.emplace(key, (uint32_t)outcomes_.size());
    if (fresh_key) outcomes_.push_back(std::move(o));
    return it->second;
}

uint32_t Explorer::end_state(SimSession& s, Ending forced) {
    Outcome o;
    if (forced == Ending::step_limit) {
        RunResult partial = s.take_result();
        o = outcome_of(s, partial);
        o.ending = Ending::step_limit;
        o.message = "an execution reached " + std::to_string(max_steps_) + " steps (--max-steps)";
        cut_short_ = true;
    } else {
        const RunResult r = s.take_result();
        o = outcome_of(s, r);
    }
    StateNode n;
    n.reach.push_back(Reach{intern(std::move(o)), 1, 0, 0, -1, -1, kAnyThread, kNone});
    nodes_.push_back(std::move(n));
    return (uint32_t)nodes_.size() - 1;
}

// A state where every choice is a wait tried again in vain (threads that poll objects nobody
// will change, or whose change only a timeout brings): step mode cannot move it, so the run
// goes on by itself from here, as `forklab run --schedule` does after the schedule's last
// step, where the waits block and the simulator's own diagnosis (a deadlock, a timeout that
// fires) ends it. kNone when the budget allows no replay.
uint32_t Explorer::stuck_state() {
    if (out_of_budget()) return kNone;
    std::unique_ptr<SimSession> s = replay(path_);
    s->set_manual(false);
    drive(*s);
    return end_state(*s, Ending::exit);
}

// Adds what `child` reaches to `into`, through choosing `proc` (a visible step, or a silent
// block: `proc` found what it wanted taken and now waits).
void Explorer::merge(StateNode& into, uint32_t child, const Choice& c, bool silent) {
    const uint32_t proc = c.proc;
    for (const Reach& r : nodes_[child].reach) {
        const uint32_t steps = r.steps + (silent ? 0 : 1);
        const uint32_t switches = r.switches + (!silent && r.first >= 0 && (uint32_t)r.first != proc);
        const int32_t first = silent ? r.first : (int32_t)proc;
        Reach* have = nullptr;
        for (Reach& x : into.reach)
            if (x.outcome == r.outcome) have = &x;
        if (!have) {
            into.reach.push_back(Reach{r.outcome, r.count, steps, switches, first, (int32_t)proc, c.thread, child});
            continue;
        }
        have->count = sat_add(have->count, r.count);
        if (steps < have->steps || (steps == have->steps && switches < have->switches))
            *have = Reach{r.outcome, have->count, steps, switches, first, (int32_t)proc, c.thread, child};
    }
}

void Explorer::report_progress() {
    if (!options_.progress) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_progress_ < std::chrono::milliseconds(100)) return;
    last_progress_ = now;
    options_.progress(progress());
}

// The state S.b.p without running it, when this state is S.b (`parent` S, `via` b) and S.p
// (already explored, with its step p independent of b) has gone on with b: S.p.b is S.b.p.
// Saves a re-execution per diamond of independent steps and keeps counts exact.
uint32_t Explorer::diamond(const StateNode* parent, const Edge* via, const Choice& c, Edge* edge) const {
    if (!parent || !via || !via->commutes || c.fallback) return kNone;
    for (const Edge& a : parent->edges) {
        if (!same_choice(a.proc, a.thread, c.proc, c.thread) || a.child == kNone || !independent(a, *via)) continue;
        for (const Edge& b : nodes_[a.child].edges)
            if (same_choice(b.proc, b.thread, via->proc, via->thread) && !b.silent && b.child != kNone) {
                *edge = a;
                edge->child = b.child;
                return b.child;
            }
    }
    return kNone;
}

// The search is a depth-first walk of the state graph: each frame is a state (reached by
// path_), which tries each runnable process in turn (a child frame per choice) and, once all
// are done, becomes a node whose `reach` sums what its choices reach. A node is remembered
// (memo_) only when complete: a budget that cut its subtree short leaves its counts partial.

void Explorer::push_frame(std::unique_ptr<SimSession> s, Histories hist, uint32_t steps,
                          const StateNode* parent, const Edge* via) {
    auto f = std::make_unique<Frame>();
    f->s = std::move(s);
    f->hist = std::move(hist);
    f->steps = steps;
    f->parent = parent;
    f->via = via;
    frames_.push_back(std::move(f));
}

// The top frame is done: its node (kNone when a budget stopped the search before it had any)
// goes to the frame below, or is the root's.
void Explorer::finish_frame(uint32_t node, bool complete) {
    if (frames_.back()->on_path) on_path_.erase(frames_.back()->key);
    frames_.pop_back();
    returned_ = node;
    returned_complete_ = complete;
}

void Explorer::enter(Frame& f) {
    if (f.s->finished()) return finish_frame(end_state(*f.s, Ending::exit), true);
    f.key = f.s->state_fingerprint(f.hist);
    if (auto it = memo_.find(f.key); it != memo_.end()) return finish_frame(it->second, true);
    if (on_path_.count(f.key)) {
        // The schedule came back to a state it passed (a process polling a value that nobody
        // has changed yet): going on would repeat that stretch, any number of times. Such a
        // schedule is cut here and reaches nothing of its own; what can follow this state is
        // explored where the state was first met, below on this path. (Only an exact state
        // hash repeats: a history-based key never does.)
        ++loops_;
        nodes_.emplace_back();
        return finish_frame((uint32_t)nodes_.size() - 1, true);
    }
    if (f.steps >= max_steps_) return finish_frame(end_state(*f.s, Ending::step_limit), false);
    on_path_.insert(f.key);
    f.on_path = true;
    report_progress();
    // A process that runs several threads is stepped thread by thread: they share its memory,
    // so every order of their steps (each to a visible operation or a GIL release point) may
    // matter; then its process step, in case no thread can go on.
    for (ProcId p : f.s->runnable()) {
        const std::vector<uint32_t> threads = f.s->live_threads(p);
        for (uint32_t t : threads) f.can.push_back(Choice{p.value, t, false});
        f.can.push_back(Choice{p.value, kAnyThread, !threads.empty()});
    }
    f.phase = Frame::Phase::next_choice;
}

// Takes choices until one needs exploring: then a child frame is pushed for it.
void Explorer::next_choice(Frame& f) {
    for (; f.i < f.can.size(); ++f.i) {
        const Choice c = f.can[f.i];
        const uint32_t proc = c.proc;
        if (c.fallback && std::find(f.moved.begin(), f.moved.end(), proc) != f.moved.end()) continue;
        Edge edge;
        if (diamond(f.parent, f.via, c, &edge) != kNone) {
            if (c.thread != kAnyThread) f.moved.push_back(proc);
            merge(f.here, edge.child, c, false);
            f.here.edges.push_back(std::move(edge));
            continue;
        }
        std::unique_ptr<SimSession> next;
        if (f.s) next = std::move(f.s);
        else if (!out_of_budget()) next = replay(path_);
        if (!next) {
            f.complete = false;
            pending_ += f.can.size() - f.i;
            return conclude(f);
        }
        const size_t before = next->steps().size();
        const uint64_t ran_before = next->instructions_of(ProcId{proc});
        const uint32_t started_before = next->threads_started_of(ProcId{proc});
        take(*next, c);
        edge.proc = proc;
        edge.thread = c.thread;
        const bool recorded = next->steps().size() != before;
        const uint32_t started = next->threads_started_of(ProcId{proc});
        // A wait on a multiprocessing object tried again that still cannot go on (a thread's
        // polled retry, or a process whose threads all poll idling): no instruction ran and
        // the state is the one it left, so it is no choice. Its record (the failed try) would
        // only make the history-based key look new, and the search would poll forever.
        if (recorded && !next->finished() && next->instructions_of(ProcId{proc}) == ran_before &&
            started == started_before && next->steps().back().spawned.empty() && next->state_fingerprint(f.hist) == f.key) {
            f.failed_polls = true;
            continue;
        }
        if (c.thread != kAnyThread) {
            // A thread that retried its wait and still waits (or found it could not go on)
            // did nothing: the same state, no choice.
            if (recorded && next->steps().back().ops.empty() && next->steps().back().spawned.empty() &&
                !next->finished() && next->instructions_of(ProcId{proc}) == ran_before)
                continue;  // `next` is dropped: the next choice replays the path
            f.moved.push_back(proc);
        }
        edge.silent = !recorded && started == started_before;
        Histories child_hist = f.hist;
        if (recorded) {
            const StepRecord& r = next->steps().back();
            add_step(child_hist, r);
            edge.ops = r.ops;
            edge.commutes = r.spawned.empty() && !r.instructions;
        } else if (!edge.silent) {
            add_thread_start(child_hist, proc, started);  // commutes stays false
        }
        path_.push_back(c);
        branch_.emplace_back((uint32_t)f.i, (uint32_t)f.can.size());
        f.edge = std::move(edge);
        f.phase = Frame::Phase::after_child;
        const uint32_t steps = f.steps + (f.edge.silent ? 0 : 1);
        push_frame(std::move(next), std::move(child_hist), steps, &f.here, f.edge.silent ? nullptr : &f.edge);
        return;
    }
    conclude(f);
}

void Explorer::after_child(Frame& f) {
    branch_.pop_back();
    path_.pop_back();
    const uint32_t child = returned_;
    const Choice c = f.can[f.i];
    const bool child_complete = returned_complete_;
    f.edge.child = child;
    if (f.edge.silent) {
        // The state it left is this one with `proc` waiting: everything that can happen
        // from here happens from there (and from there only once), so it stands for this one.
        f.here = StateNode{};
        f.complete = child_complete && child != kNone;
        if (child == kNone) ++pending_;
        else merge(f.here, child, c, true);
        f.here.edges.push_back(std::move(f.edge));
        return conclude(f);
    }
    if (child == kNone) {
        f.complete = false;
        pending_ += f.can.size() - f.i;
        return conclude(f);
    }
    f.complete = f.complete && child_complete;
    merge(f.here, child, c, false);
    if (child_complete) f.here.edges.push_back(std::move(f.edge));
    ++f.i;
    f.phase = Frame::Phase::next_choice;
}

void Explorer::conclude(Frame& f) {
    // Nothing reached from here, and a wait was tried again in vain: every schedule from here
    // only goes round (retries, idling), which step mode would do for ever.
    if (f.complete && f.here.reach.empty() && f.failed_polls) {
        const uint32_t id = stuck_state();
        if (id == kNone) return finish_frame(kNone, false);
        memo_.emplace(f.key, id);
        return finish_frame(id, true);
    }
    if (f.here.reach.empty() && !f.complete) return finish_frame(kNone, false);
    nodes_.push_back(std::move(f.here));
    const uint32_t id = (uint32_t)nodes_.size() - 1;
    if (f.complete) memo_.emplace(f.key, id);
    finish_frame(id, f.complete);
}

std::vector<Choice> Explorer::witness_choices(uint32_t node, uint32_t outcome) const {
    std::vector<Choice> out;
    while (node != kNone) {
        const Reach* r = nullptr;
        for (const Reach& x : nodes_[node].reach)
            if (x.outcome == outcome) r = &x;
        if (!r || r->choice < 0) break;
        out.push_back(Choice{(uint32_t)r->choice, r->choice_thread, false});
        node = r->next;
    }
    return out;
}

bool Explorer::advance(double seconds) {
    if (ended_) return true;
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    if (!started_) {
        started_ = true;
        start_ = last_progress_ = std::chrono::steady_clock::now();
        push_frame(fresh(), Histories{}, 0, nullptr, nullptr);
    }
    while (!frames_.empty()) {
        Frame& f = *frames_.back();
        switch (f.phase) {
            case Frame::Phase::enter: enter(f); break;
            case Frame::Phase::next_choice: next_choice(f); break;
            case Frame::Phase::after_child: after_child(f); break;
        }
        if (!frames_.empty() && std::chrono::steady_clock::now() >= until) return false;
    }
    finish_search();
    ended_ = true;
    return true;
}

ExploreProgress Explorer::progress() const {
    ExploreProgress p;
    p.executions = executions_;
    p.states = memo_.size();
    p.outcomes = outcomes_.size();
    double scale = 1;
    for (size_t d = 0; d < branch_.size() && d < 24; ++d) {
        p.fraction += scale * branch_[d].first / branch_[d].second;
        scale /= branch_[d].second;
    }
    if (ended_) p.fraction = 1;
    p.seconds = started_ ? std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() : 0;
    return p;
}

// The root's node, turned into the result: outcomes with counts and witnesses.
void Explorer::finish_search() {
    ExploreResult& res = result_;
    const uint32_t root = returned_;
    const bool complete = returned_complete_;
    if (root != kNone) {
        for (const Reach& r : nodes_[root].reach) {
            Outcome o = outcomes_[r.outcome];
            o.count = r.count;
            o.witness_steps = r.steps;
            o.witness_switches = r.switches;
            // The witness as a run records it (several operations of one instruction merged,
            // silent blocks left out): what --schedule replays.
            std::unique_ptr<SimSession> w = fresh();
            for (const Choice& c : witness_choices(root, r.outcome)) take(*w, c);
            o.witness = w->schedule();
            res.schedules = sat_add(res.schedules, r.count);
            res.outcomes.push_back(std::move(o));
        }
    }
    // In the order first found: a stable, readable listing.
    std::vector<std::pair<uint32_t, size_t>> order;
    if (root != kNone)
        for (size_t i = 0; i < nodes_[root].reach.size(); ++i) order.emplace_back(nodes_[root].reach[i].outcome, i);
    std::sort(order.begin(), order.end());
    std::vector<Outcome> sorted;
    for (auto& [id, i] : order) sorted.push_back(std::move(res.outcomes[i]));
    res.outcomes = std::move(sorted);
    res.complete = complete && !cut_short_ && stopped_by_.empty();
    res.loops = loops_;
    res.stopped_by = !stopped_by_.empty() ? stopped_by_ : cut_short_ ? "steps" : "";
    res.executions = executions_;
    res.states = memo_.size();
    res.at_least = sat_add(res.schedules, pending_);
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

}  // namespace

// [SECTION] entry point

struct ExploreSearch::Impl {
    std::unique_ptr<Explorer> explorer;
    ExploreResult failed;  // the program did not compile
};

ExploreSearch::ExploreSearch(const RunRequest& scenario, const ExploreOptions& options) : impl_(new Impl) {
    CompileResult c = compile_program(scenario.source, scenario.filename);
    if (!c.program) impl_->failed.errors = std::move(c.errors);
    else impl_->explorer = std::make_unique<Explorer>(scenario, options, std::move(c.program));
}
ExploreSearch::~ExploreSearch() = default;

bool ExploreSearch::advance(double seconds) { return !impl_->explorer || impl_->explorer->advance(seconds); }

ExploreProgress ExploreSearch::progress() const {
    return impl_->explorer ? impl_->explorer->progress() : ExploreProgress{};
}

const ExploreResult& ExploreSearch::result() const {
    return impl_->explorer ? impl_->explorer->result() : impl_->failed;
}

ExploreResult explore(const RunRequest& scenario, const ExploreOptions& options) {
    ExploreSearch search(scenario, options);
    while (!search.advance(3600)) {
    }
    return search.result();
}

}  // namespace forklab
