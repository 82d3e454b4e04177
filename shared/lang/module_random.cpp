// The random module. Its generator state lives in the Interp (State::rng), never in statics.
//
// The generator is xorshift128+, not CPython's Mersenne Twister, so the numbers differ from
// CPython's (tests compare properties: ranges, lengths, membership). Everything else follows
// CPython 3.11's random.py: which arguments are accepted, the messages (a function of the
// hidden Random instance: "Random.sample() missing 1 required positional argument: 'k'"),
// unbiased choices by rejection (randbelow), ranges of any size. The deprecated float
// arguments of randrange are accepted without the DeprecationWarning. Not provided: the
// Random class, betavariate and the other rarer distributions, randbytes.
#include <cmath>

#include <algorithm>
#include <unordered_map>

#include "lang/ast.h"
#include "lang/classes.h"
#include "lang/exceptions.h"
#include "lang/module_util.h"

namespace forklab::lang {

namespace {
// xorshift128+ on the Interp's state.
uint64_t next_u64(State& st) {
    uint64_t s1 = st.rng[0];
    const uint64_t s0 = st.rng[1];
    st.rng[0] = s0;
    s1 ^= s1 << 23;
    st.rng[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
    return st.rng[1] + s0;
}
double next_double(State& st) { return double(next_u64(st) >> 11) * (1.0 / 9007199254740992.0); }

// k random bits, k >= 0, as an int of any size.
Value random_bits(State& st, uint64_t k) {
    if (k <= 63) return Value::integer(k == 0 ? 0 : int64_t(next_u64(st) >> (64 - k)));
    BigInt r;
    uint64_t have = 0;
    while (have < k) {
        const uint64_t take = std::min<uint64_t>(32, k - have);
        r = r.shl(take) + BigInt(int64_t(next_u64(st) >> (64 - take)));
        have += take;
    }
    return make_int(std::move(r));
}

// A uniform int in [0, n), n > 0: rejection on bit_length(n) bits, so no value is favoured.
Value randbelow(State& st, const BigInt& n) {
    const uint64_t k = n.bit_length();
    if (n.fits_int64()) {
        const uint64_t m = uint64_t(n.to_int64());
        for (;;) {
            const uint64_t r = next_u64(st) >> (64 - k);
            if (r < m) return Value::integer(int64_t(r));
        }
    }
    for (;;) {
        Value r = random_bits(st, k);
        if (to_bigint(r) < n) return r;
    }
}
size_t randbelow(State& st, size_t n) { return size_t(randbelow(st, BigInt(int64_t(n))).u.i); }

// The arguments of a Python method of Random (self counted in the messages, as CPython does):
// positional parameters pos (the first `required` of them required), then keyword-only ones.
// out: one Value per parameter, undef when not given.
Res py_args(State& st, CallArgs& a, const char* qualname, std::initializer_list<const char*> pos, int required,
            std::initializer_list<const char*> kwonly, Value* out) {
    const std::string q = std::string("Random.") + qualname + "()";
    const int np = int(pos.size()), nk = int(kwonly.size());
    std::vector<const char*> names(pos);
    names.insert(names.end(), kwonly.begin(), kwonly.end());
    for (int i = 0; i < np + nk; ++i) out[i] = Value::undef();
    if (a.npos > np) {
        const std::string takes = required == np ? std::to_string(np + 1) : "from " + std::to_string(required + 1) + " to " + std::to_string(np + 1);
        return st.raise("TypeError", q + " takes " + takes + " positional argument" + (np == 0 && required == np ? "" : "s") +
                                         " but " + std::to_string(a.npos + 1) + " were given");
    }
    for (int i = 0; i < a.npos; ++i) out[i] = a.pos[i];
    for (int k = 0; k < a.nkw; ++k) {
        const std::string& kn = str_of_obj(a.kwnames[k]);
        int idx = -1;
        for (int i = 0; i < np + nk; ++i) if (kn == names[size_t(i)]) idx = i;
        if (idx < 0) return st.raise("TypeError", q + " got an unexpected keyword argument '" + kn + "'");
        if (out[idx].tag != Tag::undef) return st.raise("TypeError", q + " got multiple values for argument '" + kn + "'");
        out[idx] = a.kwvals[k];
    }
    std::vector<std::string> missing;
    for (int i = 0; i < required; ++i) if (out[i].tag == Tag::undef) missing.push_back(std::string("'") + names[size_t(i)] + "'");
    if (!missing.empty()) {
        std::string list;
        for (size_t i = 0; i < missing.size(); ++i)
            list += (i == 0 ? "" : i + 1 == missing.size() ? (missing.size() > 2 ? ", and " : " and ") : ", ") + missing[i];
        return st.raise("TypeError", q + " missing " + std::to_string(missing.size()) + " required positional argument" +
                                         (missing.size() == 1 ? "" : "s") + ": " + list);
    }
    return Res::ok;
}

// The items of a sequence argument (list, tuple, str, bytes, range), as choice() and
// choices() index them; CPython's errors for the rest.
Res sequence_items(State& st, const Value& v, std::vector<Value>& items) {
    if (v.is(OT::list) || v.is(OT::tuple) || v.is(OT::str) || v.is(OT::bytes) || v.is(OT::range) || v.is(OT::dict) ||
        v.is(OT::instance))
        return to_vector(st, v, items);
    if (v.is(OT::set)) {
        if (v.as<SetObj>()->d.live == 0) return Res::ok;  // len() is 0: "Cannot choose ..." first
        return st.raise("TypeError", "'" + class_name_of(v) + "' object is not subscriptable");
    }
    return st.raise("TypeError", std::string("object of type '") + type_name(v) + "' has no len()");
}

// randrange's int(arg), which must equal arg (randrange(2.0) is accepted; CPython also warns).
Res index_arg(State& st, const Value& v, const char* what, BigInt* out) {
    if (is_int_value(v)) { *out = to_bigint(v); return Res::ok; }
    Value iv;
    if (v.tag == Tag::real) {
        if (int_from_double(st, v.u.f, iv) != Res::ok) return Res::error;
        if (v.u.f == std::floor(v.u.f)) { *out = to_bigint(iv); return Res::ok; }
    } else if (v.is(OT::str)) {
        if (int_from_text(st, str_of_obj(v), 10, iv) != Res::ok) return Res::error;
    } else {
        return st.raise("TypeError", std::string("int() argument must be a string, a bytes-like object or a real number, not '") +
                                         type_name(v) + "'");
    }
    return st.raise("ValueError", std::string("non-integer ") + what + " for randrange()");
}

Res randrange(State& st, const Value& start, const Value& stop, const Value& step, Value& out) {
    BigInt istart;
    if (index_arg(st, start, "arg 1", &istart) != Res::ok) return Res::error;
    if (stop.tag == Tag::undef || stop.is_none()) {
        if (step.tag != Tag::undef) return st.raise("TypeError", "Missing a non-None stop argument");
        if (istart > BigInt(0)) { out = randbelow(st, istart); return Res::ok; }
        return st.raise("ValueError", "empty range for randrange()");
    }
    BigInt istop, istep(1);
    if (index_arg(st, stop, "stop", &istop) != Res::ok) return Res::error;
    const BigInt width = istop - istart;
    if (step.tag != Tag::undef && index_arg(st, step, "step", &istep) != Res::ok) return Res::error;
    if (istep == BigInt(1)) {
        if (width > BigInt(0)) { out = make_int(istart + to_bigint(randbelow(st, width))); return Res::ok; }
        return st.raise("ValueError", "empty range for randrange() (" + istart.to_string() + ", " + istop.to_string() + ", " +
                                          width.to_string() + ")");
    }
    if (istep.is_zero()) return st.raise("ValueError", "zero step for randrange()");
    BigInt n, r;
    BigInt::divmod(istep > BigInt(0) ? width + istep - BigInt(1) : width + istep + BigInt(1), istep, n, r);
    if (n <= BigInt(0)) return st.raise("ValueError", "empty range for randrange()");
    out = make_int(istart + istep * to_bigint(randbelow(st, n)));
    return Res::ok;
}

// Seeds from any int: splitmix64 over a 64-bit digest fills both words of the state.
void seed_from(State& st, uint64_t s) {
    uint64_t z = s + 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 2; ++i) {
        z += 0x9e3779b97f4a7c15ULL;
        uint64_t x = z;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
        st.rng[i] = x ^ (x >> 31);
    }
    if (st.rng[0] == 0 && st.rng[1] == 0) st.rng[0] = 1;
}
uint64_t fnv1a(const std::string& s, uint64_t h = 0xcbf29ce484222325ULL) {
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

Res r_seed(State& st, CallArgs& a, Value& out) {
    Value av[2];
    if (py_args(st, a, "seed", {"a", "version"}, 0, {}, av) != Res::ok) return Res::error;
    const Value& v = av[0];
    uint64_t s;
    if (v.tag == Tag::undef || v.is_none()) {
        // CPython seeds from the OS; forklab from the (virtual, on sim) clock and the pid
        s = uint64_t(st.host.now_seconds() * 1e6) ^ (uint64_t(st.host.os_pid(st.host.self())) << 32);
    } else if (is_int_value(v)) {
        const BigInt x = to_bigint(v).abs();  // CPython uses |a|
        s = x.fits_int64() ? uint64_t(x.to_int64()) : fnv1a(x.to_string(16));
    } else if (v.tag == Tag::real) {
        int64_t h = 0;
        py_hash_number(v, &h);  // CPython seeds with hash(a): seed(5.0) is seed(5)
        s = uint64_t(h < 0 ? -h : h);
    } else if (v.is(OT::str) || v.is(OT::bytes)) {
        s = fnv1a(v.is(OT::str) ? str_of_obj(v) : v.as<BytesObj>()->s, v.is(OT::str) ? 0xcbf29ce484222325ULL : 0x84222325cbf29ce4ULL);
    } else {
        return st.raise("TypeError", "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.");
    }
    seed_from(st, s);
    out = Value();
    return Res::ok;
}

Res r_random(State& st, CallArgs& a, Value& out) {
    if (a.nkw) return st.raise("TypeError", "Random.random() takes no keyword arguments");
    if (a.npos) return st.raise("TypeError", "Random.random() takes no arguments (" + std::to_string(a.npos) + " given)");
    out = Value::real(next_double(st));
    return Res::ok;
}

Res r_getrandbits(State& st, CallArgs& a, Value& out) {
    if (a.nkw) return st.raise("TypeError", "Random.getrandbits() takes no keyword arguments");
    if (a.npos != 1) return st.raise("TypeError", "Random.getrandbits() takes exactly one argument (" + std::to_string(a.npos) + " given)");
    const Value& k = a.pos[0];
    if (!is_int_value(k)) return st.raise("TypeError", std::string("'") + type_name(k) + "' object cannot be interpreted as an integer");
    const BigInt n = to_bigint(k);
    if (n.is_negative()) return st.raise("ValueError", "number of bits must be non-negative");
    if (!n.fits_int64()) return st.raise("OverflowError", "Python int too large to convert to C int");
    if (charge_memory(st, double(n.to_int64()) / 8) != Res::ok) return Res::error;
    out = random_bits(st, uint64_t(n.to_int64()));
    return Res::ok;
}

Res r_randrange(State& st, CallArgs& a, Value& out) {
    Value av[3];
    if (py_args(st, a, "randrange", {"start", "stop", "step"}, 1, {}, av) != Res::ok) return Res::error;
    return randrange(st, av[0], av[1], av[2], out);
}

Res r_randint(State& st, CallArgs& a, Value& out) {
    Value av[2];
    if (py_args(st, a, "randint", {"a", "b"}, 2, {}, av) != Res::ok) return Res::error;
    Value stop;
    if (binary_op(st, op_add, av[1], Value::integer(1), stop, false) != Res::ok) return Res::error;
    return randrange(st, av[0], stop, Value::undef(), out);
}

Res r_uniform(State& st, CallArgs& a, Value& out) {
    Value av[2], width, part;
    if (py_args(st, a, "uniform", {"a", "b"}, 2, {}, av) != Res::ok) return Res::error;
    if (binary_op(st, op_sub, av[1], av[0], width, false) != Res::ok) return Res::error;
    if (binary_op(st, op_mul, width, Value::real(next_double(st)), part, false) != Res::ok) return Res::error;
    return binary_op(st, op_add, av[0], part, out, false);
}

Res r_choice(State& st, CallArgs& a, Value& out) {
    Value av[1];
    if (py_args(st, a, "choice", {"seq"}, 1, {}, av) != Res::ok) return Res::error;
    std::vector<Value> items;
    if (sequence_items(st, av[0], items) != Res::ok) return Res::error;
    if (items.empty()) return st.raise("IndexError", "Cannot choose from an empty sequence");
    out = items[randbelow(st, items.size())];
    return Res::ok;
}

Res r_shuffle(State& st, CallArgs& a, Value& out) {
    Value av[1];
    if (py_args(st, a, "shuffle", {"x"}, 1, {}, av) != Res::ok) return Res::error;
    const Value& x = av[0];
    if (!x.is(OT::list)) {
        std::vector<Value> items;
        if (sequence_items(st, x, items) != Res::ok) return Res::error;
        if (items.size() < 2) { out = Value(); return Res::ok; }
        return st.raise("TypeError", "'" + class_name_of(x) + "' object does not support item assignment");
    }
    auto& items = x.as<ListObj>()->items;
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[randbelow(st, i)]);
    out = Value();
    return Res::ok;
}

bool is_sequence(const Value& v) {
    return v.is(OT::list) || v.is(OT::tuple) || v.is(OT::str) || v.is(OT::bytes) || v.is(OT::range);
}

// sample(population, k, *, counts=None): k distinct positions, in selection order.
Res r_sample(State& st, CallArgs& a, Value& out) {
    Value av[3];
    if (py_args(st, a, "sample", {"population", "k"}, 2, {"counts"}, av) != Res::ok) return Res::error;
    if (!is_sequence(av[0])) return st.raise("TypeError", "Population must be a sequence.  For dicts or sets, use sorted(d).");
    const Value& kv = av[1];
    // items are read by position; a range is not materialized (sample(range(10**9), 3))
    std::vector<Value> items;
    BigInt n;
    const RangeObj* range = av[0].is(OT::range) ? av[0].as<RangeObj>() : nullptr;
    if (range) n = BigInt(range->length());
    else {
        if (to_vector(st, av[0], items) != Res::ok) return Res::error;
        n = BigInt(int64_t(items.size()));
    }
    if (av[2].tag != Tag::undef && !av[2].is_none()) {  // counts: each item repeated, as CPython
        std::vector<Value> counts, expanded;
        if (to_vector(st, av[2], counts) != Res::ok) return Res::error;
        if (BigInt(int64_t(counts.size())) != n) return st.raise("ValueError", "The number of counts does not match the population");
        BigInt total;
        for (const Value& c : counts) {
            if (!is_int_value(c)) return st.raise("TypeError", "Counts must be integers");
            total += to_bigint(c);
        }
        if (total <= BigInt(0)) return st.raise("ValueError", "Total of counts must be greater than zero");
        if (charge_memory(st, double(total.fits_int64() ? total.to_int64() : INT64_MAX) * sizeof(Value)) != Res::ok) return Res::error;
        for (size_t i = 0; i < counts.size(); ++i) {
            const Value item = range ? Value::integer(range->start + int64_t(i) * range->step) : items[i];
            for (BigInt c = to_bigint(counts[i]); c > BigInt(0); c -= BigInt(1)) expanded.push_back(item);
        }
        items = std::move(expanded);
        range = nullptr;
        n = BigInt(int64_t(items.size()));
    }
    if (!is_int_value(kv))
        return st.raise("TypeError", std::string("can't multiply sequence by non-int of type '") + type_name(kv) + "'");
    const BigInt k = to_bigint(kv);
    if (k.is_negative() || k > n) return st.raise("ValueError", "Sample larger than population or is negative");
    const int64_t kk = k.to_int64(), nn = n.to_int64();
    if (charge_memory(st, double(kk) * sizeof(Value)) != Res::ok) return Res::error;
    std::vector<int64_t> picked;
    picked.reserve(size_t(kk));
    if (nn <= 4 * kk + 21) {  // partial Fisher-Yates over the positions
        std::vector<int64_t> pool(static_cast<size_t>(nn));
        for (int64_t i = 0; i < nn; ++i) pool[size_t(i)] = i;
        for (int64_t i = 0; i < kk; ++i) {
            const size_t j = randbelow(st, size_t(nn - i));
            picked.push_back(pool[j]);
            pool[j] = pool[size_t(nn - i - 1)];
        }
    } else {  // few picks from many: draw again on a repeat
        std::unordered_map<int64_t, bool> seen;
        while (int64_t(picked.size()) < kk) {
            const int64_t j = randbelow(st, BigInt(nn)).u.i;
            if (seen.emplace(j, true).second) picked.push_back(j);
        }
    }
    std::vector<Value> result;
    for (int64_t j : picked) result.push_back(range ? Value::integer(range->start + j * range->step) : items[size_t(j)]);
    out = make_list(std::move(result));
    return Res::ok;
}

// choices(population, weights=None, *, cum_weights=None, k=1): k picks with replacement.
Res r_choices(State& st, CallArgs& a, Value& out) {
    Value av[4];
    if (py_args(st, a, "choices", {"population", "weights"}, 1, {"cum_weights", "k"}, av) != Res::ok) return Res::error;
    std::vector<Value> items;
    if (sequence_items(st, av[0], items) != Res::ok) return Res::error;
    const Value& weights = av[1];
    const Value& cum = av[2];
    Value kv = av[3].tag == Tag::undef ? Value::integer(1) : av[3];
    if (!is_int_value(kv)) return st.raise("TypeError", std::string("'") + type_name(kv) + "' object cannot be interpreted as an integer");
    const BigInt kb = to_bigint(kv);
    const int64_t k = kb.is_negative() ? 0 : kb.fits_int64() ? kb.to_int64() : INT64_MAX;
    if (charge_memory(st, double(k) * sizeof(Value)) != Res::ok) return Res::error;
    std::vector<double> cw;
    const bool weighted = (weights.tag != Tag::undef && !weights.is_none()) || (cum.tag != Tag::undef && !cum.is_none());
    if (weighted) {
        std::vector<Value> w;
        if (cum.tag == Tag::undef || cum.is_none()) {
            if (is_int_value(weights))
                return st.raise("TypeError", "The number of choices must be a keyword argument: k=" + repr_of(weights));
            if (to_vector(st, weights, w) != Res::ok) return Res::error;
            Value acc;
            for (size_t i = 0; i < w.size(); ++i) {  // itertools.accumulate
                if (i == 0) acc = w[0];
                else if (binary_op(st, op_add, acc, w[i], acc, false) != Res::ok) return Res::error;
                w[i] = acc;
            }
        } else {
            if (weights.tag != Tag::undef && !weights.is_none())
                return st.raise("TypeError", "Cannot specify both weights and cumulative weights");
            if (to_vector(st, cum, w) != Res::ok) return Res::error;
        }
        if (w.size() != items.size()) return st.raise("ValueError", "The number of weights does not match the population");
        for (const Value& x : w) {
            double d;
            if (need_real(st, x, &d) != Res::ok) return Res::error;
            cw.push_back(d);
        }
        const double total = cw.empty() ? 0.0 : cw.back();
        if (!(total > 0.0)) return st.raise("ValueError", "Total of weights must be greater than zero");
        if (!std::isfinite(total)) return st.raise("ValueError", "Total of weights must be finite");
    }
    std::vector<Value> result;
    for (int64_t i = 0; i < k; ++i) {
        if (!weighted) {
            const size_t j = size_t(std::floor(next_double(st) * double(items.size())));
            if (j >= items.size()) {  // an empty population: CPython's population[0]
                const Value& p = av[0];
                return st.raise("IndexError", std::string(p.is(OT::str) ? "string" : p.is(OT::range) ? "range object" : type_name(p)) +
                                                  " index out of range");
            }
            result.push_back(items[j]);
            continue;
        }
        const double x = next_double(st) * cw.back();  // bisect_right(cw, x, 0, n - 1)
        const size_t j = size_t(std::upper_bound(cw.begin(), cw.end() - 1, x) - cw.begin());
        result.push_back(items[j]);
    }
    out = make_list(std::move(result));
    return Res::ok;
}

// gauss/normalvariate(mu=0.0, sigma=1.0): Box-Muller (no pair is cached between calls).
Res normal(State& st, CallArgs& a, Value& out, const char* name) {
    Value av[2];
    if (py_args(st, a, name, {"mu", "sigma"}, 0, {}, av) != Res::ok) return Res::error;
    double mu = 0.0, sigma = 1.0;
    if (av[0].tag != Tag::undef && need_real(st, av[0], &mu) != Res::ok) return Res::error;
    if (av[1].tag != Tag::undef && need_real(st, av[1], &sigma) != Res::ok) return Res::error;
    const double x2pi = next_double(st) * 6.283185307179586;
    const double g2rad = std::sqrt(-2.0 * std::log(1.0 - next_double(st)));
    out = Value::real(mu + std::cos(x2pi) * g2rad * sigma);
    return Res::ok;
}
Res r_gauss(State& st, CallArgs& a, Value& out) { return normal(st, a, out, "gauss"); }
Res r_normalvariate(State& st, CallArgs& a, Value& out) { return normal(st, a, out, "normalvariate"); }

Res r_expovariate(State& st, CallArgs& a, Value& out) {
    Value av[1];
    if (py_args(st, a, "expovariate", {"lambd"}, 1, {}, av) != Res::ok) return Res::error;
    double lambd;
    if (need_real(st, av[0], &lambd) != Res::ok) return Res::error;
    if (lambd == 0) return st.raise("ZeroDivisionError", "float division by zero");
    out = Value::real(-std::log(1.0 - next_double(st)) / lambd);
    return Res::ok;
}

// triangular(low=0.0, high=1.0, mode=None), as random.py computes it.
Res r_triangular(State& st, CallArgs& a, Value& out) {
    Value av[3];
    if (py_args(st, a, "triangular", {"low", "high", "mode"}, 0, {}, av) != Res::ok) return Res::error;
    double low = 0.0, high = 1.0, c = 0.5;
    if (av[0].tag != Tag::undef && need_real(st, av[0], &low) != Res::ok) return Res::error;
    if (av[1].tag != Tag::undef && need_real(st, av[1], &high) != Res::ok) return Res::error;
    if (high == low) { out = Value::real(low); return Res::ok; }
    if (av[2].tag != Tag::undef && !av[2].is_none()) {
        double mode;
        if (need_real(st, av[2], &mode) != Res::ok) return Res::error;
        c = (mode - low) / (high - low);
    }
    double u = next_double(st);
    if (u > c) {
        u = 1.0 - u;
        c = 1.0 - c;
        std::swap(low, high);
    }
    out = Value::real(low + (high - low) * std::sqrt(u * c));
    return Res::ok;
}
}  // namespace

Value make_random_module(State& st) {
    (void)st;
    auto* m = new ModuleObj("random");
    Value v = Value::object(m);
    module_add(m, "seed", r_seed);
    module_add(m, "random", r_random);
    module_add(m, "getrandbits", r_getrandbits);
    module_add(m, "randrange", r_randrange);
    module_add(m, "randint", r_randint);
    module_add(m, "uniform", r_uniform);
    module_add(m, "choice", r_choice);
    module_add(m, "choices", r_choices);
    module_add(m, "shuffle", r_shuffle);
    module_add(m, "sample", r_sample);
    module_add(m, "gauss", r_gauss);
    module_add(m, "normalvariate", r_normalvariate);
    module_add(m, "expovariate", r_expovariate);
    module_add(m, "triangular", r_triangular);
    return v;
}

}  // namespace forklab::lang
