// "Did you mean: 'resultado'?" for NameError and AttributeError, with CPython 3.11's rules
// (Python/suggestions.c): a Levenshtein distance where a case change costs 1 and any other
// edit 2, a cut-off that grows with the names' lengths, and at most 750 candidates.
#pragma once
#include <string>
#include <vector>

namespace forklab::lang {

// The closest candidate, or "" when none is close enough.
std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace forklab::lang
