// SHA-512 (FIPS 180-4), for random.seed(str) and seed(bytes): CPython turns such a seed into
// int.from_bytes(a + sha512(a).digest()), so the same string gives CPython's sequence.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

namespace forklab::lang {

std::array<unsigned char, 64> sha512(std::string_view data);

}  // namespace forklab::lang
