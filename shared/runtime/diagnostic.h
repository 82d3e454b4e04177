// A diagnostic is what the core reports instead of printing: the CLI turns it into
// "file:line:col: Kind: message" plus the source line and a caret, the viewer marks the
// line, the browser posts it to the page. The core itself never writes to a stream.
#pragma once
#include <string>
#include <string_view>

namespace forklab {

struct Diagnostic {
    std::string kind;     // "SyntaxError", "IndentationError", "NotSupported", "LimitExceeded", ...
    std::string file;     // as given by the user, e.g. "race.py"
    int line = 0;         // 1-based; 0 when unknown
    int col = 0;          // 1-based; 0 when unknown
    std::string message;  // one sentence, no trailing newline
};

// The language of forklab's own reports (deadlock and budget explanations, blocked-state
// reasons; RunRequest::lang). The scenario's output and Python's tracebacks are never translated.
enum class Lang { en, es };
const char* lang_name(Lang l);
// "en", "es", and locale strings such as "es_ES.UTF-8" or "en-GB" (their first two letters).
bool lang_from_name(std::string_view s, Lang* out);

// "race.py:3:7: SyntaxError: invalid syntax\n    x = = 1\n        ^\n"
// `source` is the whole file, used to quote the offending line (may be empty).
std::string format_diagnostic(const Diagnostic& d, std::string_view source);

}  // namespace forklab
