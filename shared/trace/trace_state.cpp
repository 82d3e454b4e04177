#include "trace/trace_state.h"

#include <algorithm>

#include "trace/trace_format.h"

namespace forklab {
namespace {

// At least this many events between two copies of the state: a query replays fewer.
constexpr size_t kMinCheckpointGap = 4096;
// ... and at least this many per entry of the state, so copies of a large state (an Array
// of thousands of cells) stay near one entry per this many events in all.
constexpr size_t kEventsPerCopiedEntry = 8;

uint64_t cell_key(const TraceEvent& e) { return (uint64_t)e.object << 16 | e.cell; }

void erase_one(std::vector<uint32_t>& v, uint32_t x) {
    if (auto it = std::find(v.begin(), v.end(), x); it != v.end()) v.erase(it);
}

}  // namespace

size_t TraceStateIndex::State::size() const {
    size_t n = cells.size() + queues.size() + pipes.size() + waiting.size() + flows.size();
    for (const LockAcc& l : locks) n += 1 + l.holders.size() + l.waiters.size();
    return n;
}

uint32_t TraceStateIndex::slot_of(const std::unordered_map<uint64_t, uint32_t>& m, uint64_t key) {
    auto it = m.find(key);
    return it == m.end() ? UINT32_MAX : it->second;
}

void TraceStateIndex::clear() {
    built_ = false;
    cell_slot_.clear();
    lock_slot_.clear();
    queue_slot_.clear();
    pipe_slot_.clear();
    cell_key_.clear();
    lock_id_.clear();
    queue_id_.clear();
    pipe_id_.clear();
    checkpoints_.clear();
}

void TraceStateIndex::build(const Trace& trace) {
    clear();
    // Slots first, in order of first appearance, so every state is indexed the same way.
    auto assign = [](std::unordered_map<uint64_t, uint32_t>& m, uint64_t key, auto& ids, auto id) {
        auto [it, fresh] = m.try_emplace(key, (uint32_t)m.size());
        if (fresh) ids.push_back(id);
    };
    for (const TraceEvent& e : trace.events) {
        switch (e.kind) {
            case EventKind::shared_read:
            case EventKind::shared_write: assign(cell_slot_, cell_key(e), cell_key_, cell_key(e)); break;
            case EventKind::lock_wait:
            case EventKind::lock_acquire:
            case EventKind::lock_release: assign(lock_slot_, e.object, lock_id_, e.object); break;
            case EventKind::queue_put:
            case EventKind::queue_get: assign(queue_slot_, e.object, queue_id_, e.object); break;
            case EventKind::msg_send: assign(pipe_slot_, e.object, pipe_id_, e.object); break;
            default: break;
        }
    }
    State s;
    checkpoints_.push_back(Checkpoint{0, s});
    size_t since = 0;
    for (size_t k = 0; k < trace.events.size(); ++k) {
        apply(s, trace.events[k]);
        // (size() walks the locks: only asked once the minimum gap is reached)
        if (++since >= kMinCheckpointGap && since >= s.size() * kEventsPerCopiedEntry) {
            checkpoints_.push_back(Checkpoint{k + 1, s});
            since = 0;
        }
    }
    built_ = true;
}

void TraceStateIndex::apply(State& s, const TraceEvent& e) const {
    const uint32_t p = e.proc.value;
    const EventKind k = e.kind;
    if (p >= s.waiting.size()) s.waiting.resize(p + 1);
    // Doing anything but changing state or taking a lock ends p's waits (chrome_json.cpp).
    if (k != EventKind::proc_running && k != EventKind::proc_ready && k != EventKind::proc_blocked &&
        k != EventKind::thread_switch && k != EventKind::lock_wait && k != EventKind::lock_acquire &&
        !s.waiting[p].empty()) {
        for (uint32_t slot : s.waiting[p]) erase_one(s.locks[slot].waiters, p);
        s.waiting[p].clear();
    }
    switch (k) {
        case EventKind::shared_read:
        case EventKind::shared_write: {
            const uint32_t slot = slot_of(cell_slot_, cell_key(e));
            if (slot >= s.cells.size()) s.cells.resize(slot + 1);
            CellAcc& c = s.cells[slot];
            c.value = e.value;
            c.seen = true;
            ++(k == EventKind::shared_write ? c.writes : c.reads);
            return;
        }
        case EventKind::lock_wait:
        case EventKind::lock_acquire:
        case EventKind::lock_release: {
            const uint32_t slot = slot_of(lock_slot_, e.object);
            if (slot >= s.locks.size()) s.locks.resize(slot + 1);
            LockAcc& l = s.locks[slot];
            l.seen = true;
            if (k == EventKind::lock_wait) {
                l.waiters.push_back(p);
                s.waiting[p].push_back(slot);
            } else if (k == EventKind::lock_acquire) {
                erase_one(l.waiters, p);
                erase_one(s.waiting[p], slot);
                l.holders.push_back(p);
                ++l.acquisitions;
            } else {
                // p's own hold (its latest), else the latest holder's; unmatched when none
                // (its acquire was dropped by the event cap).
                auto mine = std::find(l.holders.rbegin(), l.holders.rend(), p);
                if (mine != l.holders.rend()) l.holders.erase(std::next(mine).base());
                else if (!l.holders.empty()) l.holders.pop_back();
            }
            return;
        }
        case EventKind::queue_put:
        case EventKind::queue_get: {
            const uint32_t slot = slot_of(queue_slot_, e.object);
            if (slot >= s.queues.size()) s.queues.resize(slot + 1);
            QueueAcc& q = s.queues[slot];
            q.seen = true;
            if (k == EventKind::queue_put) {
                ++q.puts;
                ++q.items;
            } else {
                ++q.gets;
                q.items = std::max<int64_t>(0, q.items - 1);
            }
            return;
        }
        case EventKind::msg_send: {
            const uint32_t slot = slot_of(pipe_slot_, e.object);
            if (slot >= s.pipes.size()) s.pipes.resize(slot + 1);
            PipeAcc& pe = s.pipes[slot];
            pe.seen = true;
            ++pe.sent;
            ++pe.in_flight;
            s.flows[flow_json_id(k, e.value)] = slot;
            return;
        }
        case EventKind::msg_recv: {
            auto it = s.flows.find(flow_json_id(k, e.value));
            if (it == s.flows.end()) return;  // its send was not kept
            PipeAcc& pe = s.pipes[it->second];
            if (pe.in_flight) --pe.in_flight;
            s.flows.erase(it);
            return;
        }
        default: return;
    }
}

TraceMoment TraceStateIndex::at(const Trace& trace, const std::vector<lanes::Lane>& lane_list,
                                uint64_t time) const {
    TraceMoment m;
    const auto& ev = trace.events;
    const size_t n = (size_t)(std::upper_bound(ev.begin(), ev.end(), time,
                                               [](uint64_t t, const TraceEvent& e) { return t < e.time; }) -
                              ev.begin());
    m.events = n;
    m.time = time != UINT64_MAX ? time : ev.empty() ? 0 : ev.back().time;
    if (built_) {
        auto cp = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), n,
                                   [](size_t i, const Checkpoint& c) { return i < c.event; });
        const Checkpoint& from = *std::prev(cp);  // checkpoints_[0] is at event 0
        State s = from.state;
        for (size_t k = from.event; k < n && k < ev.size(); ++k) apply(s, ev[k]);

