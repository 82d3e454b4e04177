#include "catalogue/catalogue.h"

namespace forklab {

const CatalogueScenario* find_scenario(std::string_view name) {
    for (const CatalogueScenario& s : scenario_catalogue())
        if (name == s.name) return &s;
    return nullptr;
}

std::string scenario_variant(std::string_view name, std::string_view from, std::string_view to) {
    const CatalogueScenario* s = find_scenario(name);
    if (!s) return {};
    std::string text = s->source;
    const size_t at = text.find(from);
    if (at == std::string::npos) return {};
    text.replace(at, from.size(), to);
    return text;
}

}  // namespace forklab
