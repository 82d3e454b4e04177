#include "lang/value.h"
#include "lang/strings.h"
#include "lang/containers.h"

#include "lang/classes.h"
#include "lang/set_ops.h"
#include "lang/int_value.h"
#include "lang/mp_sync.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>

namespace forklab::lang {

void Value::destroy(Obj* o) { delete o; }

// [SECTION] construction --------------------------------------------------------------------
Value make_str(std::string s) { return Value::object(new StrObj(std::move(s))); }
Value make_list(std::vector<Value> items) {
    auto* l = new ListObj(OT::list);
    l->items = std::move(items);
    return Value::object(l);
}
Value make_tuple(std::vector<Value> items) {
    auto* l = new ListObj(OT::tuple);
    l->items = std::move(items);
    return Value::object(l);
}
Value make_int(BigInt v) {
    if (v.fits_int64()) return Value::integer(v.to_int64());
    return Value::object(new BigIntObj(std::move(v)));
}

// RangeObj::length is in range_ops.cpp.

// [SECTION] hashing and equality ----------------------------------------------------------------
size_t ValueHash::operator()(const Value& v) const {
    switch (v.tag) {
        case Tag::none: return 0x9e3779b9u;
        case Tag::boolean: return v.u.b ? 1 : 0;
        case Tag::integer: return std::hash<int64_t>()(v.u.i);
        case Tag::real: {
            double d = v.u.f;
            if (std::floor(d) == d && d >= -0x1p63 && d < 0x1p63) return std::hash<int64_t>()((int64_t)d);
            if (std::isfinite(d) && std::floor(d) == d) {  // equal to a BigIntObj: hash as it does
                BigInt b;
                BigInt::from_double(d, b);
                return size_t(b.py_hash());
            }
            return std::hash<double>()(d);
        }
        case Tag::obj:
            if (v.is(OT::bigint)) return size_t(v.as<BigIntObj>()->v.py_hash());
            if (v.is(OT::str)) return std::hash<std::string_view>()(v.as<StrObj>()->s);
            if (v.is(OT::bytes)) return std::hash<std::string_view>()(v.as<BytesObj>()->s) ^ 0x5bd1e995u;
            if (v.is(OT::range)) return range_hash(v.as<RangeObj>());
            if (v.is(OT::builtin))  // as values_equal: by function, name and receiver
                return std::hash<std::string_view>()(v.as<BuiltinObj>()->name) ^
                       std::hash<const void*>()(v.as<BuiltinObj>()->self.is_obj() ? v.as<BuiltinObj>()->self.u.o : nullptr);
            if (v.is(OT::set)) {  // a frozenset: equal ones hash alike, whatever their order (CPython's mixing)
                uint64_t h = 0;
                for (auto& e : v.as<SetObj>()->d.entries) {
                    if (!e.live) continue;
                    uint64_t x = (*this)(e.k);
                    h ^= ((x ^ 89869747u) ^ (x << 16)) * 3644798167u;
                }
                h ^= (uint64_t(v.as<SetObj>()->d.live) + 1) * 1927868237u;
                return size_t(h * 69069u + 907133923u);
            }
            if (v.is(OT::tuple)) {
                size_t h = 0x345678;
                for (const Value& x : v.as<ListObj>()->items) h = h * 1000003u ^ (*this)(x);
                return h;
            }
            if (v.is(OT::instance)) return instance_hash(v);  // __hash__, when the class has one
            return std::hash<const void*>()(v.u.o);
        default: return 0;
    }
}
bool ValueEq::operator()(const Value& a, const Value& b) const { return values_equal(a, b); }
bool ValueEq::operator()(const Value& a, std::string_view b) const { return a.is(OT::str) && a.as<StrObj>()->s == b; }
Value* DictObj::find_str(std::string_view k) {
    // Attribute dicts are small: a scan of a few short keys beats hashing the name.
    if (entries.size() <= 12) {
        for (Entry& e : entries) {
            if (!e.live || e.k.tag != Tag::obj || e.k.u.o->type != OT::str) continue;
            const std::string& s = static_cast<const StrObj*>(e.k.u.o)->s;
            if (s.size() == k.size() && std::memcmp(s.data(), k.data(), k.size()) == 0) return &e.v;
        }
        return nullptr;
    }
    int32_t* slot = probe(k, ValueHash()(k), nullptr);
    return slot ? &entries[size_t(*slot)].v : nullptr;
}

static bool numeric(const Value& v, double* d) {
    switch (v.tag) {
        case Tag::boolean: *d = v.u.b; return true;
        case Tag::integer: *d = (double)v.u.i; return true;
        case Tag::real: *d = v.u.f; return true;
        default: return false;
    }
}

bool values_equal(const Value& a, const Value& b) {
    if ((a.tag == Tag::integer || a.tag == Tag::boolean) && (b.tag == Tag::integer || b.tag == Tag::boolean)) {
        int64_t x = a.tag == Tag::integer ? a.u.i : a.u.b;
        int64_t y = b.tag == Tag::integer ? b.u.i : b.u.b;
        return x == y;
    }
    int order = 0;  // a BigIntObj, or an int and a float: exact, as CPython compares them
    if ((a.is(OT::bigint) || b.is(OT::bigint) || (a.tag == Tag::real) != (b.tag == Tag::real)) &&
        int_mixed_order(a, b, &order))
        return order == 0;
    double x, y;
    if (numeric(a, &x) && numeric(b, &y)) return x == y;
    if (a.tag != b.tag) return false;
    if (a.tag == Tag::none) return true;
    if (a.tag != Tag::obj) return false;
    if (a.u.o == b.u.o) return true;
    if (a.u.o->type == OT::instance || b.u.o->type == OT::instance) return instance_equal(a, b);
    if (bool eq; dict_view_equal(a, b, &eq)) return eq;
    if (a.u.o->type != b.u.o->type) return false;
    switch (a.u.o->type) {
        case OT::str: return a.as<StrObj>()->s == b.as<StrObj>()->s;
        case OT::bytes: return a.as<BytesObj>()->s == b.as<BytesObj>()->s;
        case OT::slice: {
            auto *p = a.as<SliceObj>(), *q = b.as<SliceObj>();
            return values_equal(p->start, q->start) && values_equal(p->stop, q->stop) && values_equal(p->step, q->step);
        }
        case OT::set: {
            auto* p = a.as<SetObj>();
            auto* q = b.as<SetObj>();
            if (p->d.live != q->d.live) return false;
            for (auto& e : p->d.entries) if (e.live && !q->d.find(e.k)) return false;
            return true;
        }
        case OT::list: case OT::tuple: {
            auto& p = a.as<ListObj>()->items;
            auto& q = b.as<ListObj>()->items;
            if (p.size() != q.size()) return false;
            for (size_t i = 0; i < p.size(); ++i) if (!values_equal(p[i], q[i])) return false;
            return true;
        }
        case OT::dict: {
            auto* p = a.as<DictObj>();
            auto* q = b.as<DictObj>();
            if (p->live != q->live) return false;
            for (auto& e : p->entries) {
                if (!e.live) continue;
                Value* o = q->find(e.k);
                if (!o || !values_equal(e.v, *o)) return false;
            }
            return true;
        }
        case OT::range: return range_equal(a.as<RangeObj>(), b.as<RangeObj>());
        case OT::builtin: {  // the same method of the same object (a.append == a.append), or the same type
            auto* p = a.as<BuiltinObj>();
            auto* q = b.as<BuiltinObj>();
            bool same_self = p->self.tag == q->self.tag && (!p->self.is_obj() || p->self.u.o == q->self.u.o);
            return p->fn == q->fn && std::strcmp(p->name, q->name) == 0 && p->type_id == q->type_id && same_self;
        }
        default: return false;
    }
}

bool is_hashable(const Value& v) {
    if (v.is(OT::instance)) return instance_hashable(v);
    if (v.is(OT::list) || v.is(OT::dict) || v.is(OT::dict_view) || v.is(OT::slice) || (v.is(OT::set) && !v.as<SetObj>()->frozen)) return false;
    if (v.is(OT::bytes) && v.as<BytesObj>()->mutable_) return false;
    if (v.is(OT::tuple)) {
        for (const Value& x : v.as<ListObj>()->items) if (!is_hashable(x)) return false;
    }
    return true;
}

const char* unhashable_type_name(const Value& v) {
    if (v.is(OT::tuple))
        for (const Value& x : v.as<ListObj>()->items) if (!is_hashable(x)) return unhashable_type_name(x);
    return type_name(v);
}

// [SECTION] dict ------------------------------------------------------------------------------
namespace {
bool key_matches(const DictObj::Entry& e, const Value& k) { return values_equal(e.k, k); }
bool key_matches(const DictObj::Entry& e, std::string_view k) {
    return e.k.is(OT::str) && static_cast<const StrObj*>(e.k.u.o)->s == k;
}
}  // namespace

// The slot holding k's entry, or null (then *free_slot, if asked, is where k would go).
template <class K> int32_t* DictObj::probe(const K& k, size_t hash, int32_t** free_slot) {
    if (free_slot) *free_slot = nullptr;
    if (slots.empty()) return nullptr;
    const size_t mask = slots.size() - 1;
    size_t i = hash & mask, perturb = hash;
    for (;;) {
        int32_t& s = slots[i];
        if (s == kEmpty) {
            if (free_slot && !*free_slot) *free_slot = &s;
            return nullptr;
        }
        if (s == kDeleted) {
            if (free_slot && !*free_slot) *free_slot = &s;
        } else {
            const Entry& e = entries[size_t(s)];
            if (e.hash == hash && key_matches(e, k)) return &s;
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

// A fresh table for at least min_live keys, entries compacted (dead ones dropped).
void DictObj::rebuild(size_t min_live) {
    if (live != entries.size()) {
        std::vector<Entry> kept;
        kept.reserve(live);
        for (auto& x : entries) if (x.live) kept.push_back(std::move(x));
        entries = std::move(kept);
    }
    size_t n = 8;
    while (n * 2 < (min_live + 1) * 3) n *= 2;  // at most 2/3 full
    slots.assign(n, kEmpty);
    entries.reserve(n * 2 / 3);  // the entries this table can take before the next rebuild
    used_slots = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        int32_t* free_slot = nullptr;
        probe(entries[i].k, entries[i].hash, &free_slot);
        *free_slot = int32_t(i);
        ++used_slots;
    }
}

Value* DictObj::find(const Value& k) {
    int32_t* slot = probe(k, ValueHash()(k), nullptr);
    return slot ? &entries[size_t(*slot)].v : nullptr;
}

void DictObj::set(const Value& k, Value v) { set_hashed(k, std::move(v), ValueHash()(k)); }

void DictObj::set_hashed(const Value& k, Value v, size_t h) {
    int32_t* free_slot = nullptr;
    if (int32_t* slot = probe(k, h, &free_slot)) { entries[size_t(*slot)].v = std::move(v); return; }
    if ((used_slots + 1) * 3 > slots.size() * 2) {
        rebuild(live * 2 + 1);
        probe(k, h, &free_slot);
    }
    if (*free_slot == kEmpty) ++used_slots;
    *free_slot = int32_t(entries.size());
    entries.push_back(Entry{k, std::move(v), h, true});
    ++live;
}

bool DictObj::erase(const Value& k) {
    int32_t* slot = probe(k, ValueHash()(k), nullptr);
    if (!slot) return false;
    Entry& e = entries[size_t(*slot)];
    e.live = false;
    e.k = Value();
    e.v = Value();
    *slot = kDeleted;
    --live;
    if (entries.size() > 32 && live * 2 < entries.size()) rebuild(live);  // compact
    return true;
}

void DictObj::clear() {
    entries.clear();
    slots.clear();
    live = 0;
    used_slots = 0;
}

// [SECTION] names, truth ------------------------------------------------------------------------
const char* type_name(const Value& v) {
    switch (v.tag) {
        case Tag::undef: return "undefined";
        case Tag::none: return "NoneType";
        case Tag::boolean: return "bool";
        case Tag::integer: return "int";
        case Tag::real: return "float";
        case Tag::obj: break;
    }
    switch (v.u.o->type) {
        case OT::str: return "str";
        case OT::list: return "list";
        case OT::tuple: return "tuple";
        case OT::dict: return "dict";
        case OT::function: return "function";
        case OT::builtin: return v.as<BuiltinObj>()->type_id >= 0 ? "type"
                                 : (v.as<BuiltinObj>()->self.is_none() ? "builtin_function_or_method" : "builtin_function_or_method");
        case OT::module: return "module";
        case OT::range: return "range";
        case OT::iter:
            switch (v.as<IterObj>()->kind) {
                case IterObj::range: return "range_iterator";
                case IterObj::seq:
                    return v.as<IterObj>()->src.is(OT::tuple) ? "tuple_iterator" : v.as<IterObj>()->src.is(OT::range) ? "longrange_iterator" : "list_iterator";
                case IterObj::str: return "str_ascii_iterator";
                case IterObj::dict_keys: return "dict_keyiterator";
                case IterObj::dict_values: return "dict_valueiterator";
                case IterObj::dict_items: return "dict_itemiterator";
                case IterObj::bytes: return "bytes_iterator";
                case IterObj::map: return "map";
                case IterObj::filter: return "filter";
                case IterObj::zip: return "zip";
                case IterObj::enumerate: return "enumerate";
                case IterObj::call_sentinel: return "callable_iterator";
                default: return "iterator";
            }
        case OT::process: return v.as<ProcessObj>()->is_parent ? "_ParentProcess" : "_MainProcess";
        case OT::shared: {
            auto* s = v.as<SharedObj>();
            if (s->is_array) return s->synchronized ? "SynchronizedArray" : "c_array";
            return s->synchronized ? "Synchronized" : "c_value";
        }
        case OT::lock: return v.as<LockObj>()->kind == LockKind::lock ? "Lock" : "RLock";
        case OT::conn: return "Connection";
        case OT::queue: {
            const auto k = v.as<QueueObj>()->kind;
            return k == QueueObj::plain ? "Queue" : k == QueueObj::joinable ? "JoinableQueue" : "SimpleQueue";
        }
        case OT::sync: return sync_type_name(v.as<SyncObj>());
        case OT::slice: return "slice";
        case OT::cls: return "type";
        case OT::instance: return v.as<InstanceObj>()->cls.as<ClassObj>()->name.c_str();
        case OT::method: return "method";
        case OT::cell: return "cell";
        case OT::generator: return "generator";
        case OT::super_: return "super";
        case OT::descriptor: {
            const auto k = v.as<DescriptorObj>()->kind;
            return k == DescriptorObj::property ? "property" : k == DescriptorObj::staticmethod ? "staticmethod" : "classmethod";
        }
        case OT::set: return v.as<SetObj>()->frozen ? "frozenset" : "set";
        case OT::bytes: return v.as<BytesObj>()->mutable_ ? "bytearray" : "bytes";
        case OT::bigint: return "int";
        case OT::ellipsis: return "ellipsis";
        case OT::dict_view: return dict_view_type_name(v);
    }
    return "object";
}

bool truthy(const Value& v) {
    switch (v.tag) {
        case Tag::undef: case Tag::none: return false;
        case Tag::boolean: return v.u.b;
        case Tag::integer: return v.u.i != 0;
        case Tag::real: return v.u.f != 0.0;
        case Tag::obj: break;
    }
    switch (v.u.o->type) {
        case OT::str: return !v.as<StrObj>()->s.empty();
        case OT::list: case OT::tuple: return !v.as<ListObj>()->items.empty();
        case OT::dict: return v.as<DictObj>()->live != 0;
        case OT::range: return v.as<RangeObj>()->length() != 0;
        case OT::set: return v.as<SetObj>()->d.live != 0;
        case OT::bytes: return !v.as<BytesObj>()->s.empty();
        case OT::dict_view: return dict_view_len(v) != 0;
        default: return true;
    }
}

size_t utf8_length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) if ((c & 0xC0) != 0x80) ++n;
    return n;
}

// [SECTION] repr --------------------------------------------------------------------------------
// Shortest digits that round-trip, then CPython's layout: fixed notation when the decimal
// exponent is in [-4, 16), scientific otherwise, and always a ".0" or an exponent.
std::string float_repr(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
    char buf[64];
    int prec = 1;
    for (; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*e", prec - 1, d);
        if (std::strtod(buf, nullptr) == d) break;
    }
    // buf = [-]D.DDDDe[+-]XX
    std::string s(buf);
    bool neg = s[0] == '-';
    if (neg) s.erase(0, 1);
    size_t epos = s.find('e');
    int exp10 = std::atoi(s.c_str() + epos + 1);
    std::string digits;
    for (size_t i = 0; i < epos; ++i) if (s[i] != '.') digits.push_back(s[i]);
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    int decpt = exp10 + 1;  // value = 0.DIGITS * 10^decpt
    std::string out;
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            out = "0." + std::string(size_t(-decpt), '0') + digits;
        } else if (size_t(decpt) >= digits.size()) {
            out = digits + std::string(size_t(decpt) - digits.size(), '0') + ".0";
        } else {
            out = digits.substr(0, size_t(decpt)) + "." + digits.substr(size_t(decpt));
        }
    } else {
        out = digits.substr(0, 1);
        if (digits.size() > 1) out += "." + digits.substr(1);
        int e = decpt - 1;
        char eb[16];
        std::snprintf(eb, sizeof eb, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
        out += eb;
    }
    return neg ? "-" + out : out;
}