        for (size_t i = 0; i < s.cells.size(); ++i) {
            if (!s.cells[i].seen) continue;
            const uint64_t key = cell_key_[i];
            m.cells.push_back(TracedCell{(uint32_t)(key >> 16), (uint16_t)(key & 0xffff), s.cells[i].value,
                                         s.cells[i].reads, s.cells[i].writes});
        }
        std::sort(m.cells.begin(), m.cells.end(), [](const TracedCell& a, const TracedCell& b) {
            return a.object != b.object ? a.object < b.object : a.cell < b.cell;
        });
        auto procs = [](const std::vector<uint32_t>& v) {
            std::vector<ProcId> out;
            for (uint32_t p : v) out.push_back(ProcId{p});
            return out;
        };
        for (size_t i = 0; i < s.locks.size(); ++i)
            if (s.locks[i].seen)
                m.locks.push_back(TracedLock{lock_id_[i], procs(s.locks[i].holders), procs(s.locks[i].waiters),
                                             s.locks[i].acquisitions});
        std::sort(m.locks.begin(), m.locks.end(), [](auto& a, auto& b) { return a.id < b.id; });
        for (size_t i = 0; i < s.queues.size(); ++i)
            if (s.queues[i].seen)
                m.queues.push_back(TracedQueue{queue_id_[i], s.queues[i].items, s.queues[i].puts, s.queues[i].gets});
        std::sort(m.queues.begin(), m.queues.end(), [](auto& a, auto& b) { return a.id < b.id; });
        for (size_t i = 0; i < s.pipes.size(); ++i)
            if (s.pipes[i].seen)
                m.pipes.push_back(TracedPipeEnd{pipe_id_[i], s.pipes[i].sent, s.pipes[i].in_flight});
        std::sort(m.pipes.begin(), m.pipes.end(), [](auto& a, auto& b) { return a.conn < b.conn; });
    }

    // Process states: the timeline's intervals at that time (the state after events at it).
    for (const lanes::Lane& lane : lane_list) {
        TracedProcess p;
        p.id = lane.proc;
        p.name = lane.name.empty() ? "process " + std::to_string(lane.proc.value) : lane.name;
        const size_t i = lanes::first_visible(lane.intervals, time);
        if (!lane.intervals.empty()) {
            const lanes::Interval& iv = i < lane.intervals.size() ? lane.intervals[i] : lane.intervals.back();
            p.exists = iv.start <= time || i == lane.intervals.size();
            if (p.exists) {
                p.state = iv.state;
                p.reason = iv.state == lanes::LaneState::blocked ? iv.reason : 0;
                if (iv.state == lanes::LaneState::exited) p.exitcode = lane.exitcode;
            }
        }
        m.processes.push_back(std::move(p));
    }
    return m;
}

}  // namespace forklab
