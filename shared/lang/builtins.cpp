// Builtin functions, the operators on builtin types, attributes and methods of str/list/dict,
// indexing, iteration and format specs.
//
// Index: [SECTION] args  [SECTION] operators  [SECTION] format  [SECTION] items and iteration
//        [SECTION] methods  [SECTION] attributes  [SECTION] builtin functions  [SECTION] table
#include "lang/builtins.h"
#include "lang/module_mp_ipc.h"
#include "lang/mp_shared.h"
#include "lang/classes.h"
#include "lang/containers.h"
#include "lang/builtins_number.h"
#include "lang/bytes_ops.h"
#include "lang/dunder_ops.h"
#include "lang/exceptions.h"
#include "lang/mp_sync.h"
#include "lang/with_lock.h"
#include "lang/set_ops.h"
#include "lang/int_value.h"
#include "lang/pointer_index.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "lang/ast.h"
#include "lang/interp_state.h"
#include "lang/strings.h"
#include "lang/unsupported_hints.h"

namespace forklab::lang {

namespace {
bool as_double(const Value& v, double* d) {
    switch (v.tag) {
        case Tag::boolean: *d = v.u.b; return true;
        case Tag::integer: *d = double(v.u.i); return true;
        case Tag::real: *d = v.u.f; return true;
        default: return false;
    }
}
bool as_int(const Value& v, int64_t* i) {
    if (v.tag == Tag::integer) { *i = v.u.i; return true; }
    if (v.tag == Tag::boolean) { *i = v.u.b; return true; }
    return false;
}
int64_t floordiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}
int64_t floormod(int64_t a, int64_t b) {
    int64_t m = a % b;
    if (m != 0 && ((m < 0) != (b < 0))) m += b;
    return m;
}
}  // namespace

// [SECTION] args ----------------------------------------------------------------------------------
Res parse_args(State& st, CallArgs& a, const char* fname, std::initializer_list<const char*> names, int required,
               Value* out) {
    int n = int(names.size());
    if (a.nkw == 0 && a.npos >= required && a.npos <= n) {  // the common call: positional only
        for (int i = 0; i < a.npos; ++i) out[i] = a.pos[i];
        for (int i = a.npos; i < n; ++i) out[i] = Value::undef();
        return Res::ok;
    }
    for (int i = 0; i < n; ++i) out[i] = Value::undef();
    if (a.npos > n) {
        return st.raise("TypeError", std::string(fname) + "() takes at most " + std::to_string(n) + " argument" +
                                         (n == 1 ? "" : "s") + " (" + std::to_string(a.npos) + " given)");
    }
    for (int i = 0; i < a.npos; ++i) out[i] = a.pos[i];
    for (int k = 0; k < a.nkw; ++k) {
        const std::string& kn = str_of_obj(a.kwnames[k]);
        int idx = -1, i = 0;
        for (const char* nm : names) { if (kn == nm) idx = i; ++i; }
        if (idx < 0) return st.raise("TypeError", std::string(fname) + "() got an unexpected keyword argument '" + kn + "'");
        out[idx] = a.kwvals[k];
    }
    int i = 0;
    for (const char* nm : names) {
        if (i < required && out[i].tag == Tag::undef)
            return st.raise("TypeError", std::string(fname) + "() missing required argument '" + nm + "' (pos " + std::to_string(i + 1) + ")");
        ++i;
    }
    return Res::ok;
}

// [SECTION] operators ------------------------------------------------------------------------------
static const char* const kOpSym[] = {"+", "-", "*", "/", "//", "%", "** or pow()", "<<", ">>", "&", "|", "^"};

static Res seq_repeat(State& st, const Value& seq, int64_t n, Value& out) {
    if (n < 0) n = 0;
    if (seq.is(OT::str)) {
        const std::string& s = str_of_obj(seq);
        if (n > 0 && charge_memory(st, double(s.size()) * double(n)) != Res::ok) return Res::error;
        std::string r;
        r.reserve(s.size() * size_t(n));
        for (int64_t i = 0; i < n; ++i) r += s;
        out = make_str(std::move(r));
        return Res::ok;
    }
    auto& items = seq.as<ListObj>()->items;
    if (n > 0 && charge_memory(st, double(items.size()) * double(n) * sizeof(Value)) != Res::ok) return Res::error;
    std::vector<Value> r;
    r.reserve(items.size() * size_t(n));
    for (int64_t i = 0; i < n; ++i) r.insert(r.end(), items.begin(), items.end());
    out = seq.is(OT::list) ? make_list(std::move(r)) : make_tuple(std::move(r));
    return Res::ok;
}

// [SECTION] memory budget
Res charge_memory(State& st, double bytes) {
    const double limit = double(st.mem_limit);
    if (bytes > limit) return st.raise("MemoryError", "");
    st.mem_pending += uint64_t(bytes);
    // Charges never subtract frees, so live <= mem_live + mem_pending: measure only when
    // that bound could be over the limit (and at least every limit/4 bytes, to keep the
    // measurement fresh for the threads of uncharged small allocations).
    double bound = double(st.mem_live) + double(st.mem_pending);
    if (bound <= limit && st.mem_pending < st.mem_limit / 4) return Res::ok;
    st.mem_pending = 0;
    st.mem_live = live_heap_bytes(st);
    if (double(st.mem_live) + bytes > limit) return st.raise("MemoryError", "");
    return Res::ok;
}

namespace {
// Calls f(Value&) for every reference an object holds.
template <class F> void for_each_ref(Obj* o, F&& f) {
    switch (o->type) {
        case OT::list: case OT::tuple: for (Value& v : static_cast<ListObj*>(o)->items) f(v); break;
        case OT::dict: for (auto& e : static_cast<DictObj*>(o)->entries) { f(e.k); f(e.v); } break;
        case OT::function: {
            auto* fn = static_cast<FunctionObj*>(o);
            for (Value& v : fn->defaults) f(v);
            for (Value& v : fn->kwdefaults) f(v);
            for (Value& v : fn->closure) f(v);
            f(fn->owner);
            break;
        }
        case OT::cell: f(static_cast<CellObj*>(o)->v); break;
        case OT::cls: { auto* c = static_cast<ClassObj*>(o); f(c->base); f(c->dict); break; }
        case OT::instance: {
            auto* i = static_cast<InstanceObj*>(o);
            f(i->cls); f(i->dict); f(i->args); f(i->cause); f(i->context);
            break;
        }
        case OT::method: { auto* m = static_cast<MethodObj*>(o); f(m->fn); f(m->self); break; }
        case OT::super_: { auto* m = static_cast<SuperObj*>(o); f(m->cls); f(m->self); break; }
        case OT::descriptor: { auto* d = static_cast<DescriptorObj*>(o); f(d->fget); f(d->fset); f(d->fdel); f(d->doc); break; }
        case OT::generator: {
            auto* g = static_cast<GeneratorObj*>(o);
            f(g->fn);
            for (Value& v : g->saved) f(v);
            break;
        }
        case OT::set: for (auto& e : static_cast<SetObj*>(o)->d.entries) { f(e.k); f(e.v); } break;
        case OT::builtin: f(static_cast<BuiltinObj*>(o)->self); break;
        case OT::dict_view: f(static_cast<DictViewObj*>(o)->dict); break;
        case OT::module: for (auto& a : static_cast<ModuleObj*>(o)->attrs) f(a.second); break;
        case OT::iter: f(static_cast<IterObj*>(o)->src); f(static_cast<IterObj*>(o)->extra); break;
        case OT::process: {
            auto* p = static_cast<ProcessObj*>(o);
            f(p->target); f(p->args); f(p->kwargs);
            break;
        }
        case OT::sync: f(static_cast<SyncObj*>(o)->lock); f(static_cast<SyncObj*>(o)->action); break;
        case OT::shared: f(static_cast<SharedObj*>(o)->lock); f(static_cast<SharedObj*>(o)->own_lock); break;
        case OT::slice: {
            auto* sl = static_cast<SliceObj*>(o);
            f(sl->start); f(sl->stop); f(sl->step);
            break;
        }
        default: break;
    }
}

// Every object reachable from the process's roots, each once (iteratively: nesting may be deep).
template <class F> void for_each_reachable(State& st, F&& f) {
    static thread_local size_t last_heap = 0;  // objects seen by this thread's last walk
    PointerIndex seen(last_heap + last_heap / 8);
    std::vector<Obj*> work;
    auto visit = [&](Value& v) {
        if (v.tag == Tag::obj && seen.insert(v.u.o).second) work.push_back(v.u.o);
    };
    for (size_t i = 0; i < st.sp && i < st.stack.size(); ++i) visit(st.stack[i]);
    for (Value& v : st.globals) visit(v);
    for (Value& v : st.consts) visit(v);
    for (Value& v : st.builtins) visit(v);
    for (auto& m : st.modules) visit(m.second);
    for (Value& v : st.exc_classes) visit(v);
    for (Value& v : st.type_objects) visit(v);
    for (Value& v : st.method_hint) visit(v);
    for (Value& v : st.handling) visit(v);
    for (auto& fr : st.frames) visit(fr.init_self);
    visit(st.current_process);
    visit(st.parent_process);
    for (Value& v : st.children) visit(v);
    visit(st.exc);
    visit(st.main_thread);
    for (auto& t : st.threads) {  // the parked threads (the running one's are above)
        for (size_t i = 0; i < t->sp && i < t->stack.size(); ++i) visit(t->stack[i]);
        for (Value& v : t->handling) visit(v);
        for (auto& fr : t->frames) visit(fr.init_self);
        visit(t->exc);
        visit(t->thread);
    }
    while (!work.empty()) {
        Obj* o = work.back();
        work.pop_back();
        f(o);
        for_each_ref(o, visit);
    }
    last_heap = seen.size();
}
}  // namespace

uint64_t live_heap_bytes(const State& cst) {
    State& st = const_cast<State&>(cst);  // only read
    uint64_t total = 0;
    constexpr uint64_t kHeader = 48;  // object header + allocator overhead, roughly
    for_each_reachable(st, [&](Obj* o) {
        total += kHeader;
        switch (o->type) {
            case OT::str: total += static_cast<const StrObj*>(o)->s.capacity(); break;
            case OT::bigint: total += static_cast<const BigIntObj*>(o)->v.approx_bytes(); break;
            case OT::list: case OT::tuple: total += static_cast<const ListObj*>(o)->items.capacity() * sizeof(Value); break;
            case OT::dict: {
                const auto* d = static_cast<const DictObj*>(o);
                total += uint64_t(double(d->entries.capacity() * sizeof(DictObj::Entry)) +
                                  double(d->table_bytes()));
                break;
            }
            default: break;
        }
    });
    return total;
}