std::string str_repr(const std::string& s) {
    bool has_sq = s.find('\'') != std::string::npos;
    bool has_dq = s.find('"') != std::string::npos;
    char q = (has_sq && !has_dq) ? '"' : '\'';
    std::string out(1, q);
    for (size_t i = 0; i < s.size();) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {  // like CPython, escape the characters that are not printable
            size_t j = i;
            char32_t cp = utf8_next(s, j);
            if (uc_is_printable(cp)) {
                out.append(s, i, j - i);
            } else {
                char b[16];
                std::snprintf(b, sizeof b, cp < 0x100 ? "\\x%02x" : cp < 0x10000 ? "\\u%04x" : "\\U%08x", unsigned(cp));
                out += b;
            }
            i = j;
            continue;
        }
        ++i;
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c == (unsigned char)q) { out.push_back('\\'); out.push_back(char(c)); }
                else if (c < 0x20 || c == 0x7f) {
                    char b[8];
                    std::snprintf(b, sizeof b, "\\x%02x", c);
                    out += b;
                } else out.push_back(char(c));
        }
    }
    out.push_back(q);
    return out;
}

std::string fake_address(const void* p) {
    char b[32];
    std::snprintf(b, sizeof b, "0x%012llx", (unsigned long long)(uintptr_t)p);
    return b;
}

