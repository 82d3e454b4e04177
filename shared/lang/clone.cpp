// Deep copy of a parent's objects into a child Interp, as fork() would copy memory. Aliasing
// is preserved with a memo (two names for one list stay one list in the child). Shared memory
// and locks are handles, so their copies still name the same block or lock. Functions keep
// pointing at the immutable Program's code.
#include "lang/classes.h"
#include "lang/interp_state.h"
#include "lang/mp_sync.h"

namespace forklab::lang {

Value clone_value(const Value& v, std::unordered_map<const Obj*, Value>& memo) {
    if (!v.is_obj()) return v;
    const Obj* o = v.u.o;
    auto found = memo.find(o);
    if (found != memo.end()) return found->second;
    Value out;
    switch (o->type) {
        case OT::str: out = make_str(v.as<StrObj>()->s); memo.emplace(o, out); return out;
        case OT::list: case OT::tuple: {
            auto* l = new ListObj(o->type);
            l->fields = v.as<ListObj>()->fields;
            out = Value::object(l);
            memo.emplace(o, out);
            for (auto& x : v.as<ListObj>()->items) l->items.push_back(clone_value(x, memo));
            return out;
        }
        case OT::dict: {
            auto* d = new DictObj();
            out = Value::object(d);
            memo.emplace(o, out);
            for (auto& e : v.as<DictObj>()->entries)
                if (e.live) d->set_hashed(clone_value(e.k, memo), clone_value(e.v, memo), e.hash);
            return out;
        }
        case OT::function: {
            const auto* src = v.as<FunctionObj>();
            auto* f = new FunctionObj(src->code);
            out = Value::object(f);
            memo.emplace(o, out);
            for (auto& d : src->defaults) f->defaults.push_back(clone_value(d, memo));
            for (auto& d : src->kwdefaults) f->kwdefaults.push_back(clone_value(d, memo));
            for (auto& c : src->closure) f->closure.push_back(clone_value(c, memo));
            f->owner = clone_value(src->owner, memo);
            return out;
        }
        case OT::cell: {
            auto* c = new CellObj();
            out = Value::object(c);
            memo.emplace(o, out);
            c->v = clone_value(v.as<CellObj>()->v, memo);
            return out;
        }
        case OT::cls: {
            const auto* src = v.as<ClassObj>();
            auto* c = new ClassObj();
            out = Value::object(c);
            memo.emplace(o, out);
            c->name = src->name;
            c->module = src->module;
            c->builtin_exc = src->builtin_exc;
            c->is_exception = src->is_exception;
            c->native_attrs = src->native_attrs;
            c->has_property = src->has_property;
            c->thread_local_attrs = src->thread_local_attrs;
            c->base = clone_value(src->base, memo);
            c->dict = clone_value(src->dict, memo);
            compute_mro(c);
            return out;
        }
        case OT::instance: {
            const auto* src = v.as<InstanceObj>();
            auto* i = new InstanceObj();
            out = Value::object(i);
            memo.emplace(o, out);
            i->cls = clone_value(src->cls, memo);
            i->dict = clone_value(src->dict, memo);
            i->args = clone_value(src->args, memo);
            i->cause = clone_value(src->cause, memo);
            i->context = clone_value(src->context, memo);
            i->suppress_context = src->suppress_context;
            i->tb = src->tb;  // Code pointers into the shared, immutable Program
            return out;
        }
        case OT::method: {
            auto* m = new MethodObj(Value(), Value());
            out = Value::object(m);
            memo.emplace(o, out);
            m->fn = clone_value(v.as<MethodObj>()->fn, memo);
            m->self = clone_value(v.as<MethodObj>()->self, memo);
            return out;
        }
        case OT::descriptor: {
            const auto* src = v.as<DescriptorObj>();
            auto* d = new DescriptorObj(src->kind);
            out = Value::object(d);
            memo.emplace(o, out);
            d->fget = clone_value(src->fget, memo);
            d->fset = clone_value(src->fset, memo);
            d->fdel = clone_value(src->fdel, memo);
            d->doc = clone_value(src->doc, memo);
            return out;
        }
        case OT::super_: {
            auto* m = new SuperObj();
            out = Value::object(m);
            memo.emplace(o, out);
            m->cls = clone_value(v.as<SuperObj>()->cls, memo);
            m->self = clone_value(v.as<SuperObj>()->self, memo);
            return out;
        }
        case OT::generator: {
            const auto* src = v.as<GeneratorObj>();
            auto* g = new GeneratorObj();
            out = Value::object(g);
            memo.emplace(o, out);
            g->fn = clone_value(src->fn, memo);
            for (auto& x : src->saved) g->saved.push_back(clone_value(x, memo));
            g->pc = src->pc; g->started = src->started; g->done = src->done;
            return out;
        }
        case OT::set: {
            auto* n = new SetObj();
            out = Value::object(n);
            memo.emplace(o, out);
            n->frozen = v.as<SetObj>()->frozen;
            for (auto& e : v.as<SetObj>()->d.entries)
                if (e.live) n->d.set_hashed(clone_value(e.k, memo), Value(), e.hash);
            return out;
        }
        case OT::bytes: {  // bytes and bytearray
            auto* b = new BytesObj(v.as<BytesObj>()->s);
            b->mutable_ = v.as<BytesObj>()->mutable_;
            out = Value::object(b);
            break;
        }
        case OT::ellipsis: out = v; break;  // one per Interp: mapped by the builtins memo
        case OT::builtin: {
            auto* b = v.as<BuiltinObj>();
            auto* n = new BuiltinObj(b->fn, b->name);
            n->type_id = b->type_id;
            out = Value::object(n);
            memo.emplace(o, out);
            n->self = clone_value(b->self, memo);
            return out;
        }
        case OT::module: {
            auto* m = new ModuleObj(v.as<ModuleObj>()->name);
            out = Value::object(m);
            memo.emplace(o, out);
            for (auto& a : v.as<ModuleObj>()->attrs) m->attrs.emplace_back(a.first, clone_value(a.second, memo));
            return out;
        }
        case OT::range: {
            auto* r = v.as<RangeObj>();
            auto* n = new RangeObj(r->start, r->stop, r->step);
            out = Value::object(n);
            n->big = clone_value(r->big, memo);
            break;
        }
        case OT::iter: {
            auto* it = v.as<IterObj>();
            auto* n = new IterObj(it->kind);
            out = Value::object(n);
            memo.emplace(o, out);
            n->src = clone_value(it->src, memo);
            n->extra = clone_value(it->extra, memo);
            n->cur = it->cur; n->stop = it->stop; n->step = it->step; n->idx = it->idx;
            return out;
        }
        case OT::process: {
            auto* p = v.as<ProcessObj>();
            auto* n = new ProcessObj();
            out = Value::object(n);
            memo.emplace(o, out);
            n->target = clone_value(p->target, memo);
            n->args = clone_value(p->args, memo);
            n->kwargs = clone_value(p->kwargs, memo);
            n->name = p->name; n->identity = p->identity; n->daemon = p->daemon; n->started = p->started;
            n->pid = p->pid; n->exitcode = p->exitcode;
            n->is_parent = p->is_parent; n->closed = p->closed; n->parent_pid = p->parent_pid;
            // current_process() of the parent is not the child's: the child gets its own.
            n->is_current = false;
            return out;
        }
        case OT::shared: {
            auto* s = v.as<SharedObj>();
            auto* n = new SharedObj();
            n->id = s->id; n->tc = s->tc; n->count = s->count; n->is_array = s->is_array; n->synchronized = s->synchronized;
            out = Value::object(n);
            memo.emplace(o, out);
            n->lock = clone_value(s->lock, memo);
            n->own_lock = clone_value(s->own_lock, memo);
            return out;
        }
        case OT::bigint: out = Value::object(new BigIntObj(v.as<BigIntObj>()->v)); break;
        case OT::lock: {
            auto* l = new LockObj();
            l->id = v.as<LockObj>()->id;
            l->kind = v.as<LockObj>()->kind;
            out = Value::object(l);
            break;
        }
        case OT::conn: {  // the child's copy of the pipe end: the backend counts it at start_process
            auto* n = new ConnObj(*v.as<ConnObj>());
            n->rc = 0;
            out = Value::object(n);
            break;
        }
        case OT::queue: {
            auto* n = new QueueObj(*v.as<QueueObj>());
            n->rc = 0;
            out = Value::object(n);
            break;
        }
        case OT::sync: {  // a handle: the copy names the same SyncState
            const auto* s = v.as<SyncObj>();
            auto* n = new SyncObj(s->type);
            out = Value::object(n);
            memo.emplace(o, out);
            n->id = s->id;
            n->parties = s->parties;
            n->maxvalue = s->maxvalue;
            n->timeout = s->timeout;
            n->lock = clone_value(s->lock, memo);
            n->action = clone_value(s->action, memo);
            return out;
        }
        case OT::dict_view: {
            auto* w = v.as<DictViewObj>();
            auto* n = new DictViewObj(w->kind, Value());
            out = Value::object(n);
            memo.emplace(o, out);
            n->dict = clone_value(w->dict, memo);
            return out;
        }
        case OT::slice: {
            auto* s = new SliceObj();
            out = Value::object(s);
            memo.emplace(o, out);
            s->start = clone_value(v.as<SliceObj>()->start, memo);
            s->stop = clone_value(v.as<SliceObj>()->stop, memo);
            s->step = clone_value(v.as<SliceObj>()->step, memo);
            return out;
        }
    }
    memo.emplace(o, out);
    return out;
}

}  // namespace forklab::lang
