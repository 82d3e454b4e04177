// Lexer: source text -> tokens, with Python's layout rules. An indent stack turns leading
// whitespace into INDENT/DEDENT tokens; inside (), [] and {} newlines are ignored (implicit
// line joining) and a trailing backslash joins lines explicitly. The first error stops the
// lexer and is returned as a Diagnostic (SyntaxError or IndentationError).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/token.h"
#include "runtime/diagnostic.h"

namespace forklab::lang {

struct LexResult {
    std::vector<Token> tokens;          // ends with eof
    std::optional<Diagnostic> error;
    bool unclosed_bracket = false;      // error is "'(' was never closed" at the end of input;
                                        // tokens then hold everything before the end
};

// `line0`/`col0` offset positions (used for the expressions inside f-strings).
LexResult lex(std::string_view src, const std::string& filename, int line0 = 1, int col0 = 1,
              bool expression_only = false);

// Decodes backslash escapes of a non-raw string body. Returns false on a malformed escape.
// Backslash escapes of a literal's body. For bytes literals (`bytes`), \xNN and octal
// escapes are single bytes and \u / \U are not escapes.
bool decode_escapes(std::string_view body, std::string* out, bool bytes = false);

}  // namespace forklab::lang