// b'...' with CPython's choice of quotes and escapes (a bytearray's escapes ' always).
static std::string bytes_repr(const std::string& b, bool bytearray = false) {
    bool sq = b.find('\'') != std::string::npos, dq = b.find('"') != std::string::npos;
    char q = (sq && !dq) ? '"' : '\'';
    std::string out = "b";
    out += q;
    static const char hex[] = "0123456789abcdef";
    for (unsigned char c : b) {
        if (c == (unsigned char)q || c == '\\' || (bytearray && c == '\'')) { out += '\\'; out += char(c); }
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 32 || c >= 127) { out += "\\x"; out += hex[c >> 4]; out += hex[c & 15]; }
        else out += char(c);
    }
    out += q;
    return out;
}

// Containers being printed, innermost last: a container met again inside itself prints as
// [...] / {...}, as CPython's Py_ReprEnter makes it.
static std::string repr_rec(const Value& v, std::vector<const Obj*>& active);
static std::string repr_rec_container(const Value& v, std::vector<const Obj*>& active);

std::string repr_of(const Value& v) {
    std::vector<const Obj*> active;
    return repr_rec(v, active);
}

static std::string repr_rec(const Value& v, std::vector<const Obj*>& active) {
    if (v.is(OT::list) || v.is(OT::tuple) || v.is(OT::dict) || v.is(OT::set) || v.is(OT::dict_view)) {
        for (const Obj* o : active)
            if (o == v.u.o) return v.is(OT::list) ? "[...]" : v.is(OT::tuple) ? "(...)" : v.is(OT::dict_view) ? "..." : "{...}";
        if (active.size() > 2000) return "...";  // far deeper than CPython's recursion limit
        active.push_back(v.u.o);
        struct Pop { std::vector<const Obj*>& a; ~Pop() { a.pop_back(); } } pop{active};
        return repr_rec_container(v, active);
    }
    return repr_rec_container(v, active);
}

