// Transport (transport.h): pickle's rules over a compact private format.
//
// Index: [SECTION] qualified names, [SECTION] writer, [SECTION] reader
#include "lang/transport.h"

#include <cstring>
#include <unordered_map>

#include "lang/builtins.h"
#include "lang/classes.h"
#include "lang/exceptions.h"
#include "lang/interp_state.h"
#include "lang/module_mp_ipc.h"
#include "lang/opcodes.h"

namespace forklab::lang {

namespace {

constexpr char kVersion = 1;

// One byte per record. Objects (everything from 's' on) take the next memo number.
enum Rec : char {
    r_none = 'N', r_true = 'T', r_false = 'F', r_int = 'i', r_float = 'f', r_ellipsis = 'E',
    r_ref = 'r',          // an object already written: its memo number
    r_str = 's', r_bigint = 'I', r_bytes = 'b', r_bytearray = 'B',
    r_list = 'l', r_tuple = 't', r_dict = 'd', r_set = 'S', r_frozenset = 'z', r_range = 'R',
    r_slice = 'L',        // start, stop, step records
    r_global = 'g',       // function or class of __main__ by qualified name
    r_builtin = 'n',      // builtin function or exception class by name
    r_queue_exc = 'q',    // queue.Empty / queue.Full
    r_instance = 'o',     // class record, attribute dict, (exceptions) args
    r_method = 'm',       // bound method: self record, function name
};

// [SECTION] qualified names

bool is_class_body(const Code& c) {
    for (uint32_t w : c.words) {
        const Op op = Op(w & 0xff);
        if (op == Op::store_name_ns || op == Op::load_name_ns) return true;
    }
    return false;
}

// CPython's __qualname__ of a function: "f", "C.m", "f.<locals>.g", from the codes that
// make each other's functions (make_function's argument is the made code's index).
std::string qualname_of(const Program& prog, const Code* code) {
    std::vector<int> parent(prog.codes.size(), -1);
    int self = -1;
    for (size_t i = 0; i < prog.codes.size(); ++i) {
        if (prog.codes[i].get() == code) self = int(i);
        for (uint32_t w : prog.codes[i]->words)
            if (Op(w & 0xff) == Op::make_function && (w >> 8) < parent.size()) parent[w >> 8] = int(i);
    }
    if (self < 0) return code->name;
    std::string q = code->name;
    for (int p = parent[size_t(self)], guard = 0; p > 0 && guard < 1000; p = parent[size_t(p)], ++guard) {
        const Code& pc = *prog.codes[size_t(p)];
        q = pc.name + (is_class_body(pc) ? "." : ".<locals>.") + q;
    }
    return q;
}

Value* find_global(State& st, std::string_view name) {
    const auto& names = st.program->global_names;
    for (size_t i = 0; i < names.size() && i < st.globals.size(); ++i)
        if (names[i] == name) return st.globals[i].tag == Tag::undef ? nullptr : &st.globals[i];
    return nullptr;
}

// Follows "C.m" from the module's globals through class dicts, without running code.
bool resolve_path(State& st, const std::string& path, Value& out) {
    size_t start = 0;
    bool first = true;
    while (start <= path.size()) {
        const size_t dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (first) {
            Value* g = find_global(st, part);
            if (!g) return false;
            out = *g;
            first = false;
        } else {
            if (!out.is(OT::cls)) return false;
            Value* v = out.as<ClassObj>()->dict.as<DictObj>()->find_str(part);
            if (!v) return false;
            Value next = *v;
            out = next;
        }
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return true;
}

Value pickling_error_class(State& st) {
    auto* c = new ClassObj();
    Value cv = Value::object(c);
    c->name = "PicklingError";
    c->module = "_pickle";
    c->base = exception_class(st, "Exception");
    c->is_exception = true;
    c->dict = Value::object(new DictObj());
    compute_mro(c);
    return cv;
}

Res raise_pickling_error(State& st, std::string msg) {
    return raise_value(st, new_exception(pickling_error_class(st), {make_str(std::move(msg))}), true);
}

// [SECTION] writer

void put_u64(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(char(v | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
}
void put_text(std::string& out, std::string_view s) {
    put_u64(out, s.size());
    out.append(s);
}

class Writer {
public:
    Writer(State& st, std::string& out) : st_(st), out_(out) {}
    Res write(const Value& v);

private:
    Res refuse_type(const Value& v) {
        return st_.raise("TypeError", std::string("cannot pickle '") + type_name(v) + "' object");
    }
    Res write_items(const std::vector<Value>& items) {
        put_u64(out_, items.size());
        for (const Value& x : items)
            if (write(x) != Res::ok) return Res::error;
        return Res::ok;
    }
    Res write_function(const Value& v);
    Res write_class(const Value& v);
    State& st_;
    std::string& out_;
    std::unordered_map<const Obj*, uint64_t> memo_;
};

Res Writer::write_function(const Value& v) {
    const Code* code = v.as<FunctionObj>()->code;
    Value* g = find_global(st_, code->name);
    if (g && g->is_obj() && g->u.o == v.u.o) {
        out_.push_back(r_global);
        put_text(out_, code->name);
        return Res::ok;
    }
    const std::string q = qualname_of(*st_.program, code);
    if (q.find("<locals>") != std::string::npos)
        return st_.raise("AttributeError", "Can't pickle local object '" + q + "'");
    Value found;
    if (!resolve_path(st_, q, found))
        return raise_pickling_error(st_, "Can't pickle " + repr_of(v) + ": attribute lookup " + q + " on __main__ failed");
    if (!found.is_obj() || found.u.o != v.u.o)
        return raise_pickling_error(st_, "Can't pickle " + repr_of(v) + ": it's not the same object as __main__." + q);
    out_.push_back(r_global);
    put_text(out_, q);
    return Res::ok;
}

Res Writer::write_class(const Value& v) {
    const auto* c = v.as<ClassObj>();
    if (c->builtin_exc >= 0 && builtin_index(c->name) >= 0) {
        out_.push_back(r_builtin);
        put_text(out_, c->name);
        return Res::ok;
    }
    if (c->module == "queue" || c->module == "_queue") {
        out_.push_back(r_queue_exc);
        put_text(out_, c->name);
        return Res::ok;
    }
    Value* g = find_global(st_, c->name);
    if (!g || !g->is_obj() || g->u.o != v.u.o)
        return raise_pickling_error(st_, "Can't pickle <class '__main__." + c->name + "'>: attribute lookup " + c->name +
                                             " on __main__ failed");
    out_.push_back(r_global);
    put_text(out_, c->name);
    return Res::ok;
}

Res Writer::write(const Value& v) {
    switch (v.tag) {
        case Tag::undef:
        case Tag::none: out_.push_back(r_none); return Res::ok;
        case Tag::boolean: out_.push_back(v.u.b ? r_true : r_false); return Res::ok;
        case Tag::integer: out_.push_back(r_int); put_u64(out_, uint64_t(v.u.i)); return Res::ok;
        case Tag::real: {
            uint64_t bits;
            std::memcpy(&bits, &v.u.f, sizeof bits);
            out_.push_back(r_float);
            out_.append(reinterpret_cast<const char*>(&bits), sizeof bits);
            return Res::ok;
        }
        case Tag::obj: break;
    }
    const Obj* o = v.u.o;
    if (o->type == OT::ellipsis) { out_.push_back(r_ellipsis); return Res::ok; }
    auto seen = memo_.find(o);
    if (seen != memo_.end()) {
        out_.push_back(r_ref);
        put_u64(out_, seen->second);
        return Res::ok;
    }
    // Refusals first: a refused object is never numbered, so the reader's count stays in step.
    switch (o->type) {
        case OT::generator: case OT::module: case OT::iter: case OT::cell: case OT::super_: case OT::descriptor:
        case OT::dict_view: case OT::process:
            return refuse_type(v);
        case OT::lock:
            return st_.raise("RuntimeError", std::string(v.as<LockObj>()->kind == LockKind::lock ? "Lock" : "RLock") +
                                                 " objects should only be shared between processes through inheritance");
        case OT::shared: {
            const auto* s = v.as<SharedObj>();
            if (!s->synchronized) return st_.raise("TypeError", "cannot pickle 'mmap.mmap' object");
            return st_.raise("RuntimeError", std::string(s->is_array ? "SynchronizedArray" : "Synchronized") +
                                                 " objects should only be shared between processes through inheritance");
        }
        case OT::queue: {
            const auto k = v.as<QueueObj>()->kind;
            return st_.raise("RuntimeError", std::string(k == QueueObj::plain ? "Queue" : k == QueueObj::joinable ? "JoinableQueue" : "SimpleQueue") +
                                                 " objects should only be shared between processes through inheritance");
        }
        case OT::sync: {  // Event and Barrier hold a Condition, which is what pickle refuses
            const std::string t = type_name(v);
            const bool own = t == "Semaphore" || t == "BoundedSemaphore";
            return st_.raise("RuntimeError", (own ? t : std::string("Condition")) +
                                                 " objects should only be shared between processes through inheritance");
        }
        case OT::conn:  // CPython passes the file descriptor along (multiprocessing.reduction)
            return st_.raise("NotImplementedError", "forklab cannot send a Connection through a Pipe or Queue yet; pass it to the Process instead");
        default: break;
    }
    if (o->type == OT::builtin) {
        const auto* b = v.as<BuiltinObj>();
        if (!b->self.is_none() || builtin_index(b->name) < 0) return refuse_type(v);
    }
    const uint64_t number = memo_.size();
    memo_.emplace(o, number);
    switch (o->type) {
        case OT::str: out_.push_back(r_str); put_text(out_, v.as<StrObj>()->s); return Res::ok;
        case OT::bigint: out_.push_back(r_bigint); put_text(out_, v.as<BigIntObj>()->v.to_string(16)); return Res::ok;
        case OT::bytes: {
            const auto* b = v.as<BytesObj>();
            out_.push_back(b->mutable_ ? r_bytearray : r_bytes);
            put_text(out_, b->s);
            return Res::ok;
        }
        case OT::list: out_.push_back(r_list); return write_items(v.as<ListObj>()->items);
        case OT::tuple: out_.push_back(r_tuple); return write_items(v.as<ListObj>()->items);
        case OT::dict: {
            const auto* d = v.as<DictObj>();
            out_.push_back(r_dict);
            put_u64(out_, d->live);
            for (const auto& e : d->entries) {
                if (!e.live) continue;
                if (write(e.k) != Res::ok || write(e.v) != Res::ok) return Res::error;
            }
            return Res::ok;
        }
        case OT::set: {
            const auto* s = v.as<SetObj>();
            out_.push_back(s->frozen ? r_frozenset : r_set);
            put_u64(out_, s->d.live);
            for (const auto& e : s->d.entries)
                if (e.live && write(e.k) != Res::ok) return Res::error;
            return Res::ok;
        }
        case OT::range: {
            const auto* r = v.as<RangeObj>();
            if (!r->big.is_none()) return refuse_type(v);
            out_.push_back(r_range);
            put_u64(out_, uint64_t(r->start));
            put_u64(out_, uint64_t(r->stop));
            put_u64(out_, uint64_t(r->step));
            return Res::ok;
        }
        case OT::slice: {
            const auto* sl = v.as<SliceObj>();
            out_.push_back(r_slice);
            return write(sl->start) != Res::ok || write(sl->stop) != Res::ok ? Res::error : write(sl->step);
        }
        case OT::function: return write_function(v);
        case OT::cls: return write_class(v);
        case OT::builtin: out_.push_back(r_builtin); put_text(out_, v.as<BuiltinObj>()->name); return Res::ok;
        case OT::method: {
            const auto* m = v.as<MethodObj>();
            if (!m->fn.is(OT::function)) return refuse_type(v);
            out_.push_back(r_method);
            if (write(m->self) != Res::ok) return Res::error;
            put_text(out_, m->fn.as<FunctionObj>()->code->name);
            return Res::ok;
        }
        case OT::instance: {
            const auto* i = v.as<InstanceObj>();
            out_.push_back(r_instance);
            if (write(i->cls) != Res::ok || write(i->dict) != Res::ok) return Res::error;
            if (i->cls.as<ClassObj>()->is_exception) return write(i->args);
            return Res::ok;
        }
        default: return refuse_type(v);
    }
}

// [SECTION] reader

class Reader {
public:
    Reader(State& st, std::string_view in) : st_(st), in_(in) {}
    Res read(Value& out);
    bool at_end() const { return pos_ == in_.size(); }
    Res corrupt() { return st_.raise("ValueError", "forklab: corrupt message between processes"); }
    bool u64(uint64_t* v) {
        *v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= in_.size()) return false;
            const uint8_t b = uint8_t(in_[pos_++]);
            *v |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) return true;
        }
        return false;
    }
    bool text(std::string* s) {
        uint64_t n;
        if (!u64(&n) || n > in_.size() - pos_) return false;
        s->assign(in_.substr(pos_, n));
        pos_ += n;
        return true;
    }
    bool byte(char* c) {
        if (pos_ >= in_.size()) return false;
        *c = in_[pos_++];
        return true;
    }

private:
    Res read_global(Value& out);
    Res remake_exception(const Value& cls, Value& out, size_t number);
    State& st_;
    std::string_view in_;
    size_t pos_ = 0;
    std::vector<Value> memo_;
};

Res Reader::read_global(Value& out) {
    std::string name;
    if (!text(&name)) return corrupt();
    if (!resolve_path(st_, name, out))
        return st_.raise("AttributeError", "Can't get attribute '" + name + "' on <module '__main__' from '" +
                                               st_.program->filename + "'>");
    return Res::ok;
}

Res Reader::read(Value& out) {
    char tag;
    if (!byte(&tag)) return corrupt();
    uint64_t n = 0;
    switch (tag) {
        case r_none: out = Value(); return Res::ok;
        case r_true: out = Value::boolean(true); return Res::ok;
        case r_false: out = Value::boolean(false); return Res::ok;
        case r_int: if (!u64(&n)) return corrupt(); out = Value::integer(int64_t(n)); return Res::ok;
        case r_float: {
            if (in_.size() - pos_ < 8) return corrupt();
            double d;
            std::memcpy(&d, in_.data() + pos_, sizeof d);
            pos_ += 8;
            out = Value::real(d);
            return Res::ok;
        }
        case r_ellipsis: {
            const int i = builtin_index("Ellipsis");
            if (i < 0 || size_t(i) >= st_.builtins.size()) return corrupt();
            out = st_.builtins[size_t(i)];
            return Res::ok;
        }
        case r_ref:
            if (!u64(&n) || n >= memo_.size()) return corrupt();
            out = memo_[n];
            return Res::ok;
        default: break;
    }
    const size_t number = memo_.size();
    memo_.emplace_back();  // filled below, before any child that could refer back to it
    std::string s;
    switch (tag) {
        case r_str: if (!text(&s)) return corrupt(); out = make_str(std::move(s)); break;
        case r_bigint: {
            BigInt b;
            if (!text(&s) || !BigInt::from_string(s, 16, b)) return corrupt();
            out = make_int(std::move(b));
            break;
        }
        case r_bytes: case r_bytearray: {
            if (!text(&s)) return corrupt();
            auto* b = new BytesObj(std::move(s));
            b->mutable_ = tag == r_bytearray;
            out = Value::object(b);
            break;
        }
        case r_list: case r_tuple: {
            if (!u64(&n) || n > in_.size()) return corrupt();
            auto* l = new ListObj(tag == r_list ? OT::list : OT::tuple);
            out = Value::object(l);
            memo_[number] = out;
            l->items.reserve(n);
            for (uint64_t i = 0; i < n; ++i) {
                Value x;
                if (read(x) != Res::ok) return Res::error;
                l->items.push_back(std::move(x));
            }
            return Res::ok;
        }
        case r_dict: {
            if (!u64(&n) || n > in_.size()) return corrupt();
            auto* d = new DictObj();
            out = Value::object(d);
            memo_[number] = out;
            for (uint64_t i = 0; i < n; ++i) {
                Value k, v;
                if (read(k) != Res::ok || read(v) != Res::ok) return Res::error;
                d->set(k, std::move(v));
            }
            return Res::ok;
        }
        case r_set: case r_frozenset: {
            if (!u64(&n) || n > in_.size()) return corrupt();
            auto* set = new SetObj();
            set->frozen = tag == r_frozenset;
            out = Value::object(set);
            memo_[number] = out;
            for (uint64_t i = 0; i < n; ++i) {
                Value k;
                if (read(k) != Res::ok) return Res::error;
                set->d.set(k, Value());
            }
            return Res::ok;
        }
        case r_range: {
            uint64_t a, b, c;
            if (!u64(&a) || !u64(&b) || !u64(&c)) return corrupt();
            out = Value::object(new RangeObj(int64_t(a), int64_t(b), int64_t(c)));
            break;
        }
        case r_slice: {
            auto* sl = new SliceObj();
            out = Value::object(sl);
            memo_[number] = out;
            if (read(sl->start) != Res::ok || read(sl->stop) != Res::ok) return Res::error;
            return read(sl->step);
        }
        case r_global: if (read_global(out) != Res::ok) return Res::error; break;
        case r_builtin: {
            if (!text(&s)) return corrupt();
            const int i = builtin_index(s);
            if (i < 0 || size_t(i) >= st_.builtins.size()) return corrupt();
            out = st_.builtins[size_t(i)];
            break;
        }
        case r_queue_exc: {
            if (!text(&s)) return corrupt();
            Value* c = queue_module_of(st_).as<ModuleObj>()->find(s);
            if (!c) return corrupt();
            out = *c;
            break;
        }
        case r_method: {
            Value self;
            if (read(self) != Res::ok) return Res::error;
            if (!text(&s)) return corrupt();
            if (get_attr(st_, self, s, out) != Res::ok) return Res::error;
            break;
        }
        case r_instance: {
            Value cls;
            if (read(cls) != Res::ok) return Res::error;
            if (!cls.is(OT::cls)) return corrupt();
            auto* inst = new InstanceObj();
            out = Value::object(inst);
            memo_[number] = out;
            inst->cls = cls;
            if (read(inst->dict) != Res::ok) return Res::error;
            if (!inst->dict.is(OT::dict)) return corrupt();
            if (cls.as<ClassObj>()->is_exception) {
                if (read(inst->args) != Res::ok) return Res::error;
                if (!inst->args.is(OT::tuple)) return corrupt();
                return remake_exception(cls, out, number);
            }
            return Res::ok;
        }
        default: return corrupt();
    }
    memo_[number] = out;
    return Res::ok;
}


// An exception of a class with its own __init__ is rebuilt as pickle rebuilds it,
// cls(*args) and then its __dict__, so that __init__ runs again in the receiver: a class
// whose __init__ does not accept its own args (class E(Exception): def __init__(self, code,
// msg): super().__init__(msg)) fails here with CPython's TypeError. The other exceptions
// keep the args and dict as read (cls(*args) would only set the same args).
Res Reader::remake_exception(const Value& cls, Value& out, size_t number) {
    const Value* init = class_lookup(cls.as<ClassObj>(), "__init__");
    if (!init || !init->is(OT::function)) return Res::ok;
    const auto& args = out.as<InstanceObj>()->args.as<ListObj>()->items;
    Value made;
    if (call_value(st_, cls, args.data(), int(args.size()), made) != Res::ok) return Res::error;
    if (!is_exception_instance(made)) return Res::ok;
    DictObj* d = made.as<InstanceObj>()->dict.as<DictObj>();
    for (const auto& e : out.as<InstanceObj>()->dict.as<DictObj>()->entries)
        if (e.live) d->set(e.k, e.v);
    out = std::move(made);
    memo_[number] = out;
    return Res::ok;
}

// The commonest items (an int, a short str) in one append and without a Writer, whose memo
// would allocate for the str; the bytes are the ones Writer makes.
bool serialize_scalar(const Value& v, std::string& out) {
    char buf[16];
    buf[0] = kVersion;
    size_t n = 2;
    switch (v.tag) {
        case Tag::undef:
        case Tag::none: buf[1] = r_none; break;
        case Tag::boolean: buf[1] = v.u.b ? r_true : r_false; break;
        case Tag::integer: {
            buf[1] = r_int;
            uint64_t u = uint64_t(v.u.i);
            while (u >= 0x80) {
                buf[n++] = char(u | 0x80);
                u >>= 7;
            }
            buf[n++] = char(u);
            break;
        }
        case Tag::real: buf[1] = r_float; std::memcpy(buf + 2, &v.u.f, 8); n = 10; break;
        case Tag::obj: {
            if (!v.is(OT::str)) return false;
            const std::string& text = v.as<StrObj>()->s;
            buf[1] = r_str;
            out.append(buf, 2);
            put_text(out, text);
            return true;
        }
    }
    out.append(buf, n);
    return true;
}

// The reader's side of serialize_scalar: the whole message is one int, float, None, bool or
// str. False: anything else (the Reader's job).
bool deserialize_scalar(std::string_view m, Value& out) {
    if (m.size() < 2) return false;
    const size_t size = m.size();
    switch (m[1]) {
        case r_none: if (size != 2) return false; out = Value(); return true;
        case r_true: case r_false: if (size != 2) return false; out = Value::boolean(m[1] == r_true); return true;
        case r_float: {
            if (size != 10) return false;
            double d;
            std::memcpy(&d, m.data() + 2, 8);
            out = Value::real(d);
            return true;
        }
        case r_int: case r_str: {
            uint64_t u = 0;
            size_t pos = 2;
            for (int shift = 0;; shift += 7) {
                if (pos >= size || shift >= 64) return false;
                const uint8_t b = uint8_t(m[pos++]);
                u |= uint64_t(b & 0x7f) << shift;
                if (!(b & 0x80)) break;
            }
            if (m[1] == r_int) {
                if (pos != size) return false;
                out = Value::integer(int64_t(u));
            } else {
                if (u != size - pos) return false;
                out = make_str(std::string(m.substr(pos)));
            }
            return true;
        }
        default: return false;
    }
}

}  // namespace

Res serialize(State& st, const Value& v, std::string& out) {
    if (serialize_scalar(v, out)) return Res::ok;
    out.push_back(kVersion);
    return Writer(st, out).write(v);
}

Res deserialize(State& st, std::string_view message, Value& out) {
    if (message.empty() || message[0] != kVersion) return st.raise("ValueError", "forklab: corrupt message between processes");
    if (deserialize_scalar(message, out)) return Res::ok;
    Reader r(st, message.substr(1));
    Value v;
    if (r.read(v) != Res::ok) return Res::error;
    if (!r.at_end()) return r.corrupt();
    out = std::move(v);
    return Res::ok;
}

std::string function_qualname(const Program& prog, const Code* code) { return qualname_of(prog, code); }

}  // namespace forklab::lang