void release_heap(State& st) {
    // Hold every reachable object, then empty them all: reference cycles (sys.stdout.write is
    // bound to sys.stdout; a list appended to itself) fall apart, and nothing is freed
    // recursively (a list nested 100000 deep would otherwise overflow the stack).
    std::vector<Value> held;
    for_each_reachable(st, [&](Obj* o) { held.push_back(Value::object(o)); });
    for (Value& h : held) {
        Obj* o = h.u.o;
        if (o->type == OT::dict || o->type == OT::set) {
            auto* d = o->type == OT::dict ? static_cast<DictObj*>(o) : &static_cast<SetObj*>(o)->d;
            d->clear();
        } else {
            for_each_ref(o, [](Value& v) { v = Value(); });
            if (o->type == OT::list || o->type == OT::tuple) static_cast<ListObj*>(o)->items.clear();
            if (o->type == OT::module) static_cast<ModuleObj*>(o)->attrs.clear();
            if (o->type == OT::generator) static_cast<GeneratorObj*>(o)->saved.clear();
            if (o->type == OT::instance) static_cast<InstanceObj*>(o)->tb.clear();
        }
    }
    st.stack.clear(); st.sp = 0;
    st.frames.clear();
    st.globals.clear(); st.consts.clear(); st.builtins.clear(); st.modules.clear();
    st.exc_classes.clear(); st.handling.clear(); st.type_objects.clear(); st.method_hint.clear();
    st.current_process = Value(); st.parent_process = Value(); st.children.clear(); st.exc = Value();
}

Res binary_op(State& st, int op, const Value& a, const Value& b, Value& out, bool inplace) {
    if (a.is(OT::instance) || b.is(OT::instance)) {
        bool handled = false;
        Res r = instance_binary(st, op, a, b, out, inplace, &handled);
        if (r != Res::ok || handled) return r;
        // Neither defines it: the builtin rules below decide ("%s" % obj) or raise.
    }
    if (a.is(OT::dict_view) || b.is(OT::dict_view)) {
        bool handled = false;
        Res r = dict_view_binary(st, op, a, b, out, &handled);
        if (r != Res::ok || handled) return r;
    }
    if (a.is(OT::dict)) {
        bool handled = false;
        Res r = dict_binary(st, op, a, b, out, inplace, &handled);
        if (r != Res::ok || handled) return r;
    }
    if (a.is(OT::set) || b.is(OT::set)) {
        bool handled = false;
        Res r = set_binary(st, op, a, b, out, inplace, &handled);
        if (r != Res::ok || handled) return r;
    }
    if (a.is(OT::bytes) || b.is(OT::bytes)) {
        bool handled = false;
        Res r = bytes_binary(st, op, a, b, out, inplace, &handled);
        if (r != Res::ok || handled) return r;
    }
    int64_t x, y;
    if (as_int(a, &x) && as_int(b, &y)) {
        int64_t z = 0;
        switch (op) {
            case op_add: if (__builtin_add_overflow(x, y, &z)) return int_binary_op(st, op, a, b, out); break;
            case op_sub: if (__builtin_sub_overflow(x, y, &z)) return int_binary_op(st, op, a, b, out); break;
            case op_mul: if (__builtin_mul_overflow(x, y, &z)) return int_binary_op(st, op, a, b, out); break;
            case op_truediv:
                if (y == 0) return st.raise("ZeroDivisionError", "division by zero");
                // Beyond 2**53 a double quotient of doubles rounds twice: divide exactly instead.
                if (x > (int64_t(1) << 53) || x < -(int64_t(1) << 53) || y > (int64_t(1) << 53) || y < -(int64_t(1) << 53))
                    return int_binary_op(st, op, a, b, out);
                out = Value::real(double(x) / double(y));
                return Res::ok;
            case op_floordiv:
                if (y == 0) return st.raise("ZeroDivisionError", "integer division or modulo by zero");
                if (x == INT64_MIN && y == -1) return int_binary_op(st, op, a, b, out);
                z = floordiv(x, y);
                break;
            case op_mod:
                if (y == 0) return st.raise("ZeroDivisionError", "integer modulo by zero");
                z = y == -1 ? 0 : floormod(x, y);
                break;
            case op_pow: {
                if (y < 0 && x == 0) return st.raise("ZeroDivisionError", "0.0 cannot be raised to a negative power");
                if (y < 0) { out = Value::real(std::pow(double(x), double(y))); return Res::ok; }
                int64_t r = 1, base = x, e = y;
                while (e > 0) {
                    if (e & 1) { if (__builtin_mul_overflow(r, base, &r)) return int_binary_op(st, op, a, b, out); }
                    e >>= 1;
                    if (e > 0 && __builtin_mul_overflow(base, base, &base)) return int_binary_op(st, op, a, b, out);
                }
                z = r;
                break;
            }
            case op_lshift:
                if (y < 0) return st.raise("ValueError", "negative shift count");
                if (y >= 63 || (x != 0 && (x > (INT64_MAX >> y) || x < (INT64_MIN >> y)))) {
                    if (x == 0) { z = 0; break; }
                    return int_binary_op(st, op, a, b, out);
                }
                z = x * (int64_t(1) << y);
                break;
            case op_rshift:
                if (y < 0) return st.raise("ValueError", "negative shift count");
                z = y >= 64 ? (x < 0 ? -1 : 0) : (x >> y);
                break;
            case op_and: z = x & y; break;
            case op_or: z = x | y; break;
            case op_xor: z = x ^ y; break;
        }
        if ((op == op_and || op == op_or || op == op_xor) && a.tag == Tag::boolean && b.tag == Tag::boolean) {
            out = Value::boolean(z != 0);
            return Res::ok;
        }
        out = Value::integer(z);
        return Res::ok;
    }
    if (a.is(OT::bigint) || b.is(OT::bigint)) {
        if (is_int_value(a) && is_int_value(b)) return int_binary_op(st, op, a, b, out);
        if ((a.tag == Tag::real || b.tag == Tag::real) && op <= op_pow) {  // the int becomes a float
            double d;
            if (int_to_double(st, a.is(OT::bigint) ? a : b, &d) != Res::ok) return Res::error;
            return binary_op(st, op, a.is(OT::bigint) ? Value::real(d) : a, b.is(OT::bigint) ? Value::real(d) : b, out, inplace);
        }
        bool seq = a.is(OT::str) || a.is(OT::list) || a.is(OT::tuple) || b.is(OT::str) || b.is(OT::list) || b.is(OT::tuple);
        if (op == op_mul && seq) return st.raise("OverflowError", "cannot fit 'int' into an index-sized integer");
    }
    double dx, dy;
    if (as_double(a, &dx) && as_double(b, &dy) && op <= op_pow) {
        double z = 0;
        switch (op) {
            case op_add: z = dx + dy; break;
            case op_sub: z = dx - dy; break;
            case op_mul: z = dx * dy; break;
            case op_truediv:
                if (dy == 0) return st.raise("ZeroDivisionError", "float division by zero");
                z = dx / dy;
                break;
            case op_floordiv: case op_mod: case op_pow: return float_arith(st, op, dx, dy, out);  // builtins_number.cpp
        }
        out = Value::real(z);
        return Res::ok;
    }
    if (op == op_add) {
        if (a.is(OT::str) && b.is(OT::str)) {
            if (charge_memory(st, double(str_of_obj(a).size()) + double(str_of_obj(b).size())) != Res::ok) return Res::error;
            out = make_str(str_of_obj(a) + str_of_obj(b));
            return Res::ok;
        }
        if ((a.is(OT::list) && b.is(OT::list)) || (a.is(OT::tuple) && b.is(OT::tuple))) {
            double added = double(b.as<ListObj>()->items.size()) * sizeof(Value);
            if (!(inplace && a.is(OT::list))) added += double(a.as<ListObj>()->items.size()) * sizeof(Value);
            if (charge_memory(st, added) != Res::ok) return Res::error;
            if (inplace && a.is(OT::list)) {
                auto copy = b.as<ListObj>()->items;
                auto& dst = a.as<ListObj>()->items;
                dst.insert(dst.end(), copy.begin(), copy.end());
                out = a;
                return Res::ok;
            }
            std::vector<Value> r = a.as<ListObj>()->items;
            auto& q = b.as<ListObj>()->items;
            r.insert(r.end(), q.begin(), q.end());
            out = a.is(OT::list) ? make_list(std::move(r)) : make_tuple(std::move(r));
            return Res::ok;
        }
        if (inplace && a.is(OT::list)) {
            std::vector<Value> items;
            Res r = to_vector(st, b, items);
            if (r != Res::ok) return r;
            auto& dst = a.as<ListObj>()->items;
            for (auto& v : items) dst.push_back(std::move(v));
            out = a;
            return Res::ok;
        }
        if (a.is(OT::str)) return st.raise("TypeError", std::string("can only concatenate str (not \"") + type_name(b) + "\") to str");
        if (a.is(OT::list) || a.is(OT::tuple))
            return st.raise("TypeError", std::string("can only concatenate ") + type_name(a) + " (not \"" + type_name(b) + "\") to " + type_name(a));
    }
    if (op == op_mul) {
        bool aseq = a.is(OT::str) || a.is(OT::list) || a.is(OT::tuple);
        bool bseq = b.is(OT::str) || b.is(OT::list) || b.is(OT::tuple);
        if (inplace && a.is(OT::list) && as_int(b, &y)) {  // a *= n changes the list itself
            Value r;
            if (seq_repeat(st, a, y, r) != Res::ok) return Res::error;
            std::swap(a.as<ListObj>()->items, r.as<ListObj>()->items);
            out = a;
            return Res::ok;
        }
        if (aseq && as_int(b, &y)) return seq_repeat(st, a, y, out);
        if (bseq && as_int(a, &x)) return seq_repeat(st, b, x, out);
        if (aseq || bseq)
            return st.raise("TypeError", std::string("can't multiply sequence by non-int of type '") + type_name(aseq ? b : a) + "'");
    }
    if (op == op_mod && a.is(OT::str)) return percent_format(st, a, b, out);
    std::string sym = kOpSym[op];
    if (inplace) sym = (op == op_pow ? std::string("**") : sym) + "=";
    return st.raise("TypeError", "unsupported operand type(s) for " + sym + ": '" + type_name(a) + "' and '" + type_name(b) + "'");
}

