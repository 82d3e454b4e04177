#include "runtime/diagnostic.h"

namespace forklab {

std::string format_diagnostic(const Diagnostic& d, std::string_view source) {
    std::string out = d.file;
    if (d.line > 0) {
        out += ":" + std::to_string(d.line);
        if (d.col > 0) out += ":" + std::to_string(d.col);
    }
    out += ": " + d.kind + ": " + d.message + "\n";
    if (d.line <= 0 || source.empty()) return out;
    size_t start = 0;
    for (int l = 1; l < d.line; ++l) {
        size_t nl = source.find('\n', start);
        if (nl == std::string_view::npos) return out;
        start = nl + 1;
    }
    size_t end = source.find('\n', start);
    std::string_view line = source.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out += "    ";
    out += line;
    out += "\n";
    if (d.col > 0) {
        std::string pad = "    ";
        // Keep tabs so the caret lines up under the same column in a terminal.
        for (int i = 0; i < d.col - 1 && size_t(i) < line.size(); ++i) pad.push_back(line[size_t(i)] == '\t' ? '\t' : ' ');
        out += pad + "^\n";
    }
    return out;
}

const char* lang_name(Lang l) { return l == Lang::es ? "es" : "en"; }

bool lang_from_name(std::string_view s, Lang* out) {
    if (s.size() < 2 || (s.size() > 2 && s[2] != '_' && s[2] != '-' && s[2] != '.')) return false;
    const std::string_view two = s.substr(0, 2);
    if (two == "en" || two == "EN") *out = Lang::en;
    else if (two == "es" || two == "ES") *out = Lang::es;
    else return false;
    return true;
}

}  // namespace forklab
