// What the viewer's result line reads out of a run's stdout: the course's counter scenarios
// print "<label>: <actual> de <expected>" (or "... of ..."), e.g. "sin lock: 412345 de 800000".
// Header-only plain C++ (no ImGui) so unit tests reach it without linking the viewer.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace forklab::ui {

struct CounterLine {
    std::string label;
    int64_t actual = 0;
    int64_t expected = 0;
    bool ok() const { return actual == expected; }
    int64_t lost() const { return expected - actual; }
};

namespace detail {
inline bool parse_int(std::string_view s, int64_t* out) {
    size_t i = 0;
    bool neg = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i == s.size()) return false;
    int64_t v = 0;
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        if (v > (INT64_MAX - 9) / 10) return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return true;
}
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}
}  // namespace detail

// Every line of `out` of the form "<label>: <int> de|of <int>" (label non-empty).
inline std::vector<CounterLine> parse_counter_lines(std::string_view out) {
    std::vector<CounterLine> result;
    while (!out.empty()) {
        const size_t nl = out.find('\n');
        std::string_view line = detail::trim(out.substr(0, nl));
        out = nl == std::string_view::npos ? std::string_view{} : out.substr(nl + 1);

        const size_t colon = line.rfind(": ");
        if (colon == std::string_view::npos || colon == 0) continue;
        const std::string_view label = detail::trim(line.substr(0, colon));
        const std::string_view rest = detail::trim(line.substr(colon + 2));
        size_t sep = rest.find(" de ");
        if (sep == std::string_view::npos) sep = rest.find(" of ");
        if (sep == std::string_view::npos || label.empty()) continue;
        CounterLine c;
        if (!detail::parse_int(detail::trim(rest.substr(0, sep)), &c.actual)) continue;
        if (!detail::parse_int(detail::trim(rest.substr(sep + 4)), &c.expected)) continue;
        c.label = std::string(label);
        result.push_back(std::move(c));
    }
    return result;
}

}  // namespace forklab::ui
