// inspect(): the sim world read out for the viewer's inspectors (exec/sim_inspect.h).
#include "exec/sim_inspect.h"

#include "exec/sim_world.h"
#include "lang/interp.h"

namespace forklab {

struct SimInspector {
    const sim::World& w;
    size_t max_chars, max_items;

    // The variable that holds `ref`: MainProcess's name for it if it has one (the name the
    // student gave it where it was made), else the first process that has one.
    std::string name_of(Interp::ObjectRef ref) const {
        for (const auto& p : w.procs) {
            std::string n = p->interp->variable_for(ref);
            if (!n.empty()) return n;
        }
        return {};
    }
    const std::string& proc_name(ProcId p) const { return w.procs[p.value]->name; }

    std::vector<std::string> waiting(sim::Wait::Kind kind, uint32_t object) const {
        std::vector<std::string> out;
        for (const auto& p : w.procs)
            if (p->state == sim::ProcState::blocked && p->wait.kind == kind && p->wait.object == object)
                out.push_back(p->name);
        return out;
    }

    // A message as the process it is addressed to would rebuild it; any process can, as all
    // run the same program, so the sender's interpreter does when there is no receiver yet.
    std::string describe(const sim::SimMessage& m, ProcId reader) const {
        ProcId p = reader.value < w.procs.size() ? reader : m.from;
        if (p.value >= w.procs.size()) p = ProcId{0};
        return w.procs[p.value]->interp->describe_message(m.data, max_chars);
    }

    void shared(SimInspection& out) const {
        for (size_t i = 0; i < w.shared.size(); ++i) {
            const sim::SharedBlock& b = w.shared[i];
            InspectedShared s;
            s.id = uint32_t(i + 1);
            s.name = name_of({Interp::ObjectRef::shared, s.id});
            s.typecode = static_cast<char>(b.type);
            s.is_array = b.cells.size() != 1;
            s.cells = b.cells;
            s.lock = b.lock.value;
            out.shared.push_back(std::move(s));
        }
    }

    void locks(SimInspection& out) const {
        for (size_t i = 0; i < w.locks.size(); ++i) {
            const sim::SimLock& l = w.locks[i];
            InspectedLock k;
            k.id = uint32_t(i + 1);
            k.name = name_of({Interp::ObjectRef::lock, k.id});
            if (k.name.empty()) {
                // A synchronized Value's own RLock has no object of its own in the scenario
                // until get_lock() makes one: name it after the Value that takes it.
                std::string owner = name_of({Interp::ObjectRef::value_lock, k.id});
                for (size_t b = 0; owner.empty() && b < w.shared.size(); ++b)
                    if (w.shared[b].lock.value == k.id)
                        owner = name_of({Interp::ObjectRef::shared, uint32_t(b + 1)});
                if (!owner.empty()) k.name = "lock of " + owner;
            }
            if (k.name.empty()) k.name = name_of({Interp::ObjectRef::condition_lock, k.id});
            k.kind = l.kind;
            k.held = l.held;
            if (l.held && l.owner.value < w.procs.size()) {
                k.owner = l.owner;
                k.owner_name = proc_name(l.owner);
            }
            k.depth = l.count;
            k.waiters = waiting(sim::Wait::lock, k.id);
            out.locks.push_back(std::move(k));
        }
    }

    void queues(SimInspection& out) const {
        for (size_t i = 0; i < w.queues.size(); ++i) {
            const sim::SimQueue& q = w.queues[i];
            InspectedQueue v;
            v.id = uint32_t(i + 1);
            v.name = name_of({Interp::ObjectRef::queue, v.id});
            v.items = q.items;
            v.maxsize = q.maxsize;
            auto add = [&](const sim::SimMessage& m) {
                if (v.contents.size() < max_items) v.contents.push_back(describe(m, m.from));
            };
            for (const sim::SimMessage& m : q.buffer) add(m);
            for (const auto& feeder : q.feeders)
                for (const sim::SimMessage& m : feeder) add(m);
            v.waiting_get = waiting(sim::Wait::queue_get, v.id);
            v.waiting_put = waiting(sim::Wait::queue_put, v.id);
            out.queues.push_back(std::move(v));
        }
    }

    void pipes(SimInspection& out) const {
        for (size_t i = 0; i < w.pipes.size(); ++i) {
            const sim::SimPipe& p = w.pipes[i];
            InspectedPipe v;
            v.id = uint32_t(i + 1);
            v.duplex = p.duplex;
            for (int e = 0; e < 2; ++e) {
                InspectedPipeEnd& end = v.end[e];
                const sim::SimPipeEnd& se = p.end[e];
                end.conn = uint32_t(2 * i + size_t(e) + 1);
                end.name = name_of({Interp::ObjectRef::conn, end.conn});
                for (uint32_t h : se.holders)
                    if (h < w.procs.size()) end.holders.push_back(w.procs[h]->name);
                end.messages = se.inbox.size();
                end.bytes = se.inbox_bytes;
                const ProcId reader = se.holders.empty() ? ProcId{UINT32_MAX} : ProcId{se.holders.front()};
                for (const sim::SimMessage& m : se.inbox) {
                    if (end.inbox.size() >= max_items) break;
                    end.inbox.push_back(describe(m, reader));
                }
                end.waiting = waiting(sim::Wait::conn_read, end.conn);
            }
            out.pipes.push_back(std::move(v));
        }
    }

    void processes(SimInspection& out, bool variables) const {
        for (const auto& pp : w.procs) {
            const sim::SimProcess& p = *pp;
            InspectedProcess v;
            v.id = p.id;
            v.name = p.name;
            v.state = static_cast<SimProcState>(p.state);
            if (p.state == sim::ProcState::exited) v.exit_code = p.exitcode;
            else v.line = p.interp->current_line();
            if (variables) v.variables = p.interp->variables(max_chars);
            out.processes.push_back(std::move(v));
        }
    }
};

SimInspection sim::inspect_world(const sim::World& w, const InspectOptions& options) {
    const SimInspector in{w, options.max_chars ? options.max_chars : 80,
                          options.max_items ? options.max_items : 32};
    SimInspection out;
    in.shared(out);
    in.locks(out);
    in.queues(out);
    in.pipes(out);
    in.processes(out, options.variables);
    return out;
}

}  // namespace forklab
