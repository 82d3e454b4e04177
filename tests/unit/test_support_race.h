// The course's race scenario at a test-friendly size, and reading its counters back, for the
// backend tests (sim, threads, fork) that all run it.
#pragma once
#include <string>

#include "catalogue/catalogue.h"

namespace forklab::testing {

// web/scenarios/race.py with N increments per process instead of 200000.
inline std::string race_scenario(int n) {
    return scenario_variant("race", "N, P = 200000, 4", "N, P = " + std::to_string(n) + ", 4");
}

// The number printed after `prefix` ("sin lock: 7412 de 8000" -> 7412); -1 when absent.
inline long counter_after(const std::string& out, const std::string& prefix) {
    const size_t at = out.find(prefix);
    if (at == std::string::npos) return -1;
    return std::stol(out.substr(at + prefix.size()));
}

}  // namespace forklab::testing
