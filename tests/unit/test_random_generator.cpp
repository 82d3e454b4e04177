// The random module's building blocks against reference values: SHA-512 (FIPS 180-4 test
// vectors and padding edges, the digests from Python's hashlib) and MT19937 seeded as CPython
// (the first outputs of random.seed(42) / getrandbits(32) and of the reference init_by_array).
#include <doctest/doctest.h>

#include <string>

#include "lang/mersenne.h"
#include "lang/sha512.h"

using namespace forklab::lang;

namespace {
std::string hex_prefix(const std::array<unsigned char, 64>& d, size_t bytes) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < bytes; ++i) {
        s += digits[d[i] >> 4];
        s += digits[d[i] & 15];
    }
    return s;
}
}  // namespace

TEST_CASE("sha512 matches the reference digests, across the padding edges") {
    CHECK(hex_prefix(sha512(""), 16) == "cf83e1357eefb8bdf1542850d66d8007");
    CHECK(hex_prefix(sha512("abc"), 16) == "ddaf35a193617abacc417349ae204131");
    CHECK(hex_prefix(sha512(std::string(111, 'x')), 16) == "9a2a120825c2319867758ec277924f6f");  // one block exactly
    CHECK(hex_prefix(sha512(std::string(200, 'a')), 16) == "4b11459c33f52a22ee8236782714c150");  // two blocks
}

TEST_CASE("MT19937 seeded as CPython gives CPython's numbers") {
    // The reference mt19937ar.c test: init_by_array({0x123, 0x234, 0x345, 0x456}).
    Mersenne m;
    const uint32_t key[4] = {0x123, 0x234, 0x345, 0x456};
    m.seed_words(key, 4);
    CHECK(m.next32() == 1067595299u);
    CHECK(m.next32() == 955945823u);
    CHECK(m.next32() == 477289528u);
    // random.seed(42); random.getrandbits(32) twice; then random.random() on a fresh seed(42).
    const uint32_t k42[1] = {42};
    m.seed_words(k42, 1);
    CHECK(m.next32() == 2746317213u);
    CHECK(m.next32() == 478163327u);
    m.seed_words(k42, 1);
    CHECK(m.next_double() == 0.6394267984578837);
    // A child's generator differs from its parent's and from its sibling's.
    Mersenne a, b;
    a.reseed_child(m, 1, "1");
    b.reseed_child(m, 2, "2");
    CHECK(a.next32() != b.next32());
    CHECK(a.digest() != m.digest());
}

TEST_CASE("a child's generator is seeded on its first draw, from the key reseed_child kept") {
    Mersenne parent;
    const uint32_t seed[1] = {7};
    parent.seed_words(seed, 1);
    Mersenne lazy, again, sibling;
    lazy.reseed_child(parent, 3, "1:2");
    again.reseed_child(parent, 3, "1:2");
    sibling.reseed_child(parent, 3, "1:3");
    CHECK_FALSE(lazy.seeded());
    // Before any draw the digest already tells siblings apart (the explorer's state hash, a
    // grandchild's seed) and stays the same for the same key.
    CHECK(lazy.digest() == again.digest());
    CHECK(lazy.digest() != sibling.digest());
    const uint64_t before = lazy.digest();
    const uint32_t first = lazy.next32();
    CHECK(lazy.seeded());
    CHECK(lazy.digest() != before);
    CHECK(first == again.next32());
    CHECK(first != sibling.next32());
    // A child that reseeds itself (it took over its parent's interpreter) starts over too.
    lazy.reseed_child(lazy, 0, "x");
    CHECK_FALSE(lazy.seeded());
    CHECK(lazy.next32() != again.next32());
    // random.seed() in the child wins over the pending key.
    Mersenne seeded_by_user, plain;
    seeded_by_user.reseed_child(parent, 1, "1");
    seeded_by_user.seed_words(seed, 1);
    plain.seed_words(seed, 1);
    CHECK(seeded_by_user.next32() == plain.next32());
}