Res unary_op(State& st, int op, const Value& a, Value& out) {
    switch (op) {
        case op_not: {
            bool t = false;
            Res r = truth_value(st, a, &t);
            if (r != Res::ok) return r;
            out = Value::boolean(!t);
            return Res::ok;
        }
        case op_neg:
            if (a.tag == Tag::integer) {
                if (a.u.i == INT64_MIN) return int_unary_op(st, op, a, out);
                out = Value::integer(-a.u.i); return Res::ok;
            }
            if (a.is(OT::bigint)) return int_unary_op(st, op, a, out);
            if (a.tag == Tag::boolean) { out = Value::integer(-int64_t(a.u.b)); return Res::ok; }
            if (a.tag == Tag::real) { out = Value::real(-a.u.f); return Res::ok; }
            return st.raise("TypeError", std::string("bad operand type for unary -: '") + type_name(a) + "'");
        case op_pos:
            if (a.tag == Tag::integer || a.tag == Tag::real || a.is(OT::bigint)) { out = a; return Res::ok; }
            if (a.tag == Tag::boolean) { out = Value::integer(a.u.b); return Res::ok; }
            return st.raise("TypeError", std::string("bad operand type for unary +: '") + type_name(a) + "'");
        case op_invert:
            if (a.tag == Tag::integer || a.tag == Tag::boolean) { int64_t x; as_int(a, &x); out = Value::integer(~x); return Res::ok; }
            if (a.is(OT::bigint)) return int_unary_op(st, op, a, out);
            return st.raise("TypeError", std::string("bad operand type for unary ~: '") + type_name(a) + "'");
    }
    return Res::ok;
}

// -1, 0, 1; or 2 when the two cannot be ordered.
static int order(const Value& a, const Value& b) {
    int64_t x, y;
    if (as_int(a, &x) && as_int(b, &y)) return x < y ? -1 : x > y;
    int mixed;
    if (int_mixed_order(a, b, &mixed)) return mixed;  // big ints; ints against floats, exactly
    double dx, dy;
    if (as_double(a, &dx) && as_double(b, &dy)) return dx < dy ? -1 : dx > dy ? 1 : (dx == dy ? 0 : 3);
    if (a.is(OT::str) && b.is(OT::str)) { int c = str_of_obj(a).compare(str_of_obj(b)); return c < 0 ? -1 : c > 0; }
    if (a.is(OT::bytes) && b.is(OT::bytes)) { int c = a.as<BytesObj>()->s.compare(b.as<BytesObj>()->s); return c < 0 ? -1 : c > 0; }
    if ((a.is(OT::list) && b.is(OT::list)) || (a.is(OT::tuple) && b.is(OT::tuple))) {
        auto& p = a.as<ListObj>()->items;
        auto& q = b.as<ListObj>()->items;
        for (size_t i = 0; i < p.size() && i < q.size(); ++i) {
            if (values_equal(p[i], q[i])) continue;
            return order(p[i], q[i]);
        }
        return p.size() < q.size() ? -1 : p.size() > q.size();
    }
    return 2;
}

Res contains(State& st, const Value& c, const Value& item, bool* out) {
    if (c.is(OT::str)) {
        if (!item.is(OT::str)) return st.raise("TypeError", std::string("'in <string>' requires string as left operand, not ") + type_name(item));
        *out = str_of_obj(c).find(str_of_obj(item)) != std::string::npos;
        return Res::ok;
    }
    if (c.is(OT::list) || c.is(OT::tuple)) {
        *out = false;
        for (auto& v : c.as<ListObj>()->items) {
            bool eq = false;
            if (v.is_obj() && item.is_obj() && v.u.o == item.u.o) eq = true;
            else if (v.is(OT::instance) || item.is(OT::instance)) { Res r = equal_values(st, v, item, &eq); if (r != Res::ok) return r; }
            else eq = values_equal(v, item);
            if (eq) { *out = true; break; }
        }
        return Res::ok;
    }
    if (c.is(OT::set)) {
        if (!is_hashable(item)) return st.raise("TypeError", std::string("unhashable type: '") + unhashable_type_name(item) + "'");
        *out = c.as<SetObj>()->d.find(item) != nullptr;
        return Res::ok;
    }
    if (c.is(OT::bytes)) return bytes_contains(st, c, item, out);
    // An instance without __contains__, an Array, an iterator or a generator: `in` iterates
    // (and consumes what an iterator gives, as CPython does).
    const bool iterable = c.is(OT::shared) ? c.as<SharedObj>()->is_array : c.is(OT::iter) || c.is(OT::generator);
    if (c.is(OT::instance) || iterable) {
        Value r;
        bool found = false;
        Res res = c.is(OT::instance) ? call_dunder(st, c, "__contains__", &item, 1, r, &found) : Res::ok;
        if (res != Res::ok) return res;
        if (found) return truth_value(st, r, out);
        Value it;
        res = get_iter(st, c, it);
        if (res != Res::ok) return res;
        for (;;) {
            Value x;
            bool got = false;
            res = next_value(st, it, x, &got);
            if (res != Res::ok) return res;
            if (!got) { *out = false; return Res::ok; }
            bool eq = false;
            res = equal_values(st, x, item, &eq);
            if (res != Res::ok) return res;
            if (eq) { *out = true; return Res::ok; }
        }
    }
    if (c.is(OT::dict)) {
        if (!is_hashable(item)) return st.raise("TypeError", std::string("unhashable type: '") + unhashable_type_name(item) + "'");
        *out = c.as<DictObj>()->find(item) != nullptr;
        return Res::ok;
    }
    if (c.is(OT::range)) return range_contains(st, c, item, out);
    if (c.is(OT::dict_view)) return dict_view_contains(st, c, item, out);
    return st.raise("TypeError", std::string("argument of type '") + type_name(c) + "' is not iterable");
}

Res compare_op(State& st, int op, const Value& a, const Value& b, Value& out) {
    if ((a.is(OT::instance) || b.is(OT::instance)) && op <= cmp_ge) {
        bool handled = false;
        Res r = instance_compare(st, op, a, b, out, &handled);
        if (r != Res::ok || handled) return r;
        static const char* const sym[] = {"<", "<=", "==", "!=", ">", ">="};
        return st.raise("TypeError", std::string("'") + sym[op] + "' not supported between instances of '" + class_name_of(a) +
                                         "' and '" + class_name_of(b) + "'");
    }
    if (a.is(OT::dict_view) || b.is(OT::dict_view)) {
        bool handled = false;
        Res r = dict_view_compare(st, op, a, b, out, &handled);
        if (r != Res::ok || handled) return r;
    }
    if ((a.is(OT::set) || b.is(OT::set)) && op <= cmp_ge && op != cmp_eq && op != cmp_ne) return set_compare(st, op, a, b, out);
    if (((a.is(OT::list) && b.is(OT::list)) || (a.is(OT::tuple) && b.is(OT::tuple))) && op <= cmp_ge && op != cmp_eq && op != cmp_ne)
        return seq_compare(st, op, a, b, out);
    switch (op) {
        case cmp_eq: case cmp_ne: {
            bool eq = false;
            Res r = equal_values(st, a, b, &eq);
            if (r != Res::ok) return r;
            out = Value::boolean(op == cmp_eq ? eq : !eq);
            return Res::ok;
        }
        case cmp_is: case cmp_is_not: {
            bool same = a.tag == b.tag && (a.tag == Tag::none || a.tag == Tag::undef ||
                                           (a.tag == Tag::boolean && a.u.b == b.u.b) ||
                                           (a.tag == Tag::integer && a.u.i == b.u.i) ||
                                           (a.tag == Tag::real && a.u.i == b.u.i) || (a.tag == Tag::obj && a.u.o == b.u.o));
            // type(None) is type(None): type objects made on demand are one type
            if (!same && a.is(OT::builtin) && b.is(OT::builtin) && a.as<BuiltinObj>()->type_id >= 0 && values_equal(a, b)) same = true;
            // () is (): CPython has one empty tuple
            if (!same && a.is(OT::tuple) && b.is(OT::tuple) && a.as<ListObj>()->items.empty() && b.as<ListObj>()->items.empty()) same = true;
            out = Value::boolean(op == cmp_is ? same : !same);
            return Res::ok;
        }
        case cmp_in: case cmp_not_in: {
            bool in = false;
            Res r = contains(st, b, a, &in);
            if (r != Res::ok) return r;
            out = Value::boolean(op == cmp_in ? in : !in);
            return Res::ok;
        }
        default: break;
    }
    int o = order(a, b);
    if (o == 2) {
        static const char* const sym[] = {"<", "<=", "==", "!=", ">", ">="};
        return st.raise("TypeError", std::string("'") + sym[op] + "' not supported between instances of '" + type_name(a) +
                                         "' and '" + type_name(b) + "'");
    }
    bool res = false;
    if (o == 3) res = false;  // NaN
    else switch (op) {
        case cmp_lt: res = o < 0; break;
        case cmp_le: res = o <= 0; break;
        case cmp_gt: res = o > 0; break;
        case cmp_ge: res = o >= 0; break;
    }
    out = Value::boolean(res);
    return Res::ok;
}

// [SECTION] format ----------------------------------------------------------------------------------
// format_with_spec, "%" and str.format live in format.cpp and percent_format.cpp (strings.h).

// [SECTION] items and iteration ------------------------------------------------------------------
Res norm_index(State& st, const Value& key, size_t n, const char* what, size_t* out) {
    int64_t i;
    if (key.is(OT::bigint)) return st.raise("IndexError", "cannot fit 'int' into an index-sized integer");
    if (!as_int(key, &i)) {
        if (std::string_view(what) == "string")  // CPython's wording differs for str
            return st.raise("TypeError", std::string("string indices must be integers, not '") + type_name(key) + "'");
        return st.raise("TypeError", std::string(what) + " indices must be integers or slices, not " + type_name(key));
    }
    if (i < 0) i += int64_t(n);
    if (i < 0 || i >= int64_t(n)) return st.raise("IndexError", std::string(what) + " index out of range");
    *out = size_t(i);
    return Res::ok;
}

Res slice_indices(State& st, SliceObj* s, int64_t n, int64_t* start, int64_t* stop, int64_t* step) {
    *step = 1;
    // Ints of any size: a big one is clamped, as CPython clamps to PY_SSIZE_T_MIN/MAX.
    auto big = [](const Value& v, int64_t* x) {
        if (!v.is(OT::bigint)) return false;
        *x = v.as<BigIntObj>()->v.is_negative() ? -INT64_MAX : INT64_MAX;
        return true;
    };
    const char* kBad = "slice indices must be integers or None or have an __index__ method";
    if (!s->step.is_none() && !as_int(s->step, step) && !big(s->step, step)) return st.raise("TypeError", kBad);
    if (*step == 0) return st.raise("ValueError", "slice step cannot be zero");
    int64_t lo = *step > 0 ? 0 : -1, hi = *step > 0 ? n : n - 1;
    auto fix = [&](const Value& v, int64_t def, int64_t* out) -> bool {
        if (v.is_none()) { *out = def; return true; }
        int64_t x;
        if (!as_int(v, &x) && !big(v, &x)) return false;
        if (x < 0) { x += n; if (x < lo) x = lo; }
        else if (x > hi) x = hi;
        *out = x;
        return true;
    };
    if (!fix(s->start, *step > 0 ? 0 : n - 1, start) || !fix(s->stop, *step > 0 ? n : -1, stop))
        return st.raise("TypeError", kBad);
    return Res::ok;
}