static std::string repr_rec_container(const Value& v, std::vector<const Obj*>& active) {
    auto repr_of = [&](const Value& x) { return repr_rec(x, active); };
    switch (v.tag) {
        case Tag::undef: return "<undefined>";
        case Tag::none: return "None";
        case Tag::boolean: return v.u.b ? "True" : "False";
        case Tag::integer: return std::to_string(v.u.i);
        case Tag::real: return float_repr(v.u.f);
        case Tag::obj: break;
    }
    switch (v.u.o->type) {
        case OT::str: return str_repr(v.as<StrObj>()->s);
        case OT::list: case OT::tuple: {
            bool tup = v.is(OT::tuple);
            auto& it = v.as<ListObj>()->items;
            if (const char* const* f = v.as<ListObj>()->fields) {  // sys.version_info(major=3, ...)
                std::string s = std::string(f[0]) + "(";
                for (size_t i = 0; i < it.size(); ++i) s += (i ? ", " : "") + std::string(f[i + 1]) + "=" + repr_of(it[i]);
                return s + ")";
            }
            std::string s = tup ? "(" : "[";
            for (size_t i = 0; i < it.size(); ++i) {
                if (i) s += ", ";
                s += repr_of(it[i]);
            }
            if (tup && it.size() == 1) s += ",";
            s += tup ? ")" : "]";
            return s;
        }
        case OT::dict: {
            std::string s = "{";
            bool first = true;
            for (auto& e : v.as<DictObj>()->entries) {
                if (!e.live) continue;
                if (!first) s += ", ";
                first = false;
                s += repr_of(e.k) + ": " + repr_of(e.v);
            }
            return s + "}";
        }
        case OT::function: return "<function " + std::string(code_name(v.as<FunctionObj>()->code)) + " at " + fake_address(v.u.o) + ">";
        case OT::builtin: {
            auto* b = v.as<BuiltinObj>();
            if (b->type_id >= 0) return std::string("<class '") + b->name + "'>";
            if (is_unbound_method(b))
                return std::string("<method '") + b->name + "' of '" + b->self.as<ListObj>()->items[0].as<BuiltinObj>()->name + "' objects>";
            if (!b->self.is_none()) return std::string("<built-in method ") + b->name + " of " + type_name(b->self) + " object at " + fake_address(b->self.is_obj() ? b->self.u.o : nullptr) + ">";
            return std::string("<built-in function ") + b->name + ">";
        }
        case OT::module: {
            // A multiprocessing context is a module-like object (mp_context.cpp) that prints as CPython's.
            const std::string& name = v.as<ModuleObj>()->name;
            if (name.rfind("multiprocessing.context.", 0) == 0) return "<" + name + " object at " + fake_address(v.u.o) + ">";
            return "<module '" + name + "' (built-in)>";
        }
        case OT::range: return range_repr(v.as<RangeObj>());
        case OT::iter: return std::string("<") + type_name(v) + " object at " + fake_address(v.u.o) + ">";
        case OT::process: {  // the bare ones: current_process() in MainProcess, parent_process()
            auto* p = v.as<ProcessObj>();
            if (p->is_parent) return "<_ParentProcess name=" + str_repr(p->name) + " parent=None unknown>";
            return "<_MainProcess name=" + str_repr(p->name) + " parent=None started>";
        }
        case OT::shared: {
            auto* s = v.as<SharedObj>();
            if (s->is_array) return std::string("<SynchronizedArray wrapper for ") + typecode_ctype_name(s->tc) + "_Array_" + std::to_string(s->count) + ">";
            return std::string("<Synchronized wrapper for ") + typecode_ctype_name(s->tc) + ">";
        }
        case OT::lock: return v.as<LockObj>()->kind == LockKind::lock ? "<Lock(owner=unknown)>" : "<RLock(unknown, 0)>";
        case OT::conn: return "<multiprocessing.connection.Connection object at " + fake_address(v.u.o) + ">";
        case OT::queue: {
            const auto k = v.as<QueueObj>()->kind;
            return std::string(k == QueueObj::simple ? "<multiprocessing.queues.SimpleQueue" : k == QueueObj::joinable ? "<multiprocessing.queues.JoinableQueue" : "<multiprocessing.queues.Queue") +
                   " object at " + fake_address(v.u.o) + ">";
        }
        case OT::sync: return sync_repr(v.as<SyncObj>());
        case OT::slice: {
            auto* s = v.as<SliceObj>();
            return "slice(" + repr_of(s->start) + ", " + repr_of(s->stop) + ", " + repr_of(s->step) + ")";
        }
        case OT::bigint: return v.as<BigIntObj>()->v.to_string(10);  // no digit limit: see int_repr
        case OT::set: {
            auto* s = v.as<SetObj>();
            if (s->d.live == 0) return s->frozen ? "frozenset()" : "set()";
            std::string out = s->frozen ? "frozenset({" : "{";
            bool first = true;
            for (const Value& k : set_members_in_order(s)) {
                if (!first) out += ", ";
                first = false;
                out += repr_of(k);
            }
            return out + (s->frozen ? "})" : "}");
        }
        case OT::bytes:
            if (v.as<BytesObj>()->mutable_) return "bytearray(" + bytes_repr(v.as<BytesObj>()->s, true) + ")";
            return bytes_repr(v.as<BytesObj>()->s);
        case OT::generator: return "<generator object " + std::string(code_name(v.as<GeneratorObj>()->fn.as<FunctionObj>()->code)) + " at " + fake_address(v.u.o) + ">";
        case OT::method: return "<bound method of " + repr_of(v.as<MethodObj>()->self) + ">";
        case OT::ellipsis: return "Ellipsis";
        case OT::dict_view: return dict_view_repr(v, repr_of(dict_view_items(v)));
        case OT::cell: return "<cell>";
        case OT::super_: return "<super>";
        case OT::descriptor: {
            const auto* d = v.as<DescriptorObj>();
            if (d->kind == DescriptorObj::property) return "<property object at " + fake_address(v.u.o) + ">";
            return std::string("<") + type_name(v) + "(" + repr_of(d->fget) + ")>";
        }
        case OT::cls: {
            auto* c = v.as<ClassObj>();
            return "<class '" + (c->module.empty() ? c->name : c->module + "." + c->name) + "'>";
        }
        case OT::instance: {
            auto* c = v.as<InstanceObj>()->cls.as<ClassObj>();
            return "<" + (c->module.empty() ? c->name : c->module + "." + c->name) + " object at " + fake_address(v.u.o) + ">";
        }
        default: break;
    }
    return "<object>";
}

std::string str_of(const Value& v) {
    if (v.is(OT::str)) return v.as<StrObj>()->s;
    return repr_of(v);
}

}  // namespace forklab::lang
