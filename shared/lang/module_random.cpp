// The random module. Its generator state lives in the Interp (State::rng), never in statics.
#include "lang/module_util.h"

namespace forklab::lang {

namespace {
// xorshift128+: per-Interp state; not CPython's Mersenne Twister, so sequences differ.
uint64_t next_u64(State& st) {
    uint64_t s1 = st.rng[0];
    const uint64_t s0 = st.rng[1];
    st.rng[0] = s0;
    s1 ^= s1 << 23;
    st.rng[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
    return st.rng[1] + s0;
}
double next_double(State& st) { return double(next_u64(st) >> 11) * (1.0 / 9007199254740992.0); }
Res r_seed(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("seed", 0, "a");
    uint64_t s = 0;
    if (FORKLAB_GIVEN(0)) {
        if (av[0].tag == Tag::integer) s = uint64_t(av[0].u.i);
        else s = uint64_t(std::hash<std::string>()(str_of(av[0])));
    }
    uint64_t z = s + 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 2; ++i) {
        z += 0x9e3779b97f4a7c15ULL;
        uint64_t x = z;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
        st.rng[i] = x ^ (x >> 31);
    }
    if (st.rng[0] == 0 && st.rng[1] == 0) st.rng[0] = 1;
    out = Value();
    return Res::ok;
}
Res r_random(State& st, CallArgs& a, Value& out) { FORKLAB_ARGS("random", 0, "x"); out = Value::real(next_double(st)); return Res::ok; }
Res r_randint(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("randint", 2, "a", "b");
    if (av[0].tag != Tag::integer || av[1].tag != Tag::integer) return st.raise("TypeError", "randint() arguments must be integers");
    int64_t lo = av[0].u.i, hi = av[1].u.i;
    if (hi < lo) return st.raise("ValueError", "empty range for randrange() (" + std::to_string(lo) + ", " + std::to_string(hi + 1) + ", " + std::to_string(hi + 1 - lo) + ")");
    uint64_t span = uint64_t(hi - lo) + 1;
    out = Value::integer(lo + int64_t(span ? next_u64(st) % span : next_u64(st)));
    return Res::ok;
}
Res r_uniform(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("uniform", 2, "a", "b");
    double x, y;
    if (need_real(st, av[0], &x) != Res::ok || need_real(st, av[1], &y) != Res::ok) return Res::error;
    out = Value::real(x + (y - x) * next_double(st));
    return Res::ok;
}
Res r_choice(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("choice", 1, "seq");
    std::vector<Value> items;
    Res r = to_vector(st, av[0], items);
    if (r != Res::ok) return r;
    if (items.empty()) return st.raise("IndexError", "Cannot choose from an empty sequence");
    out = items[next_u64(st) % items.size()];
    return Res::ok;
}
Res r_shuffle(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("shuffle", 1, "x");
    if (!av[0].is(OT::list)) return st.raise("TypeError", "shuffle() needs a list");
    auto& items = av[0].as<ListObj>()->items;
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[next_u64(st) % i]);
    out = Value();
    return Res::ok;
}

}  // namespace

Value make_random_module(State& st) {
    (void)st;
    auto* m = new ModuleObj("random");
    Value v = Value::object(m);
    module_add(m, "seed", r_seed);
    module_add(m, "random", r_random);
    module_add(m, "randint", r_randint);
    module_add(m, "uniform", r_uniform);
    module_add(m, "choice", r_choice);
    module_add(m, "shuffle", r_shuffle);
    return v;
}
}  // namespace forklab::lang