Res get_item(State& st, const Value& obj, const Value& key, Value& out) {
    if (obj.is(OT::instance)) {
        bool found = false;
        Res r = call_dunder(st, obj, "__getitem__", &key, 1, out, &found);
        if (r != Res::ok || found) return r;
        return st.raise("TypeError", "'" + class_name_of(obj) + "' object is not subscriptable");
    }
    if (obj.is(OT::bytes)) return bytes_get_item(st, obj, key, out);
    if (obj.is(OT::list) || obj.is(OT::tuple)) {
        auto& items = obj.as<ListObj>()->items;
        if (key.is(OT::slice)) {
            int64_t a, b, c;
            Res r = slice_indices(st, key.as<SliceObj>(), int64_t(items.size()), &a, &b, &c);
            if (r != Res::ok) return r;
            std::vector<Value> res;
            for (int64_t i = a; c > 0 ? i < b : i > b; i += c) res.push_back(items[size_t(i)]);
            out = obj.is(OT::list) ? make_list(std::move(res)) : make_tuple(std::move(res));
            return Res::ok;
        }
        size_t i;
        Res r = norm_index(st, key, items.size(), type_name(obj), &i);
        if (r != Res::ok) return r;
        out = items[i];
        return Res::ok;
    }
    if (obj.is(OT::str)) {
        const std::string& s = str_of_obj(obj);
        // Index by code point.
        std::vector<std::string> cps;
        for (size_t i = 0; i < s.size();) {
            size_t j = i + 1;
            while (j < s.size() && (((unsigned char)s[j]) & 0xC0) == 0x80) ++j;
            cps.push_back(s.substr(i, j - i));
            i = j;
        }
        if (key.is(OT::slice)) {
            int64_t a, b, c;
            Res r = slice_indices(st, key.as<SliceObj>(), int64_t(cps.size()), &a, &b, &c);
            if (r != Res::ok) return r;
            std::string res;
            for (int64_t i = a; c > 0 ? i < b : i > b; i += c) res += cps[size_t(i)];
            out = make_str(std::move(res));
            return Res::ok;
        }
        size_t i;
        Res r = norm_index(st, key, cps.size(), "string", &i);
        if (r != Res::ok) return r;
        out = make_str(cps[i]);
        return Res::ok;
    }
    if (obj.is(OT::dict)) {
        if (!is_hashable(key)) return st.raise("TypeError", std::string("unhashable type: '") + unhashable_type_name(key) + "'");
        Value* v = obj.as<DictObj>()->find(key);
        if (!v) return raise_key_error(st, key);
        out = *v;
        return Res::ok;
    }
    if (obj.is(OT::range)) return range_get_item(st, obj, key, out);
    if (obj.is(OT::shared) && obj.as<SharedObj>()->is_array) {
        auto* s = obj.as<SharedObj>();
        if (key.is(OT::slice)) {  // arr[a:b:c] is a list of the elements (each read on its own)
            int64_t x, y, z;
            Res r = slice_indices(st, key.as<SliceObj>(), int64_t(s->count), &x, &y, &z);
            if (r != Res::ok) return r;
            return shared_read_slice(st, s, x, y, z, out);
        }
        if (key.tag != Tag::integer && key.tag != Tag::boolean) return st.raise("TypeError", "indices must be integers");
        size_t i;
        Res r = norm_index(st, key, s->count, "array", &i);
        if (r == Res::error) { st.exc = Value(); return st.raise("IndexError", "invalid index"); }
        return shared_read(st, s, i, out);
    }
    return st.raise("TypeError", std::string("'") + type_name(obj) + "' object is not subscriptable");
}

Res set_item(State& st, const Value& obj, const Value& key, const Value& v) {
    if (obj.is(OT::instance)) {
        Value args[2] = {key, v}, out;
        bool found = false;
        Res r = call_dunder(st, obj, "__setitem__", args, 2, out, &found);
        if (r != Res::ok || found) return r;
        return st.raise("TypeError", "'" + class_name_of(obj) + "' object does not support item assignment");
    }
    if (obj.is(OT::list)) {
        auto& items = obj.as<ListObj>()->items;
        if (key.is(OT::slice)) return list_set_slice(st, obj, key.as<SliceObj>(), v);
        size_t i;
        Res r = norm_index(st, key, items.size(), "list assignment", &i);
        if (r != Res::ok) {
            if (r == Res::error && key.tag != Tag::integer && key.tag != Tag::boolean) {
                st.exc = Value();
                return st.raise("TypeError", std::string("list indices must be integers or slices, not ") + type_name(key));
            }
            return r;
        }
        items[i] = v;
        return Res::ok;
    }
    if (obj.is(OT::bytes)) return bytes_set_item(st, obj, key, v);
    if (obj.is(OT::dict)) {
        if (!is_hashable(key)) return st.raise("TypeError", std::string("unhashable type: '") + unhashable_type_name(key) + "'");
        if (charge_memory(st, kDictEntryBytes) != Res::ok) return Res::error;
        obj.as<DictObj>()->set(key, v);
        return Res::ok;
    }
    if (obj.is(OT::shared) && obj.as<SharedObj>()->is_array) {
        auto* s = obj.as<SharedObj>();
        if (key.is(OT::slice)) {  // same length only, as ctypes arrays require
            int64_t x, y, z;
            Res r = slice_indices(st, key.as<SliceObj>(), int64_t(s->count), &x, &y, &z);
            if (r != Res::ok) return r;
            std::vector<Value> items;
            r = to_vector(st, v, items);
            if (r != Res::ok) return r;
            std::vector<int64_t> idx;
            for (int64_t i = x; z > 0 ? i < y : i > y; i += z) idx.push_back(i);
            if (idx.size() != items.size()) return st.raise("ValueError", "Can only assign sequence of same size");
            for (size_t k = 0; k < idx.size(); ++k) {
                r = shared_write(st, s, size_t(idx[k]), items[k]);
                if (r != Res::ok) return r;
            }
            return Res::ok;
        }
        if (key.tag != Tag::integer && key.tag != Tag::boolean) return st.raise("TypeError", "indices must be integers");
        size_t i;
        Res r = norm_index(st, key, s->count, "array assignment", &i);
        if (r == Res::error) { st.exc = Value(); return st.raise("IndexError", "invalid index"); }
        return shared_write(st, s, i, v);
    }
    return st.raise("TypeError", std::string("'") + type_name(obj) + "' object does not support item assignment");
}

Res del_item(State& st, const Value& obj, const Value& key) {
    if (obj.is(OT::instance)) {
        Value out;
        bool found = false;
        Res r = call_dunder(st, obj, "__delitem__", &key, 1, out, &found);
        if (r != Res::ok || found) return r;
        return st.raise("TypeError", "'" + class_name_of(obj) + "' object does not support item deletion");
    }
    if (obj.is(OT::list)) {
        auto& items = obj.as<ListObj>()->items;
        if (key.is(OT::slice)) return list_del_slice(st, obj, key.as<SliceObj>());
        size_t i;
        Res r = norm_index(st, key, items.size(), key.tag == Tag::integer ? "list assignment" : "list", &i);
        if (r != Res::ok) return r;
        items.erase(items.begin() + long(i));
        return Res::ok;
    }
    if (obj.is(OT::bytes)) return bytes_del_item(st, obj, key);
    if (obj.is(OT::dict)) {
        if (!is_hashable(key)) return st.raise("TypeError", std::string("unhashable type: '") + unhashable_type_name(key) + "'");
        if (!obj.as<DictObj>()->erase(key)) return raise_key_error(st, key);
        return Res::ok;
    }
    return st.raise("TypeError", std::string("'") + type_name(obj) + "' object doesn't support item deletion");
}

Res get_iter(State& st, const Value& obj, Value& out) {
    IterObj* it = nullptr;
    if (obj.is(OT::range)) {
        out = range_iter(obj);
        return Res::ok;
    } else if (obj.is(OT::list) || obj.is(OT::tuple)) {
        it = new IterObj(IterObj::seq);
        it->src = obj;
    } else if (obj.is(OT::str)) {
        it = new IterObj(IterObj::str);
        it->src = obj;
    } else if (obj.is(OT::dict)) {
        out = dict_iter(obj, IterObj::dict_keys);
        return Res::ok;
    } else if (obj.is(OT::dict_view)) {
        out = dict_view_iter(obj);
        return Res::ok;
    } else if (obj.is(OT::iter) || obj.is(OT::generator)) {
        out = obj;
        return Res::ok;
    } else if (obj.is(OT::shared) && obj.as<SharedObj>()->is_array) {
        it = new IterObj(IterObj::seq);
        it->src = obj;
    } else if (obj.is(OT::set)) {
        it = new IterObj(IterObj::seq);  // a snapshot, in CPython's order
        it->src = make_tuple(set_members_in_order(obj.as<SetObj>()));
    } else if (obj.is(OT::bytes)) {
        it = new IterObj(IterObj::bytes);
        it->src = obj;
    } else if (obj.is(OT::instance)) {
        bool found = false;
        Res r = call_dunder(st, obj, "__iter__", nullptr, 0, out, &found);
        if (r != Res::ok) return r;
        if (found) {
            if (!out.is(OT::iter) && !out.is(OT::generator) &&
                !(out.is(OT::instance) && class_lookup(out.as<InstanceObj>()->cls.as<ClassObj>(), "__next__")))
                return st.raise("TypeError", std::string("iter() returned non-iterator of type '") + class_name_of(out) + "'");
            return Res::ok;
        }
        if (class_lookup(obj.as<InstanceObj>()->cls.as<ClassObj>(), "__getitem__")) {
            it = new IterObj(IterObj::getitem);
            it->src = obj;
        } else {
            return st.raise("TypeError", "'" + class_name_of(obj) + "' object is not iterable");
        }
    } else {
        return st.raise("TypeError", std::string("'") + type_name(obj) + "' object is not iterable");
    }
    out = Value::object(it);
    return Res::ok;
}

