// MT19937 (Matsumoto and Nishimura), with the seeding and the 53-bit doubles of CPython's
// Modules/_randommodule.c, so the same seed gives the same sequence as CPython.
#include "lang/mersenne.h"

#include <algorithm>

#include <cstring>

namespace forklab::lang {

namespace {
constexpr int kShift = 397;
constexpr uint32_t kMatrix = 0x9908b0dfu;
constexpr uint32_t kUpper = 0x80000000u;
constexpr uint32_t kLower = 0x7fffffffu;

void init_genrand(uint32_t* mt, uint32_t s) {
    mt[0] = s;
    for (uint32_t i = 1; i < uint32_t(Mersenne::kWords); ++i) mt[i] = 1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + i;
}
}  // namespace

void Mersenne::seed_words(const uint32_t* key, size_t n) {
    const uint32_t zero = 0;
    if (n == 0) {
        key = &zero;
        n = 1;
    }
    init_genrand(mt, 19650218u);
    size_t i = 1, j = 0;
    for (size_t k = n > size_t(kWords) ? n : size_t(kWords); k; --k) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + uint32_t(j);
        ++i;
        ++j;
        if (i >= size_t(kWords)) {
            mt[0] = mt[kWords - 1];
            i = 1;
        }
        if (j >= n) j = 0;
    }
    for (size_t k = size_t(kWords) - 1; k; --k) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - uint32_t(i);
        ++i;
        if (i >= size_t(kWords)) {
            mt[0] = mt[kWords - 1];
            i = 1;
        }
    }
    mt[0] = 0x80000000u;
    index = kWords;
    has_gauss = false;
}

void Mersenne::refill() {
    auto twist = [&](int to, int a, int b, int from) {
        const uint32_t y = (mt[a] & kUpper) | (mt[b] & kLower);
        mt[to] = mt[from] ^ (y >> 1) ^ ((y & 1u) ? kMatrix : 0u);
    };
    int k = 0;
    for (; k < kWords - kShift; ++k) twist(k, k, k + 1, k + kShift);
    for (; k < kWords - 1; ++k) twist(k, k, k + 1, k + kShift - kWords);
    twist(kWords - 1, kWords - 1, 0, kShift - 1);
    index = 0;
}

uint32_t Mersenne::next32() {
    ready();
    if (index >= kWords) refill();
    uint32_t y = mt[index++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

double Mersenne::next_double() {
    const uint32_t a = next32() >> 5, b = next32() >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

uint64_t Mersenne::digest() const {
    uint64_t h = 0xcbf29ce484222325ULL ^ uint64_t(uint32_t(index));
    if (seeded())
        for (uint32_t w : mt) h = (h ^ w) * 0x100000001b3ULL;
    else if (child_key_set)  // the key stands for the state it will make
        for (uint32_t w : child_key) h = (h ^ w) * 0x100000001b3ULL;
    if (has_gauss) {
        uint64_t bits;
        static_assert(sizeof bits == sizeof gauss_next);
        memcpy(&bits, &gauss_next, sizeof bits);
        h = (h ^ bits) * 0x100000001b3ULL;
    }
    return h;
}

void Mersenne::reseed_child(const Mersenne& parent, int64_t children_started, std::string_view identity) {
    const uint64_t from = parent.digest();
    uint64_t who = 0xcbf29ce484222325ULL;
    for (unsigned char c : identity) who = (who ^ c) * 0x100000001b3ULL;
    const uint32_t key[5] = {uint32_t(from), uint32_t(from >> 32), uint32_t(children_started), uint32_t(who),
                             uint32_t(who >> 32)};
    std::copy(key, key + 5, child_key);
    child_key_set = true;
    index = kWords + 1;  // not seeded yet: ready() applies child_key
    has_gauss = false;
}

}  // namespace forklab::lang
