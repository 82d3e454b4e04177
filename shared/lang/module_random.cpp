// The random module. Its generator state lives in the Interp (State::rng, lang/mersenne.h),
// never in statics.
//
// The generator is CPython's Mersenne Twister, seeded as CPython seeds it (ints by their
// absolute value, floats by their hash, str and bytes through SHA-512), and every function
// draws from it as CPython 3.11's random.py does (getrandbits word order, randbelow by
// rejection on bit_length(n) bits, sample's set-or-pool choice, gauss's cached second value),
// so random.seed(42) gives CPython's numbers. A fresh process starts from a fixed seed where
// CPython reads the OS, and a child process is reseeded from its parent's state and identity
// (CPython reseeds after fork), so runs stay reproducible. The messages follow random.py's
// methods of the hidden Random instance ("Random.sample() missing 1 required positional
// argument: 'k'"). The deprecated float arguments of randrange are accepted without the
// DeprecationWarning. Not provided: the Random class, betavariate and the other rarer
// distributions, randbytes.
#include <cmath>

#include <algorithm>
#include <unordered_set>

#include "lang/ast.h"
#include "lang/classes.h"
#include "lang/exceptions.h"
#include "lang/module_util.h"
#include "lang/sha512.h"

namespace forklab::lang {

namespace {
double next_double(State& st) { return st.rng.next_double(); }

// getrandbits(k), k <= 64: 32-bit draws, least significant first, the last one cut to size.
uint64_t random_bits64(State& st, uint64_t k) {
    if (k == 0) return 0;
    if (k <= 32) return st.rng.next32() >> (32 - k);
    const uint64_t low = st.rng.next32();
    return low | (uint64_t(st.rng.next32() >> (64 - k)) << 32);
}

// getrandbits(k) for any k >= 0, as an int of any size.
Value random_bits(State& st, uint64_t k) {
    if (k <= 63) return Value::integer(int64_t(random_bits64(st, k)));
    BigInt r;
    for (uint64_t at = 0; at < k; at += 32) {
        uint32_t w = st.rng.next32();
        if (k - at < 32) w >>= 32 - (k - at);
        r = r + BigInt(int64_t(w)).shl(at);
    }
    return make_int(std::move(r));
}

// random.py's _randbelow(n), n > 0: getrandbits(n.bit_length()) until it is below n.
Value randbelow(State& st, const BigInt& n) {
    const uint64_t k = n.bit_length();
    if (n.fits_int64()) {
        const uint64_t m = uint64_t(n.to_int64());
        for (;;) {
            const uint64_t r = random_bits64(st, k);
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

// CPython's seed(n) for an int: init_by_array over the 32-bit words of |n|.
void seed_int(State& st, const BigInt& n) {
    std::vector<uint32_t> key;
    const BigInt x = n.abs();
    const size_t words = x.is_zero() ? 1 : (x.bit_length() + 31) / 32;
    for (size_t i = 0; i < words; ++i) key.push_back(uint32_t(uint64_t(x.shr(32 * i).to_int64()) & 0xffffffffu));
    st.rng.seed_words(key);
}

// seed(str or bytes), version 2: int.from_bytes(a + sha512(a).digest()) seeds as an int;
// its words are taken from the bytes directly (big-endian, leading zero bytes dropped).
void seed_text(State& st, std::string bytes) {
    const auto digest = sha512(bytes);
    bytes.append(reinterpret_cast<const char*>(digest.data()), digest.size());
    size_t first = 0;
    while (first < bytes.size() && bytes[first] == 0) ++first;
    std::vector<uint32_t> key;
    for (size_t end = bytes.size(); end > first;) {
        uint32_t w = 0;
        const size_t begin = end >= first + 4 ? end - 4 : first;
        for (size_t i = begin; i < end; ++i) w = (w << 8) | (unsigned char)bytes[i];
        key.push_back(w);
        end = begin;
    }
    st.rng.seed_words(key);
}

Res r_seed(State& st, CallArgs& a, Value& out) {
    Value av[2];
    if (py_args(st, a, "seed", {"a", "version"}, 0, {}, av) != Res::ok) return Res::error;
    const Value& v = av[0];
    if (v.tag == Tag::undef || v.is_none()) {
        // CPython seeds from the OS; forklab from the (virtual, on sim) clock and the pid
        const uint64_t s = uint64_t(st.host.now_seconds() * 1e6) ^ (uint64_t(st.host.os_pid(st.host.self())) << 32);
        const uint32_t key[2] = {uint32_t(s), uint32_t(s >> 32)};
        st.rng.seed_words(key, 2);
    } else if (is_int_value(v)) {
        seed_int(st, to_bigint(v));
    } else if (v.tag == Tag::real) {
        int64_t h = 0;
        py_hash_number(v, &h);  // CPython seeds with hash(a) as a size_t: seed(5.0) is seed(5)
        const uint64_t u = uint64_t(h);
        const uint32_t key[2] = {uint32_t(u), uint32_t(u >> 32)};
        st.rng.seed_words(key, u >> 32 ? 2 : 1);
    } else if (v.is(OT::str) || v.is(OT::bytes)) {
        seed_text(st, v.is(OT::str) ? str_of_obj(v) : v.as<BytesObj>()->s);
    } else {
        return st.raise("TypeError", "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.");
    }
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
    // random.py: a pool (partial Fisher-Yates) unless the population is much larger than k
    int64_t setsize = 21;
    if (kk > 5) setsize += int64_t(std::pow(4.0, std::ceil(std::log(double(kk) * 3) / std::log(4.0))));
    if (nn <= setsize) {
        std::vector<int64_t> pool(static_cast<size_t>(nn));
        for (int64_t i = 0; i < nn; ++i) pool[size_t(i)] = i;
        for (int64_t i = 0; i < kk; ++i) {
            const size_t j = randbelow(st, size_t(nn - i));
            picked.push_back(pool[j]);
            pool[j] = pool[size_t(nn - i - 1)];
        }
    } else {  // few picks from many: draw again on a repeat
        std::unordered_set<int64_t> seen;
        while (int64_t(picked.size()) < kk) {
            const int64_t j = randbelow(st, BigInt(nn)).u.i;
            if (seen.insert(j).second) picked.push_back(j);
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

Res normal_args(State& st, CallArgs& a, const char* name, double* mu, double* sigma) {
    Value av[2];
    if (py_args(st, a, name, {"mu", "sigma"}, 0, {}, av) != Res::ok) return Res::error;
    *mu = 0.0;
    *sigma = 1.0;
    if (av[0].tag != Tag::undef && need_real(st, av[0], mu) != Res::ok) return Res::error;
    if (av[1].tag != Tag::undef && need_real(st, av[1], sigma) != Res::ok) return Res::error;
    return Res::ok;
}

// gauss(mu=0.0, sigma=1.0): Box-Muller, two values at a time; the second waits for the next call.
Res r_gauss(State& st, CallArgs& a, Value& out) {
    double mu, sigma;
    if (normal_args(st, a, "gauss", &mu, &sigma) != Res::ok) return Res::error;
    double z = st.rng.gauss_next;
    if (!st.rng.has_gauss) {
        const double x2pi = next_double(st) * 6.283185307179586;
        const double g2rad = std::sqrt(-2.0 * std::log(1.0 - next_double(st)));
        z = std::cos(x2pi) * g2rad;
        st.rng.gauss_next = std::sin(x2pi) * g2rad;
        st.rng.has_gauss = true;
    } else {
        st.rng.has_gauss = false;
    }
    out = Value::real(mu + z * sigma);
    return Res::ok;
}

// normalvariate(mu=0.0, sigma=1.0): Kinderman and Monahan's ratio method, as random.py.
Res r_normalvariate(State& st, CallArgs& a, Value& out) {
    double mu, sigma;
    if (normal_args(st, a, "normalvariate", &mu, &sigma) != Res::ok) return Res::error;
    const double magic = 4 * std::exp(-0.5) / std::sqrt(2.0);
    double z;
    for (;;) {
        const double u1 = next_double(st);
        const double u2 = 1.0 - next_double(st);
        z = magic * (u1 - 0.5) / u2;
        if (z * z / 4.0 <= -std::log(u2)) break;
    }
    out = Value::real(mu + z * sigma);
    return Res::ok;
}

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
    double u = next_double(st);  // drawn first, as random.py does, even when high == low
    if (av[2].tag != Tag::undef && !av[2].is_none()) {
        double mode;
        if (need_real(st, av[2], &mode) != Res::ok) return Res::error;
        if (high == low) { out = Value::real(low); return Res::ok; }  // random.py's ZeroDivisionError
        c = (mode - low) / (high - low);
    }
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