Res iter_next(State& st, IterObj* it, Value& out, bool* got) {
    *got = false;
    switch (it->kind) {
        case IterObj::range:
            if (it->step > 0 ? it->cur < it->stop : it->cur > it->stop) {
                out = Value::integer(it->cur);
                it->cur += it->step;
                *got = true;
            }
            return Res::ok;
        case IterObj::seq:
            if (it->src.is(OT::range)) return range_iter_next(it, out, got);
            if (it->src.is(OT::shared)) {
                auto* s = it->src.as<SharedObj>();
                if (it->idx >= s->count) return Res::ok;
                Res r = shared_read(st, s, it->idx, out);
                if (r != Res::ok) return r;
                ++it->idx;
                *got = true;
                return Res::ok;
            } else {
                auto& items = it->src.as<ListObj>()->items;
                if (it->idx < items.size()) { out = items[it->idx++]; *got = true; }
            }
            return Res::ok;
        case IterObj::str: {
            const std::string& s = str_of_obj(it->src);
            if (it->idx >= s.size()) return Res::ok;
            size_t j = it->idx + 1;
            while (j < s.size() && (((unsigned char)s[j]) & 0xC0) == 0x80) ++j;
            out = make_str(s.substr(it->idx, j - it->idx));
            it->idx = j;
            *got = true;
            return Res::ok;
        }
        case IterObj::dict_keys: case IterObj::dict_values: case IterObj::dict_items: return dict_iter_next(st, it, out, got);
        default: return lazy_iter_next(st, it, out, got);
    }
    return Res::ok;
}

Res to_vector(State& st, const Value& v, std::vector<Value>& out) {
    if (v.is(OT::list) || v.is(OT::tuple)) {
        if (charge_memory(st, double(v.as<ListObj>()->items.size()) * sizeof(Value)) != Res::ok) return Res::error;
        out = v.as<ListObj>()->items;
        return Res::ok;
    }
    if (v.is(OT::range)) {
        Value n;
        if (range_len(st, v.as<RangeObj>(), n) != Res::ok || charge_memory(st, double(n.u.i) * sizeof(Value)) != Res::ok)
            return Res::error;
    }
    Value it;
    Res r = get_iter(st, v, it);
    if (r != Res::ok) return r;
    for (;;) {
        Value x;
        bool got = false;
        r = next_value(st, it, x, &got);
        if (r != Res::ok) return r;
        if (!got) return Res::ok;
        if ((out.size() & 0xFFF) == 0xFFF && charge_memory(st, 0x1000 * sizeof(Value)) != Res::ok) return Res::error;
        out.push_back(std::move(x));
    }
}

// [SECTION] methods ------------------------------------------------------------------------------------
#define SELF (*a.self)
#define ARGS(fname, req, ...)                                   \
    Value av[sizeof((const char*[]){__VA_ARGS__}) / sizeof(const char*)]; \
    { Res r_ = parse_args(st, a, fname, {__VA_ARGS__}, req, av); if (r_ != Res::ok) return r_; }
#define GIVEN(i) (av[i].tag != Tag::undef)

// The str methods live in str_methods.cpp (find_str_method, strings.h).

// Locks: Lock, RLock, and the lock of a synchronized Value/Array.
static uint32_t running_thread(const State& st) { return st.threads.empty() ? 0 : st.threads[st.cur]->number; }
static State::RLockHold* rlock_hold(State& st, LockId id) {
    for (auto& h : st.rlocks_held)
        if (h.lock == id.value) return &h;
    return nullptr;
}
static void forget_lock_taker(State& st, LockId id) {
    for (size_t i = 0; i < st.locks_taken.size(); ++i)
        if (st.locks_taken[i].lock == id.value) {
            st.locks_taken.erase(st.locks_taken.begin() + (ptrdiff_t)i);
            return;
        }
}
uint32_t lock_taker_thread(const State& st, LockId id) {
    for (const State::LockTaker& t : st.locks_taken)
        if (t.lock == id.value) return t.thread;
    return 0;
}
int lock_depth_of_thread(State& st, LockId id, LockKind kind) {
    if (kind == LockKind::lock) return st.host.lock_held_by_self(id);
    const State::RLockHold* h = rlock_hold(st, id);
    return h && h->thread == running_thread(st) ? h->depth : 0;
}
Res host_lock_acquire(State& st, LockId id, LockKind kind, bool block, std::optional<double> timeout, bool* acquired) {
    State::RLockHold* h = kind == LockKind::rlock ? rlock_hold(st, id) : nullptr;
    const uint32_t me = running_thread(st);
    *acquired = false;
    if (h && h->thread != me) {  // another thread of this process holds it: the Host would let us in
        if (!block) return Res::ok;
        bool timed_out;
        return wait_on_host(st, timeout, "lock.acquire()", &timed_out);
    }
    if (block && !st.threads.empty() && threads_running(st)) {  // poll, so the process's other threads keep running
        if (st.host.lock_acquire(id, false, std::nullopt, acquired) == OpStatus::blocked) return st.blocked("lock.acquire()");
        if (Res r = polled_wait_step(st, *acquired, timeout, "lock.acquire()"); r != Res::ok || !*acquired) return r;
    } else if (st.host.lock_acquire(id, block, timeout, acquired) == OpStatus::blocked) {
        return st.blocked("lock.acquire()");
    }
    if (*acquired && kind == LockKind::rlock) {
        if (h) ++h->depth;
        else st.rlocks_held.push_back({id.value, me, 1});
    }
    if (*acquired && kind == LockKind::lock) {
        forget_lock_taker(st, id);
        if (me != 0) st.locks_taken.push_back({id.value, me});
    }
    return Res::ok;
}
Res host_lock_release(State& st, LockId id, LockKind kind) {
    State::RLockHold* h = kind == LockKind::rlock ? rlock_hold(st, id) : nullptr;
    if (kind == LockKind::rlock && (!h || h->thread != running_thread(st)))
        return st.raise("AssertionError", "attempt to release recursive lock not owned by thread");
    if (!st.host.lock_release(id)) {
        if (kind == LockKind::lock) return st.raise("ValueError", "semaphore or lock released too many times");
        return st.raise("AssertionError", "attempt to release recursive lock not owned by thread");
    }
    if (h && --h->depth == 0) st.rlocks_held.erase(st.rlocks_held.begin() + (h - st.rlocks_held.data()));
    if (kind == LockKind::lock && !st.locks_taken.empty()) forget_lock_taker(st, id);
    return Res::ok;
}
static Res lock_release(State& st, const LockObj* l) { return host_lock_release(st, l->id, l->kind); }
static Res m_lock_acquire(State& st, CallArgs& a, Value& out) {
    ARGS("acquire", 0, "block", "timeout");
    bool block = !GIVEN(0) || truthy(av[0]);
    std::optional<double> timeout;
    double t;
    if (GIVEN(1) && !av[1].is_none()) {
        if (!as_double(av[1], &t)) return st.raise("TypeError", std::string("must be real number, not ") + type_name(av[1]));
        timeout = t < 0 ? 0 : t;
    }
    bool acquired = false;
    Res r = host_lock_acquire(st, SELF.as<LockObj>()->id, SELF.as<LockObj>()->kind, block, timeout, &acquired);
    if (r != Res::ok) return r;
    out = Value::boolean(acquired);
    return Res::ok;
}
static Res m_lock_release(State& st, CallArgs& a, Value& out) {
    ARGS("release", 0, "x");
    out = Value();
    return lock_release(st, SELF.as<LockObj>());
}

struct Method {
    OT type;
    const char* name;
    NativeFn fn;
};
// list, tuple and dict methods: list_ops.cpp, dict_ops.cpp (containers.h).
static const NamedMethod* find_container_method(const Value& obj, std::string_view name) {
    if (obj.is(OT::dict)) return find_dict_method(name);
    if (obj.is(OT::range)) return find_range_method(name);
    if (obj.is(OT::dict_view)) return find_dict_view_method(obj, name);
    if (obj.is(OT::list) || obj.is(OT::tuple)) return find_list_method(obj.u.o->type, name);
    return nullptr;
}
static const Method kMethods[] = {
    {OT::lock, "acquire", m_lock_acquire}, {OT::lock, "release", m_lock_release},
    {OT::lock, "__enter__", lock_enter_method}, {OT::lock, "__exit__", lock_exit_method},  // with_lock.cpp
    {OT::shared, "__enter__", lock_enter_method}, {OT::shared, "__exit__", lock_exit_method},
};

// mp_process.cpp
Res process_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found);
Res process_set_attr(State& st, const Value& obj, const std::string& name, const Value& v, bool* found);

// [SECTION] attributes --------------------------------------------------------------------------------
NativeFn lookup_native_method(const Value& obj, std::string_view name, const char** mname) {
    if (!obj.is_obj()) return nullptr;
    OT t = obj.u.o->type;
    *mname = "method";
    if (t == OT::str) {
        const StrMethod* m = find_str_method(name);
        if (m) *mname = m->name;
        return m ? m->fn : nullptr;
    }
    if (t == OT::set) return find_set_method(name);
    const NamedMethod* m = nullptr;
    // bytes: only the methods bytearray shares (the cache tells the two apart by OT only)
    if (t == OT::bytes) m = find_bytes_method(name, false);
    else if (t == OT::list || t == OT::tuple || t == OT::dict) m = find_container_method(obj, name);
    if (m) *mname = m->name;
    return m ? m->fn : nullptr;
}

Res cached_method_call(State& st, CallArgs& a, Value& out) {
    const BuiltinObj* m = a.self->as<BuiltinObj>();
    CallArgs b = a;
    b.self = &a.pos[0];
    b.pos = a.pos + 1;
    b.npos = a.npos - 1;
    return m->fn(st, b, out);
}

static Res no_attr(State& st, const Value& obj, const std::string& name) {
    if (obj.is(OT::module))
        return raise_attribute_error(st, obj, name, "module '" + obj.as<ModuleObj>()->name + "' has no attribute '" + name + "'" +
                                                        unsupported_hint(obj.as<ModuleObj>()->name, name));
    return raise_attribute_error(st, obj, name, std::string("'") + type_name(obj) + "' object has no attribute '" + name + "'");
}

