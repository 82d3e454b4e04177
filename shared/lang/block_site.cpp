// What a blocked process waits in, in the scenario's own words: the call at the innermost
// frame of the student's code (Code::call_sites) and the variables that hold the objects it
// waits for. Read only when a process blocks or a deadlock is explained, never while running.
#include "lang/call_site_text.h"
#include "lang/interp_state.h"
#include "lang/mp_sync.h"

namespace forklab {

using namespace lang;

namespace {

// The call site the process is blocked in, or null (several threads: which one is unclear).
const CallSite* blocked_site(const Interp::State& st) {
    if (st.block_reason.empty() || !st.threads.empty()) return nullptr;
    for (auto it = st.frames.rbegin(); it != st.frames.rend(); ++it) {
        if (it->code->hidden || it->code->prelude) continue;
        return find_call_site(*it->code, it->pc);
    }
    return nullptr;
}

bool refers_to(const Value& v, Interp::ObjectRef ref) {
    if (!v.is_obj()) return false;
    using K = Interp::ObjectRef::Kind;
    switch (v.u.o->type) {
        case OT::lock: return ref.kind == K::lock && v.as<LockObj>()->id.value == ref.id;
        case OT::sync: {
            const auto* s = v.as<SyncObj>();
            if (ref.kind == K::condition_lock)
                return s->type == SyncObj::Type::condition && s->lock.is(OT::lock) &&
                       s->lock.as<LockObj>()->id.value == ref.id;
            return ref.kind == K::sync && s->id.value == ref.id;
        }
        case OT::queue: {
            const auto* q = v.as<QueueObj>();
            return (ref.kind == K::queue && q->id.value == ref.id) ||
                   (ref.kind == K::sync && q->kind == QueueObj::joinable && q->unfinished.value == ref.id);
        }
        case OT::conn: return ref.kind == K::conn && v.as<ConnObj>()->id.value == ref.id;
        case OT::process: {
            const auto* p = v.as<ProcessObj>();
            return ref.kind == K::process && p->started && p->pid.value == ref.id;
        }
        case OT::shared: {
            const auto* s = v.as<SharedObj>();
            if (ref.kind == K::shared) return s->id.value == ref.id;
            if (ref.kind != K::value_lock) return false;
            for (const Value* l : {&s->lock, &s->own_lock})
                if (l->is(OT::lock) && l->as<LockObj>()->id.value == ref.id) return true;
            return false;
        }
        case OT::cell: return refers_to(v.as<CellObj>()->v, ref);
        default: return false;
    }
}

}  // namespace

std::string Interp::block_reason() const {
    const State& st = *state_;
    if (const CallSite* s = blocked_site(st)) return s->text;
    return st.block_reason;
}

std::string Interp::block_subject() const {
    const CallSite* s = blocked_site(*state_);
    return s ? s->subject : std::string();
}

bool Interp::threads_waiting() const {
    const State& st = *state_;
    return !st.block_reason.empty() && !st.threads.empty();
}

bool Interp::blocked_in_runtime() const {
    const State& st = *state_;
    return !st.block_reason.empty() && !st.frames.empty() &&
           (st.frames.back().code->prelude || st.frames.back().code->hidden);
}

std::string Interp::variable_for(ObjectRef ref) const {
    const State& st = *state_;
    for (size_t i = 0; i < st.globals.size() && i < st.program->global_names.size(); ++i)
        if (refers_to(st.globals[i], ref)) return st.program->global_names[i];
    for (auto it = st.frames.rbegin(); it != st.frames.rend(); ++it) {
        const Code& c = *it->code;
        if (c.hidden || c.prelude) continue;
        for (int slot = 0; slot < c.nlocals && size_t(slot) < c.local_names.size(); ++slot) {
            const size_t at = it->base + size_t(slot);
            if (at < st.sp && refers_to(st.stack[at], ref)) return c.local_names[size_t(slot)];
        }
    }
    return "";
}

}  // namespace forklab
