// The random module's generator: MT19937, seeded exactly as CPython's _random.Random, so a
// scenario that calls random.seed(42) draws CPython's numbers and CPython can cross-check it.
// The state lives in each interpreter (State::rng), never in statics; it is made on first use
// (a process that never draws pays nothing) from a fixed seed, where CPython would read the OS.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace forklab::lang {

struct Mersenne {
    static constexpr int kWords = 624;
    uint32_t mt[kWords];
    int index = kWords + 1;  // kWords + 1: never seeded (see ready())
    // random.gauss() makes two numbers at a time and keeps the second for the next call.
    bool has_gauss = false;
    double gauss_next = 0.0;
    // A forked child's seed (reseed_child), applied on the first draw: the exploring
    // simulator starts thousands of processes a second, most of which never draw.
    uint32_t child_key[5] = {};
    bool child_key_set = false;

    bool seeded() const { return index <= kWords; }
    // CPython's init_by_array(key): what seed(n) calls with |n| split into 32-bit words,
    // least significant first (one 0 word for 0).
    void seed_words(const uint32_t* key, size_t n);
    void seed_words(const std::vector<uint32_t>& key) { seed_words(key.data(), key.size()); }
    uint32_t next32();
    // random.random(): 53 bits from two draws, as CPython's genrand_res53.
    double next_double();
    // A 64-bit digest of the whole state, for the explorer's state hash and for seeding a
    // forked child.
    uint64_t digest() const;
    // A forked child's generator: CPython reseeds from the OS after fork, so children never
    // repeat their parent's numbers; here the seed comes from the parent's state, how many
    // children it had started and the child's identity, so a run can be replayed.
    // `parent` may be this generator (a child that takes over the parent's interpreter).
    void reseed_child(const Mersenne& parent, int64_t children_started, std::string_view identity);

  private:
    void ready() {
        if (seeded()) return;
        if (child_key_set) {
            seed_words(child_key, 5);
            return;
        }
        const uint32_t key[2] = {0x853c49e6u, 0x748fea9bu};
        seed_words(key, 2);
    }
    void refill();
};

}  // namespace forklab::lang