Res get_attr(State& st, const Value& obj, const std::string& name, Value& out) {
    if (obj.is(OT::instance) || obj.is(OT::cls) || obj.is(OT::super_) || obj.is(OT::method)) {
        bool found = false;
        Res r = object_getattr(st, obj, name, out, &found);
        if (r != Res::ok || found) return r;
        if (obj.is(OT::cls)) return raise_attribute_error(st, obj, name, "type object '" + obj.as<ClassObj>()->name + "' has no attribute '" + name + "'");
        if (obj.is(OT::super_)) return st.raise("AttributeError", "'super' object has no attribute '" + name + "'");
        return raise_attribute_error(st, obj, name, "'" + class_name_of(obj) + "' object has no attribute '" + name + "'");
    }
    if (obj.is(OT::builtin) && (name == "__name__" || name == "__qualname__")) {
        out = make_str(obj.as<BuiltinObj>()->name);
        return Res::ok;
    }
    if (obj.is(OT::builtin) && obj.as<BuiltinObj>()->type_id >= 0) {  // str.lower, dict.fromkeys ... (type_attrs.cpp)
        bool found = false;
        Res r = builtin_type_attr(st, obj, name, out, &found);
        if (r != Res::ok || found) return r;
        if (name.rfind("__", 0) != 0)
            return st.raise("AttributeError", "type object '" + std::string(obj.as<BuiltinObj>()->name) + "' has no attribute '" + name + "'");
    }
    if (obj.is(OT::descriptor)) {
        bool found = false;
        Res r = descriptor_get_attr(st, obj, name, out, &found);
        if (r != Res::ok || found) return r;
        return no_attr(st, obj, name);
    }
    if (obj.is(OT::shared)) {
        bool found = false;
        Res r = shared_get_attr(st, obj, name, out, &found);
        if (r != Res::ok || found) return r;
        return st.raise("AttributeError", "'" + shared_type_name(obj.as<SharedObj>()) + "' object has no attribute '" + name + "'");
    }
    if (obj.is(OT::module)) {
        Value* v = obj.as<ModuleObj>()->find(name);
        if (!v && name == "__name__") { out = make_str(obj.as<ModuleObj>()->name); return Res::ok; }
        if (!v) return no_attr(st, obj, name);
        out = *v;
        return Res::ok;
    }
    if (obj.is(OT::process)) {
        bool found = false;
        Res r = process_get_attr(st, obj, name, out, &found);
        if (found || r != Res::ok) return r;
        return no_attr(st, obj, name);
    }
    if (obj.is(OT::conn) || obj.is(OT::queue)) {  // module_mp_pipe.cpp, module_mp_queue.cpp
        bool found = false;
        Res r = obj.is(OT::conn) ? conn_get_attr(st, obj, name, out, &found) : queue_get_attr(st, obj, name, out, &found);
        if (found || r != Res::ok) return r;
        return no_attr(st, obj, name);
    }
    if (obj.is(OT::sync)) {
        bool found = false;
        Res r = sync_get_attr(st, obj, name, out, &found);
        if (found || r != Res::ok) return r;
        return no_attr(st, obj, name);
    }
    if (obj.is(OT::function) && (name == "__name__" || name == "__qualname__")) { out = make_str(obj.as<FunctionObj>()->code->name); return Res::ok; }
    if (obj.is(OT::function) && name == "__doc__") {
        const Code* c = obj.as<FunctionObj>()->code;
        out = c->has_doc ? make_str(c->doc) : Value();
        return Res::ok;
    }
    if (obj.is(OT::function) && name == "__defaults__") {
        const auto& d = obj.as<FunctionObj>()->defaults;
        out = d.empty() ? Value() : make_tuple(d);
        return Res::ok;
    }
    if (obj.is(OT::builtin) && name == "__doc__") { out = Value(); return Res::ok; }
    if (obj.is(OT::set)) {
        if (NativeFn fn = find_set_method(name)) { out = Value::object(new BuiltinObj(fn, "set_method", obj)); return Res::ok; }
    }
    if (obj.is(OT::bytes)) {
        if (const NamedMethod* m = find_bytes_method(name, obj.as<BytesObj>()->mutable_)) {
            out = Value::object(new BuiltinObj(m->fn, m->name, obj));
            return Res::ok;
        }
    }
    if (obj.is(OT::str)) {
        if (const StrMethod* m = find_str_method(name)) { out = Value::object(new BuiltinObj(m->fn, m->name, obj)); return Res::ok; }
    }
    if (obj.is(OT::range)) {
        bool found = false;
        range_get_attr(obj, name, out, &found);
        if (found) return Res::ok;
    }
    if (obj.is(OT::dict_view) && name == "mapping") {  // CPython's is a read-only proxy
        out = obj.as<DictViewObj>()->dict;
        return Res::ok;
    }
    if (const NamedMethod* m = find_container_method(obj, name)) {
        out = Value::object(new BuiltinObj(m->fn, m->name, obj));
        return Res::ok;
    }
    {  // ints, bools, floats, slices, named tuples (builtins_number.cpp)
        bool found = false;
        Res r = value_get_attr(st, obj, name, out, &found);
        if (found || r != Res::ok) return r;
    }
    if (obj.is_obj()) {
        for (const Method& m : kMethods) {
            if (m.type == obj.u.o->type && name == m.name) {
                out = Value::object(new BuiltinObj(m.fn, m.name, obj));
                return Res::ok;
            }
        }
    }
    return no_attr(st, obj, name);
}

Res del_attr(State& st, const Value& obj, const std::string& name) {
    bool handled = false;
    Res r = object_delattr(st, obj, name, &handled);
    if (r != Res::ok || handled) return r;
    return st.raise("AttributeError", std::string("'") + type_name(obj) + "' object has no attribute '" + name + "'");
}

Res set_attr(State& st, const Value& obj, const std::string& name, const Value& v) {
    {
        bool handled = false;
        Res r = object_setattr(st, obj, name, v, &handled);
        if (r != Res::ok || handled) return r;
    }
    if (obj.is(OT::shared)) {
        bool found = false;
        Res r = shared_set_attr(st, obj, name, v, &found);
        if (r != Res::ok || found) return r;
    }
    if (obj.is(OT::process)) {
        bool found = false;
        Res r = process_set_attr(st, obj, name, v, &found);
        if (found || r != Res::ok) return r;
    }
    if (obj.is(OT::module)) {
        Value* slot = obj.as<ModuleObj>()->find(name);
        if (slot) *slot = v;
        else obj.as<ModuleObj>()->attrs.emplace_back(name, v);
        return Res::ok;
    }
    if (obj.is(OT::str) && find_str_method(name))
        return st.raise("AttributeError", "'str' object attribute '" + name + "' is read-only");
    if (find_container_method(obj, name))
        return st.raise("AttributeError", std::string("'") + type_name(obj) + "' object attribute '" + name + "' is read-only");
    if (obj.is_obj() && obj.u.o->type != OT::function)
        for (const Method& m : kMethods)
            if (m.type == obj.u.o->type && name == m.name)
                return st.raise("AttributeError", std::string("'") + type_name(obj) + "' object attribute '" + name + "' is read-only");
    return no_attr(st, obj, name);
}

