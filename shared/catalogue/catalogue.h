// The scenario catalogue: the course programs in web/scenarios/*.py, embedded at build time
// (cmake/EmbedPython.cmake) so that the desktop viewer, the tests and the browser all run
// the very same text that the web server serves. One file per scenario, one place to edit it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace forklab {

struct CatalogueScenario {
    const char* name;    // file name without ".py", e.g. "race"
    const char* source;  // the whole file
};

// Sorted by name.
const std::vector<CatalogueScenario>& scenario_catalogue();

// Null when there is no scenario of that name.
const CatalogueScenario* find_scenario(std::string_view name);

// The catalogue's `name` with the first occurrence of `from` replaced by `to` (tests use it to
// run a course scenario at a smaller size, e.g. "N, P = 200000, 4" -> "N, P = 3000, 4").
// Empty when the scenario or the text is missing.
std::string scenario_variant(std::string_view name, std::string_view from, std::string_view to);

}  // namespace forklab
