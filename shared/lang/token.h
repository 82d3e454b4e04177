// Tokens of the scenario language. The lexer turns the whole file into a vector of these
// up front (scenario files are small), so the parser can look ahead freely and every token
// keeps its 1-based line and column for diagnostics.
#pragma once
#include <cstdint>
#include <string>

namespace forklab::lang {

enum class Tok : uint8_t {
    name,     // identifiers and keywords (the parser tells them apart)
    integer,  // ival
    real,     // fval
    string,   // text = decoded value
    fstring,  // text = raw body between the quotes; `raw` says whether escapes apply
    op,       // text = the operator or delimiter, e.g. "+=", "(", "**"
    newline,
    indent,
    dedent,
    eof,
};

struct Token {
    Tok kind = Tok::eof;
    std::string text;
    int line = 0;
    int col = 0;
    int64_t ival = 0;
    double fval = 0.0;
    bool raw = false;    // fstring: r-prefixed
    bool bytes = false;  // string: b-prefixed
    bool big = false;    // integer beyond int64: text holds the literal (digits, with 0x/0o/0b prefix)
    bool is(const char* s) const { return (kind == Tok::op || kind == Tok::name) && text == s; }
};

}  // namespace forklab::lang