// [SECTION] builtin functions ---------------------------------------------------------------------------
Res sort_values(State& st, std::vector<Value>& items, const Value& key, bool reverse) {
    std::vector<Value> keys;
    if (!key.is_none()) {
        for (auto& v : items) {
            Value k;
            Res r = call_value(st, key, &v, 1, k);
            if (r != Res::ok) return r;
            keys.push_back(std::move(k));
        }
    } else {
        keys = items;
    }
    std::vector<size_t> idx(items.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    bool simple = true;
    for (auto& k : keys) if (k.is_obj() && !k.is(OT::str)) { simple = false; break; }
    Res err = Res::ok;
    if (simple) {
        bool bad = false;
        std::stable_sort(idx.begin(), idx.end(), [&](size_t x, size_t y) {
            int o = order(keys[reverse ? y : x], keys[reverse ? x : y]);
            if (o == 2) { bad = true; return false; }
            return o < 0;
        });
        if (bad) {  // CPython's sort first compares neighbours, item i < item i-1 (of the reversed list for reverse)
            size_t n = keys.size(), x = 0, y = n > 1 ? 1 : 0;
            auto at = [&](size_t i) -> const Value& { return keys[reverse ? n - 1 - i : i]; };
            for (size_t i = 1; i < n; ++i)
                if (order(at(i), at(i - 1)) == 2) { x = i; y = i - 1; break; }
            return st.raise("TypeError", std::string("'<' not supported between instances of '") + type_name(at(x)) + "' and '" +
                                             type_name(at(y)) + "'");
        }
    } else {
        // Objects, tuples, mixed: each comparison may run Python code (__lt__).
        std::stable_sort(idx.begin(), idx.end(), [&](size_t x, size_t y) {
            if (err != Res::ok) return false;
            bool lt = false;
            err = less_than(st, keys[reverse ? y : x], keys[reverse ? x : y], &lt);
            return err == Res::ok && lt;
        });
        if (err != Res::ok) return err;
    }
    std::vector<Value> sorted;
    for (size_t i : idx) sorted.push_back(std::move(items[i]));
    items = std::move(sorted);
    return Res::ok;
}

static Res b_print(State& st, CallArgs& a, Value& out) {
    std::string sep = " ", end = "\n";
    bool to_err = false;
    for (int k = 0; k < a.nkw; ++k) {
        const std::string& n = str_of_obj(a.kwnames[k]);
        const Value& v = a.kwvals[k];
        if (n == "sep" || n == "end") {
            if (!v.is_none() && !v.is(OT::str)) return st.raise("TypeError", n + " must be None or a string, not " + type_name(v));
            if (v.is(OT::str)) (n == "sep" ? sep : end) = str_of_obj(v);
        } else if (n == "flush") {
        } else if (n == "file") {
            to_err = v.is(OT::module) && v.as<ModuleObj>()->name == "sys.stderr";
        } else {
            return st.raise("TypeError", "'" + n + "' is an invalid keyword argument for print()");
        }
    }
    std::string s;
    for (int i = 0; i < a.npos; ++i) {
        if (i) s += sep;
        std::string part;
        Res r = str_value(st, a.pos[i], part);
        if (r != Res::ok) return r;
        s += part;
    }
    s += end;
    st.host.write(to_err ? Stream::err : Stream::out, s);
    out = Value();
    return Res::ok;
}

static Res want_int(State& st, const Value& v, int64_t* out) {
    if (as_int(v, out)) return Res::ok;
    if (v.is(OT::bigint)) return st.raise("OverflowError", "Python int too large to convert to C ssize_t");
    return st.raise("TypeError", std::string("'") + type_name(v) + "' object cannot be interpreted as an integer");
}

static Res b_len(State& st, CallArgs& a, Value& out) {
    if (a.npos != 1 || a.nkw) {  // a METH_O builtin in CPython
        if (a.nkw) return st.raise("TypeError", "len() takes no keyword arguments");
        return st.raise("TypeError", "len() takes exactly one argument (" + std::to_string(a.npos) + " given)");
    }
    ARGS("len", 1, "obj");
    const Value& v = av[0];
    int64_t n = -1;
    if (v.is(OT::str)) n = int64_t(utf8_length(str_of_obj(v)));
    else if (v.is(OT::list) || v.is(OT::tuple)) n = int64_t(v.as<ListObj>()->items.size());
    else if (v.is(OT::dict)) n = int64_t(v.as<DictObj>()->live);
    else if (v.is(OT::range)) return range_len(st, v.as<RangeObj>(), out);
    else if (v.is(OT::shared) && v.as<SharedObj>()->is_array) n = int64_t(v.as<SharedObj>()->count);
    else if (v.is(OT::set)) n = int64_t(v.as<SetObj>()->d.live);
    else if (v.is(OT::bytes)) n = int64_t(v.as<BytesObj>()->s.size());
    else if (v.is(OT::dict_view)) n = dict_view_len(v);
    else if (v.is(OT::instance)) {
        bool found = false;
        Res r = call_dunder(st, v, "__len__", nullptr, 0, out, &found);
        if (r != Res::ok) return r;
        if (found) {
            if (out.tag != Tag::integer) return st.raise("TypeError", std::string("'") + type_name(out) + "' object cannot be interpreted as an integer");
            if (out.u.i < 0) return st.raise("ValueError", "__len__() should return >= 0");
            return Res::ok;
        }
    }
    if (n < 0) return st.raise("TypeError", std::string("object of type '") + class_name_of(v) + "' has no len()");
    out = Value::integer(n);
    return Res::ok;
}

static Res b_str(State& st, CallArgs& a, Value& out) {
    ARGS("str", 0, "object");
    if (GIVEN(0) && av[0].tag == Tag::integer) {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, av[0].u.i);
        out = make_str(std::string(buf, r.ptr));
        return Res::ok;
    }
    if (GIVEN(0) && av[0].is(OT::str)) { out = av[0]; return Res::ok; }
    std::string s;
    if (GIVEN(0)) { Res r = str_value(st, av[0], s); if (r != Res::ok) return r; }
    out = make_str(std::move(s));
    return Res::ok;
}
static Res b_repr(State& st, CallArgs& a, Value& out) {
    ARGS("repr", 1, "obj");
    std::string s;
    Res r = repr_value(st, av[0], s);
    if (r != Res::ok) return r;
    out = make_str(std::move(s));
    return Res::ok;
}
static Res b_int(State& st, CallArgs& a, Value& out) {
    ARGS("int", 0, "x", "base");
    if (!GIVEN(0)) { out = Value::integer(0); return Res::ok; }
    const Value& v = av[0];
    int64_t i;
    if (GIVEN(1) && !v.is(OT::str)) return st.raise("TypeError", "int() can't convert non-string with explicit base");
    if (as_int(v, &i)) { out = Value::integer(i); return Res::ok; }
    if (v.is(OT::bigint)) { out = v; return Res::ok; }
    if (v.tag == Tag::real) return int_from_double(st, v.u.f, out);
    if (v.is(OT::str)) {
        int64_t base = 10;
        if (GIVEN(1) && want_int(st, av[1], &base) != Res::ok) return Res::error;
        return int_from_text(st, str_of_obj(v), base, out);
    }
    return st.raise("TypeError", std::string("int() argument must be a string, a bytes-like object or a real number, not '") + type_name(v) + "'");
}
static Res b_float(State& st, CallArgs& a, Value& out) {
    ARGS("float", 0, "x");
    if (!GIVEN(0)) { out = Value::real(0); return Res::ok; }
    double d;
    if (as_double(av[0], &d)) { out = Value::real(d); return Res::ok; }
    if (av[0].is(OT::bigint)) {
        if (int_to_double(st, av[0], &d) != Res::ok) return Res::error;
        out = Value::real(d);
        return Res::ok;
    }
    if (av[0].is(OT::str) || av[0].is(OT::bytes)) return float_from_text(st, av[0], out);  // builtins_number.cpp
    return st.raise("TypeError", std::string("float() argument must be a string or a real number, not '") + type_name(av[0]) + "'");
}
static Res b_bool(State& st, CallArgs& a, Value& out) {
    ARGS("bool", 0, "x");
    bool t = false;
    if (GIVEN(0)) { Res r = truth_value(st, av[0], &t); if (r != Res::ok) return r; }
    out = Value::boolean(t);
    return Res::ok;
}
static Res b_list(State& st, CallArgs& a, Value& out) {
    ARGS("list", 0, "iterable");
    std::vector<Value> items;
    if (GIVEN(0)) { Res r = to_vector(st, av[0], items); if (r != Res::ok) return r; }
    out = make_list(std::move(items));
    return Res::ok;
}
static Res b_tuple(State& st, CallArgs& a, Value& out) {
    ARGS("tuple", 0, "iterable");
    std::vector<Value> items;
    if (GIVEN(0)) { Res r = to_vector(st, av[0], items); if (r != Res::ok) return r; }
    out = make_tuple(std::move(items));
    return Res::ok;
}
static Res b_dict(State& st, CallArgs& a, Value& out) {
    auto* d = new DictObj();
    out = Value::object(d);
    if (a.npos > 1) return st.raise("TypeError", "dict expected at most 1 argument, got " + std::to_string(a.npos));
    if (a.npos == 1 && dict_update_from(st, out, a.pos[0]) != Res::ok) return Res::error;
    for (int k = 0; k < a.nkw; ++k) d->set(a.kwnames[k], a.kwvals[k]);
    return Res::ok;
}
static Res b_abs(State& st, CallArgs& a, Value& out) {
    ARGS("abs", 1, "x");
    const Value& v = av[0];
    if (v.tag == Tag::integer || v.tag == Tag::boolean) {
        int64_t x; as_int(v, &x);
        if (x == INT64_MIN) return int_abs(st, v, out);
        out = Value::integer(x < 0 ? -x : x);
        return Res::ok;
    }
    if (v.is(OT::bigint)) return int_abs(st, v, out);
    if (v.tag == Tag::real) { out = Value::real(std::fabs(v.u.f)); return Res::ok; }
    return st.raise("TypeError", std::string("bad operand type for abs(): '") + type_name(v) + "'");
}
static Res minmax(State& st, CallArgs& a, Value& out, bool is_max) {
    const char* fname = is_max ? "max" : "min";
    Value key, deflt = Value::undef();
    for (int k = 0; k < a.nkw; ++k) {
        const std::string& n = str_of_obj(a.kwnames[k]);
        if (n == "key") key = a.kwvals[k];
        else if (n == "default") deflt = a.kwvals[k];
        else return st.raise("TypeError", std::string(fname) + "() got an unexpected keyword argument '" + n + "'");
    }
    std::vector<Value> items;
    if (a.npos == 1) { Res r = to_vector(st, a.pos[0], items); if (r != Res::ok) return r; }
    else if (a.npos == 0) return st.raise("TypeError", std::string(fname) + " expected at least 1 argument, got 0");
    else items.assign(a.pos, a.pos + a.npos);
    if (items.empty()) {
        if (deflt.tag != Tag::undef) { out = deflt; return Res::ok; }
        return st.raise("ValueError", std::string(fname) + "() arg is an empty sequence");
    }
    std::vector<Value> sorted = items;
    Res r = sort_values(st, sorted, key, false);
    if (r != Res::ok) return r;
    // stable sort: min is the first of the smallest; max is the first of the largest
    if (!is_max) { out = sorted.front(); return Res::ok; }
    std::vector<Value> rev = items;
    r = sort_values(st, rev, key, true);
    if (r != Res::ok) return r;
    out = rev.front();
    return Res::ok;
}
static Res b_min(State& st, CallArgs& a, Value& out) { return minmax(st, a, out, false); }
static Res b_max(State& st, CallArgs& a, Value& out) { return minmax(st, a, out, true); }
static Res b_sum(State& st, CallArgs& a, Value& out) {
    ARGS("sum", 1, "iterable", "start");
    std::vector<Value> items;
    Res r = to_vector(st, av[0], items);
    if (r != Res::ok) return r;
    Value acc = GIVEN(1) ? av[1] : Value::integer(0);
    if (acc.is(OT::str)) return st.raise("TypeError", "sum() can't sum strings [use ''.join(seq) instead]");
    for (auto& v : items) {
        Value n;
        r = binary_op(st, op_add, acc, v, n, false);
        if (r != Res::ok) return r;
        acc = std::move(n);
    }
    out = std::move(acc);
    return Res::ok;
}
static Res b_sorted(State& st, CallArgs& a, Value& out) {
    if (a.npos != 1) return st.raise("TypeError", "sorted expected 1 argument, got " + std::to_string(a.npos));
    Value key;
    bool reverse = false;
    for (int k = 0; k < a.nkw; ++k) {
        const std::string& n = str_of_obj(a.kwnames[k]);
        if (n == "key") key = a.kwvals[k];
        else if (n == "reverse") reverse = truthy(a.kwvals[k]);
        else return st.raise("TypeError", "sorted() got an unexpected keyword argument '" + n + "'");
    }
    std::vector<Value> items;
    Res r = to_vector(st, a.pos[0], items);
    if (r != Res::ok) return r;
    r = sort_values(st, items, key, reverse);
    if (r != Res::ok) return r;
    out = make_list(std::move(items));
    return Res::ok;
}
static Res b_reversed(State& st, CallArgs& a, Value& out) {
    ARGS("reversed", 1, "sequence");
    const Value& v = av[0];
    if (v.is(OT::range)) { out = range_reversed(v); return Res::ok; }
    bool seq = v.is(OT::list) || v.is(OT::tuple) || v.is(OT::str) || v.is(OT::bytes) || v.is(OT::dict) || v.is(OT::dict_view) ||
               (v.is(OT::shared) && v.as<SharedObj>()->is_array);
    if (v.is(OT::instance)) {
        bool found = false;
        Res r = call_dunder(st, v, "__reversed__", nullptr, 0, out, &found);
        if (r != Res::ok || found) return r;
        const ClassObj* c = v.as<InstanceObj>()->cls.as<ClassObj>();
        seq = class_lookup(c, "__len__") && class_lookup(c, "__getitem__");
    }
    if (!seq) return st.raise("TypeError", "'" + class_name_of(v) + "' object is not reversible");
    std::vector<Value> items;
    Res r = to_vector(st, v, items);
    if (r != Res::ok) return r;
    std::reverse(items.begin(), items.end());
    auto* it = new IterObj(IterObj::seq);  // a snapshot, taken in reverse
    out = Value::object(it);
    it->src = make_tuple(std::move(items));
    return Res::ok;
}
int type_id_of(const Value& v) {
    switch (v.tag) {
        case Tag::none: return t_nonetype;
        case Tag::boolean: return t_bool;
        case Tag::integer: return t_int;
        case Tag::real: return t_float;
        default: break;
    }
    if (v.is(OT::str)) return t_str;
    if (v.is(OT::list)) return t_list;
    if (v.is(OT::tuple)) return t_tuple;
    if (v.is(OT::dict)) return t_dict;
    if (v.is(OT::range)) return t_range;
    if (v.is(OT::set)) return v.as<SetObj>()->frozen ? t_frozenset : t_set;
    if (v.is(OT::bytes)) return v.as<BytesObj>()->mutable_ ? t_bytearray : t_bytes;
    if (v.is(OT::slice)) return t_slice;
    if (v.is(OT::bigint)) return t_int;
    if (v.is(OT::cls) || (v.is(OT::builtin) && v.as<BuiltinObj>()->type_id >= 0)) return t_type;
    return -2;
}
static Res b_round(State& st, CallArgs& a, Value& out) {
    ARGS("round", 1, "number", "ndigits");
    double d;
    if (is_int_value(av[0])) return int_round(st, av[0], av[1], out);
    if (!as_double(av[0], &d)) return st.raise("TypeError", std::string("type ") + type_name(av[0]) + " doesn't define __round__ method");
    if (!GIVEN(1) || av[1].is_none()) return int_from_double(st, std::nearbyint(d), out);  // half to even (FE_TONEAREST)
    return float_round(st, d, av[1], out);
}
static Res b_anyall(State& st, CallArgs& a, Value& out, bool any) {
    ARGS(any ? "any" : "all", 1, "iterable");
    std::vector<Value> items;
    Res r = to_vector(st, av[0], items);
    if (r != Res::ok) return r;
    bool res = !any;
    for (auto& v : items) if (truthy(v) == any) { res = any; break; }
    out = Value::boolean(res);
    return Res::ok;
}
static Res b_any(State& st, CallArgs& a, Value& out) { return b_anyall(st, a, out, true); }
static Res b_all(State& st, CallArgs& a, Value& out) { return b_anyall(st, a, out, false); }
static Res b_chr(State& st, CallArgs& a, Value& out) {
    ARGS("chr", 1, "i");
    int64_t i;
    if (!av[0].is(OT::bigint) && want_int(st, av[0], &i) != Res::ok) return Res::error;
    if (av[0].is(OT::bigint) || i > INT32_MAX || i < INT32_MIN) return st.raise("OverflowError", "Python int too large to convert to C int");
    if (i < 0 || i > 0x10FFFF) return st.raise("ValueError", "chr() arg not in range(0x110000)");
    std::string s;
    uint32_t cp = uint32_t(i);
    if (cp < 0x80) s.push_back(char(cp));
    else if (cp < 0x800) { s.push_back(char(0xC0 | (cp >> 6))); s.push_back(char(0x80 | (cp & 0x3F))); }
    else if (cp < 0x10000) { s.push_back(char(0xE0 | (cp >> 12))); s.push_back(char(0x80 | ((cp >> 6) & 0x3F))); s.push_back(char(0x80 | (cp & 0x3F))); }
    else { s.push_back(char(0xF0 | (cp >> 18))); s.push_back(char(0x80 | ((cp >> 12) & 0x3F))); s.push_back(char(0x80 | ((cp >> 6) & 0x3F))); s.push_back(char(0x80 | (cp & 0x3F))); }
    out = make_str(std::move(s));
    return Res::ok;
}
static Res b_ord(State& st, CallArgs& a, Value& out) {
    ARGS("ord", 1, "c");
    if (av[0].is(OT::bytes) && av[0].as<BytesObj>()->s.size() == 1) { out = Value::integer((unsigned char)av[0].as<BytesObj>()->s[0]); return Res::ok; }
    if (!av[0].is(OT::str) && !av[0].is(OT::bytes))
        return st.raise("TypeError", std::string("ord() expected string of length 1, but ") + type_name(av[0]) + " found");
    const size_t n = av[0].is(OT::bytes) ? av[0].as<BytesObj>()->s.size() : utf8_length(str_of_obj(av[0]));
    if (n != 1) return st.raise("TypeError", "ord() expected a character, but string of length " + std::to_string(n) + " found");
    const std::string& s = str_of_obj(av[0]);
    unsigned char c0 = (unsigned char)s[0];
    uint32_t cp = c0;
    if (c0 >= 0xF0) cp = ((c0 & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
    else if (c0 >= 0xE0) cp = ((c0 & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    else if (c0 >= 0xC0) cp = ((c0 & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    out = Value::integer(cp);
    return Res::ok;
}

// [SECTION] table -----------------------------------------------------------------------------------
// builtins_iter.cpp, builtins_object.cpp
Res b_enumerate(State&, CallArgs&, Value&); Res b_zip(State&, CallArgs&, Value&);
Res b_map(State&, CallArgs&, Value&); Res b_filter(State&, CallArgs&, Value&);
Res b_iter(State&, CallArgs&, Value&); Res b_next(State&, CallArgs&, Value&);
Res b_isinstance(State&, CallArgs&, Value&); Res b_type(State&, CallArgs&, Value&);
Res b_issubclass(State&, CallArgs&, Value&); Res b_super(State&, CallArgs&, Value&);
Res b_hasattr(State&, CallArgs&, Value&); Res b_getattr(State&, CallArgs&, Value&);
Res b_setattr(State&, CallArgs&, Value&); Res b_delattr(State&, CallArgs&, Value&);
Res b_id(State&, CallArgs&, Value&); Res b_hash(State&, CallArgs&, Value&);
Res b_callable(State&, CallArgs&, Value&); Res b_input(State&, CallArgs&, Value&);
Res b_vars(State&, CallArgs&, Value&); Res b_object(State&, CallArgs&, Value&);
Res b_set(State&, CallArgs&, Value&); Res b_frozenset(State&, CallArgs&, Value&);  // bytes, bytearray: bytes_ops.h
Res b_not_implemented(State&, CallArgs&, Value&);
Res b_property(State&, CallArgs&, Value&); Res b_staticmethod(State&, CallArgs&, Value&);  // descriptors.cpp
Res b_classmethod(State&, CallArgs&, Value&);
struct BuiltinDef {
    const char* name;
    NativeFn fn;
    int8_t type_id;
};
static const BuiltinDef kBuiltins[] = {
    {"print", b_print, t_none}, {"range", b_range, t_range}, {"len", b_len, t_none}, {"str", b_str, t_str},
    {"int", b_int, t_int}, {"float", b_float, t_float}, {"bool", b_bool, t_bool}, {"list", b_list, t_list},
    {"tuple", b_tuple, t_tuple}, {"dict", b_dict, t_dict}, {"abs", b_abs, t_none}, {"min", b_min, t_none},
    {"max", b_max, t_none}, {"sum", b_sum, t_none}, {"enumerate", b_enumerate, t_none}, {"zip", b_zip, t_none},
    {"sorted", b_sorted, t_none}, {"reversed", b_reversed, t_none}, {"repr", b_repr, t_none},
    {"isinstance", b_isinstance, t_none}, {"type", b_type, t_type}, {"round", b_round, t_none},
    {"any", b_any, t_none}, {"all", b_all, t_none}, {"chr", b_chr, t_none}, {"ord", b_ord, t_none},
    {"divmod", b_divmod, t_none}, {"format", b_format, t_none}, {"slice", b_slice, t_slice},  // builtins_number.cpp
    {"hex", b_hex, t_none}, {"oct", b_oct, t_none}, {"bin", b_bin, t_none}, {"pow", b_pow, t_none},  // builtins_int.cpp
    // builtins_iter.cpp
    {"map", b_map, t_none}, {"filter", b_filter, t_none}, {"iter", b_iter, t_none}, {"next", b_next, t_none},
    // builtins_object.cpp
    {"issubclass", b_issubclass, t_none}, {"super", b_super, t_none}, {"hasattr", b_hasattr, t_none},
    {"getattr", b_getattr, t_none}, {"setattr", b_setattr, t_none}, {"delattr", b_delattr, t_none},
    {"id", b_id, t_none}, {"hash", b_hash, t_none}, {"callable", b_callable, t_none}, {"input", b_input, t_none},
    {"vars", b_vars, t_none}, {"object", b_object, t_object}, {"set", b_set, t_set}, {"frozenset", b_frozenset, t_frozenset},
    {"bytes", b_bytes, t_bytes}, {"bytearray", b_bytearray, t_bytearray}, {"NotImplemented", b_not_implemented, t_none}, {"Ellipsis", b_not_implemented, t_none},
    {"property", b_property, t_none}, {"staticmethod", b_staticmethod, t_none}, {"classmethod", b_classmethod, t_none},
};
// Exception class names are builtins too: their slots hold each Interp's class objects.
constexpr int kFunctionCount = int(sizeof kBuiltins / sizeof kBuiltins[0]);
int builtin_index(std::string_view name) {
    int i = 0;
    for (const BuiltinDef& d : kBuiltins) {
        if (name == d.name) return i;
        ++i;
    }
    int e = exception_index(name);
    if (name == "IOError") return kFunctionCount + exception_count();
    if (name == "EnvironmentError") return kFunctionCount + exception_count() + 1;
    return e < 0 ? -1 : kFunctionCount + e;
}
int exception_builtin_index(int exception) {
    static const std::vector<int> table = [] {
        std::vector<int> t;
        for (int i = 0; i < exception_count(); ++i) t.push_back(builtin_index(exception_name(i)));
        return t;
    }();
    return exception >= 0 && size_t(exception) < table.size() ? table[size_t(exception)] : -1;
}
int builtin_count() { return kFunctionCount + exception_count() + 2; }
std::string builtin_name(int index) {
    if (index < kFunctionCount) return kBuiltins[index].name;
    if (index - kFunctionCount < exception_count()) return exception_name(index - kFunctionCount);
    return index == kFunctionCount + exception_count() ? "IOError" : "EnvironmentError";
}
Value make_builtin(int index) {
    if (index >= kFunctionCount) return Value();  // an exception class: set by init_state
    const BuiltinDef& d = kBuiltins[index];
    auto* b = new BuiltinObj(d.fn, d.name);
    b->type_id = d.type_id;
    return Value::object(b);
}

Value make_module(State& st, const std::string& name) {
    if (name == "multiprocessing") return make_multiprocessing_module(st);
    if (name == "multiprocessing.pool") return pool_module(st);
    if (name == "time") return make_time_module(st);
    if (name == "os") return make_os_module(st);
    if (name == "sys") return make_sys_module(st);
    if (name == "random") return make_random_module(st);
    if (name == "math") return make_math_module(st);
    if (name == "queue") return make_queue_module(st);
    if (name == "threading") return make_threading_module(st);
    if (name == "ctypes") return make_ctypes_module(st);
    return Value();
}

}  // namespace forklab::lang
