// Interp::state_hash: a hash of everything in one interpreter that its future depends on
// (frames, value stack, globals, the heap they reach, its multiprocessing identity), made
// without object addresses, so that two interpreters of one Program in the same state hash
// alike although they were built in different runs. The explorer (exec/explore.h) uses it
// to merge states in which a process has forgotten what it read.
//
// Canonical form: objects are numbered in the order a breadth-first walk from the roots
// first meets them; a reference hashes as that number, and each object's contents are
// hashed once, when the walk takes it. Equal hashes then mean equal object graphs (up to a
// hash collision), whatever the addresses.
//
// What is taken as fixed: modules (hashed by name, not walked: scenario code calls library
// modules but does not reassign their attributes, and its own globals are hashed directly),
// the builtins and builtin exception classes every interpreter makes alike, builtin
// functions (by their native function and name), the Program's code (by address: one
// Program is shared by every run the explorer makes). What makes the hash inexact (*exact false; the caller must then
// fall back to something else, e.g. the process's history): a thread's wait polled on the
// Host (its tickets are the Host's), native code that called back into Python, and object
// kinds this file does not know. Threads are hashed with their stacks, frames and waits (the
// explorer interleaves them, exec/explore.h); the switch interval's count is not (a thread
// step restarts it, Interp::pin_thread).
#include <cstring>
#include <vector>

#include "lang/interp_state.h"
#include "lang/mp_sync.h"
#include "lang/pointer_index.h"

namespace forklab {

namespace {

using namespace lang;

struct StateHasher {
    uint64_t h = 0x6a09e667f3bcc908ull;
    bool exact = true;
    PointerIndex number;
    std::vector<const Obj*> todo;  // met, contents not hashed yet (a queue: next_todo onwards)
    size_t next_todo = 0;

    void add(uint64_t v) {
        h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
        h *= 0xbf58476d1ce4e5b9ull;
    }
    void add(std::string_view s) {
        add(s.size());
        uint64_t w = 0;
        size_t n = 0;
        for (unsigned char c : s) {
            w = (w << 8) | c;
            if (++n == 8) {
                add(w);
                w = 0;
                n = 0;
            }
        }
        add(w);
    }
    void add(const Value& v) {
        add(uint64_t(v.tag));
        switch (v.tag) {
            case Tag::boolean: add(uint64_t(v.u.b)); break;
            case Tag::integer: add(uint64_t(v.u.i)); break;
            case Tag::real: {
                uint64_t bits;
                std::memcpy(&bits, &v.u.f, sizeof bits);
                add(bits);
                break;
            }
            case Tag::obj: add(ref(v.u.o)); break;
            default: break;
        }
    }
    // The object's number, giving it one (and queueing its contents) on first sight.
    uint64_t ref(const Obj* o) {
        const auto [n, fresh] = number.insert(o);
        if (fresh) todo.push_back(o);
        return n;
    }
    void add_ptr(const void* p) { add(uint64_t(reinterpret_cast<uintptr_t>(p))); }
    // One thread's call frames and value stack.
    template <class Stack>
    void add_thread_stack(const std::vector<Frame>& frames, const Stack& stack, size_t sp) {
        add(frames.size());
        for (const Frame& f : frames) {
            add_ptr(f.code);
            add(f.pc);
            add(f.base);
            add(f.fn ? ref(f.fn) : 0);
            add(f.gen ? ref(f.gen) : 0);
            add(f.init_self);
        }
        add(sp);
        for (size_t i = 0; i < sp; ++i) add(stack[i]);
    }

