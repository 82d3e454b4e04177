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

// The one rule for a language name, shared by the CLI's locale and --lang, the viewer's
// --lang and the page's forklab.setLanguage (web/lab-url.js holds the page's own rule for
// ?lang= and the browser's languages). Accepts "en", "es", a language tag ("EN-us", "es-AR")
// or a locale name ("es_ES.UTF-8"); refuses "espanol", "fr", "C.UTF-8" and "".
bool lang_from_name(std::string_view s, Lang* out) {
    if (s.size() < 2 || (s.size() > 2 && s[2] != '_' && s[2] != '-' && s[2] != '.')) return false;
    // Case-blind, as BCP 47 tags and locale names are: "ES", "Es-ar" and "en_GB" all name one.
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    const char a = lower(s[0]), b = lower(s[1]);
    if (a == 'e' && b == 'n') *out = Lang::en;
    else if (a == 'e' && b == 's') *out = Lang::es;
    else return false;
    return true;
}

}  // namespace forklab
