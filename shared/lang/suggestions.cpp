#include "lang/suggestions.h"

#include <algorithm>
#include <cstdint>

namespace forklab::lang {

namespace {
constexpr int64_t kMoveCost = 2;
constexpr int64_t kCaseCost = 1;
constexpr size_t kMaxStringSize = 40;
constexpr size_t kMaxCandidates = 750;

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

int64_t substitution_cost(char a, char b) {
    if (a == b) return 0;
    return lower(a) == lower(b) ? kCaseCost : kMoveCost;
}

// Levenshtein distance of a and b, or max_cost + 1 once it is known to exceed max_cost.
int64_t distance(const std::string& a0, const std::string& b0, int64_t max_cost) {
    if (a0 == b0) return 0;
    std::string_view a = a0, b = b0;
    // Common prefix and suffix cost nothing.
    while (!a.empty() && !b.empty() && a.front() == b.front()) { a.remove_prefix(1); b.remove_prefix(1); }
    while (!a.empty() && !b.empty() && a.back() == b.back()) { a.remove_suffix(1); b.remove_suffix(1); }
    if (a.empty() || b.empty()) return int64_t(a.size() + b.size()) * kMoveCost;
    if (a.size() > kMaxStringSize || b.size() > kMaxStringSize) return max_cost + 1;
    if (b.size() < a.size()) std::swap(a, b);  // a is the shorter
    if (int64_t(b.size() - a.size()) * kMoveCost > max_cost) return max_cost + 1;
    std::vector<int64_t> row(a.size());
    for (size_t i = 0; i < a.size(); ++i) row[i] = int64_t(i + 1) * kMoveCost;
    int64_t result = 0;
    for (size_t bi = 0; bi < b.size(); ++bi) {
        int64_t distance_so_far = int64_t(bi) * kMoveCost;  // cost(b[:bi], a[:0])
        result = distance_so_far;
        int64_t minimum = INT64_MAX;
        for (size_t ai = 0; ai < a.size(); ++ai) {
            int64_t substitute = distance_so_far + substitution_cost(a[ai], b[bi]);
            distance_so_far = row[ai];
            int64_t insert_delete = std::min(result, distance_so_far) + kMoveCost;
            result = std::min(insert_delete, substitute);
            row[ai] = result;
            minimum = std::min(minimum, result);
        }
        if (minimum > max_cost) return max_cost + 1;
    }
    return result;
}
}  // namespace

std::string closest_name(const std::string& name, const std::vector<std::string>& candidates) {
    if (candidates.size() >= kMaxCandidates) return "";
    int64_t best_distance = INT64_MAX;
    const std::string* best = nullptr;
    for (const std::string& item : candidates) {
        if (item == name) continue;
        int64_t max_distance = int64_t(name.size() + item.size() + 3) * kMoveCost / 6;
        max_distance = std::min(max_distance, best_distance - 1);
        int64_t d = distance(name, item, max_distance);
        if (d > max_distance) continue;
        if (!best || d < best_distance) { best = &item; best_distance = d; }
    }
    return best ? *best : "";
}

}  // namespace forklab::lang