    void contents(const Obj* o) {
        add(uint64_t(o->type));
        switch (o->type) {
            case OT::str: add(static_cast<const StrObj*>(o)->s); break;
            case OT::bytes: {
                auto* b = static_cast<const BytesObj*>(o);
                add(uint64_t(b->mutable_));
                add(b->s);
                break;
            }
            case OT::bigint: add(static_cast<const BigIntObj*>(o)->v.to_string(16)); break;
            case OT::list: case OT::tuple: {
                auto* l = static_cast<const ListObj*>(o);
                add_ptr(l->fields);
                add(l->items.size());
                for (const Value& v : l->items) add(v);
                break;
            }
            case OT::dict: dict(*static_cast<const DictObj*>(o)); break;
            case OT::set: {
                auto* s = static_cast<const SetObj*>(o);
                add(uint64_t(s->frozen));
                dict(s->d);
                break;
            }
            case OT::dict_view: {
                auto* d = static_cast<const DictViewObj*>(o);
                add(uint64_t(d->kind));
                add(d->dict);
                break;
            }
            case OT::function: {
                auto* f = static_cast<const FunctionObj*>(o);
                add_ptr(f->code);
                for (const auto* vs : {&f->defaults, &f->kwdefaults, &f->closure}) {
                    add(vs->size());
                    for (const Value& v : *vs) add(v);
                }
                add(f->owner);
                break;
            }
            case OT::cell: add(static_cast<const CellObj*>(o)->v); break;
            case OT::cls: {
                auto* c = static_cast<const ClassObj*>(o);
                add(c->name);
                add(c->module);
                add(c->base);
                add(c->dict);  // class attributes may change, a library's too (the Pool prelude's)
                add(uint64_t(int64_t(c->builtin_exc)) << 2 | uint64_t(c->is_exception) << 1 | uint64_t(c->native_attrs));
                break;
            }
            case OT::instance: {
                auto* i = static_cast<const InstanceObj*>(o);
                add(i->cls);
                add(i->dict);
                add(i->args);
                add(i->cause);
                add(i->context);
                add(uint64_t(i->suppress_context));
                add(i->tb.size());
                for (const TbEntry& e : i->tb) {
                    add_ptr(e.code);
                    add(uint64_t(e.line));
                }
                break;
            }
            case OT::method: {
                auto* m = static_cast<const MethodObj*>(o);
                add(m->fn);
                add(m->self);
                break;
            }
            case OT::descriptor: {
                auto* d = static_cast<const DescriptorObj*>(o);
                add(uint64_t(d->kind));
                add(d->fget);
                add(d->fset);
                add(d->fdel);
                add(d->doc);
                break;
            }
            case OT::super_: {
                auto* s = static_cast<const SuperObj*>(o);
                add(s->cls);
                add(s->self);
                break;
            }
            case OT::generator: {
                auto* g = static_cast<const GeneratorObj*>(o);
                add(g->fn);
                add(g->saved.size());
                for (const Value& v : g->saved) add(v);
                add(g->pc);
                add(uint64_t(g->started) | uint64_t(g->running) << 1 | uint64_t(g->done) << 2);
                break;
            }
            case OT::builtin: {
                auto* b = static_cast<const BuiltinObj*>(o);
                add(uint64_t(reinterpret_cast<uintptr_t>(b->fn)));
                add(std::string_view(b->name ? b->name : ""));
                add(uint64_t(int64_t(b->type_id)));
                add(b->self);
                break;
            }
            case OT::module: add(static_cast<const ModuleObj*>(o)->name); break;
            case OT::range: {
                auto* r = static_cast<const RangeObj*>(o);
                add(uint64_t(r->start));
                add(uint64_t(r->stop));
                add(uint64_t(r->step));
                add(r->big);
                break;
            }
            case OT::iter: {
                auto* it = static_cast<const IterObj*>(o);
                add(uint64_t(it->kind));
                add(it->src);
                add(it->extra);
                add(uint64_t(it->cur));
                add(uint64_t(it->stop));
                add(uint64_t(it->step));
                add(it->idx);
                break;
            }
            case OT::slice: {
                auto* s = static_cast<const SliceObj*>(o);
                add(s->start);
                add(s->stop);
                add(s->step);
                break;
            }
            case OT::ellipsis: break;
            case OT::process: {
                auto* p = static_cast<const ProcessObj*>(o);
                add(p->target);
                add(p->args);
                add(p->kwargs);
                add(p->name);
                add(p->identity);
                add(uint64_t(p->daemon) | uint64_t(p->started) << 1 | uint64_t(p->is_current) << 2 |
                    uint64_t(p->is_parent) << 3 | uint64_t(p->closed) << 4);
                add(uint64_t(p->parent_pid));
                add(p->pid.value);
                add(p->exitcode ? uint64_t(int64_t(*p->exitcode)) : 0x7fffull << 48);
                break;
            }
            case OT::shared: {
                auto* s = static_cast<const SharedObj*>(o);
                add(s->id.value);
                add(uint64_t(s->tc));
                add(s->count);
                add(uint64_t(s->is_array) | uint64_t(s->synchronized) << 1);
                add(s->lock);
                add(s->own_lock);
                break;
            }
            case OT::lock: {
                auto* l = static_cast<const LockObj*>(o);
                add(l->id.value);
                add(uint64_t(l->kind));
                break;
            }
            case OT::conn: {
                auto* c = static_cast<const ConnObj*>(o);
                add(c->id.value);
                add(uint64_t(c->readable) | uint64_t(c->writable) << 1 | uint64_t(c->closed) << 2);
                break;
            }
            case OT::queue: {
                auto* q = static_cast<const QueueObj*>(o);
                add(uint64_t(q->kind));
                add(q->id.value);
                add(q->unfinished.value);
                add(q->maxsize);
                add(uint64_t(q->closed));
                break;
            }
            case OT::sync: {
                auto* s = static_cast<const SyncObj*>(o);
                add(uint64_t(s->type));
                add(s->id.value);
                add(uint64_t(s->parties));
                add(s->lock);
                add(s->action);
                add_optional(s->timeout);
                add(uint64_t(s->waiting) | uint64_t(s->wait_for_pending) << 1);
                add_optional(s->wait_for_end);
                break;
            }
            default: exact = false; break;  // a kind added later: do not pretend to know it
        }
    }
    void add_optional(const std::optional<double>& d) {
        add(uint64_t(d.has_value()));
        if (d) add(Value::real(*d));
    }
    void dict(const DictObj& d) {
        add(d.live);
        for (const DictObj::Entry& e : d.entries) {
            if (!e.live) continue;  // iteration order is that of the live entries
            add(e.k);
            add(e.v);
        }
    }
    void drain() {
        while (next_todo < todo.size()) contents(todo[next_todo++]);
    }
};

}  // namespace

uint64_t Interp::state_hash(bool* exact) const {
    const State& st = *state_;
    static thread_local size_t last_heap = 0;  // objects numbered by this thread's last hash
    StateHasher hs{.number = PointerIndex(last_heap + last_heap / 8)};
    // Objects every interpreter of the Program makes alike at start: numbered by their place,
    // not walked (they do not change; the scenario's constants are immutable).
    for (const auto* fixed : {&st.consts, &st.builtins, &st.exc_classes, &st.type_objects, &st.name_strs})
        for (const Value& v : *fixed)
            if (v.tag == Tag::obj) hs.number.insert(v.u.o);
    if (st.nested != 0 || st.halted) hs.exact = false;

    // The running thread's stack and frames are loaded into State; every other live thread's
    // are in its ThreadCtx (thread_scheduler.cpp swaps them at each hand-over).
    hs.add_thread_stack(st.frames, st.stack, st.sp);
    hs.add(st.threads.size());
    hs.add(st.cur);
    for (size_t i = 0; i < st.threads.size(); ++i) {
        const ThreadCtx& t = *st.threads[i];
        hs.add(t.thread);
        hs.add(uint64_t(t.number) | uint64_t(t.daemon) << 32 | uint64_t(t.done) << 33 |
               uint64_t(t.waiting) << 34 | uint64_t(t.has_deadline) << 35 | uint64_t(t.notified) << 36 |
               uint64_t(t.host_wait) << 37);
        hs.add(uint64_t(int64_t(t.phase)));
        hs.add(uint64_t(t.saved));
        hs.add(uint64_t(t.index));
        hs.add(t.reason);
        // A split Host wait (Semaphore, Event, Condition, Barrier: Host::sync_step) carries a
        // ticket of the Host's: not hashed, so not exact. A plain polled one (Lock, Queue,
        // Pipe, join) is its frames, its reason and the world it polls, all hashed; its
        // deadline is virtual time, left out as for the in-process waits.
        if (t.host_sync.id != 0) hs.exact = false;
        if (i == st.cur || t.done) continue;
        hs.add_thread_stack(t.frames, t.stack, t.sp);
        hs.add(t.handling.size());
        for (const Value& v : t.handling) hs.add(v);
        hs.add(t.exc);
    }
    hs.add(uint64_t(st.idle_pending) | uint64_t(st.idle_host) << 1 | uint64_t(st.yield_now) << 2 |
           uint64_t(st.thread_wait) << 3);
    hs.add(st.globals.size());
    for (const Value& v : st.globals) hs.add(v);
    hs.add(st.modules.size());
    for (const auto& [name, module] : st.modules) {
        hs.add(name);
        hs.add(module);
    }
    hs.add(st.handling.size());
    for (const Value& v : st.handling) hs.add(v);
    hs.add(st.exc);
    hs.add(uint64_t(st.finished) | uint64_t(st.is_child) << 1 | uint64_t(st.start_method_fixed) << 2 |
           uint64_t(st.spawned) << 3 | uint64_t(st.yielded) << 4 | uint64_t(st.main_done) << 5);
    hs.add(uint64_t(int64_t(st.exit_code)));
    hs.add(uint64_t(int64_t(st.kill_signal)));
    hs.add(st.block_reason);
    hs.add(st.process_name);
    hs.add(st.identity);
    hs.add(uint64_t(int64_t(st.process_counter)));
    hs.add(st.current_process);
    hs.add(st.parent_process);
    hs.add(st.parent_name);
    hs.add(st.children.size());
    for (const Value& v : st.children) hs.add(v);
    hs.add(st.start_method);
    hs.add(uint64_t(st.int_max_str_digits));
    hs.add(uint64_t(st.recursion_limit));
    hs.add(uint64_t(int64_t(st.thread_counter)));
    hs.add(uint64_t(int64_t(st.threads_started)));
    hs.add(st.main_thread);
    hs.add(uint64_t(st.main_exit));
    hs.add(st.rlocks_held.size());
    for (const State::RLockHold& r : st.rlocks_held) {
        hs.add(r.lock);
        hs.add(r.thread);
        hs.add(uint64_t(int64_t(r.depth)));
    }
    hs.add(st.locks_taken.size());
    for (const State::LockTaker& t : st.locks_taken) {
        hs.add(t.lock);
        hs.add(t.thread);
    }
    hs.add(st.rng.digest());
    hs.drain();
    last_heap = hs.number.size();
    *exact = hs.exact;
    return hs.h;
}

}  // namespace forklab
