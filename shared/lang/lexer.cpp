#include <algorithm>
#include "lang/lexer.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace forklab::lang {

namespace {

void append_utf8(std::string* out, uint32_t cp) {
    if (cp < 0x80) {
        out->push_back(char(cp));
    } else if (cp < 0x800) {
        out->push_back(char(0xC0 | (cp >> 6)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out->push_back(char(0xE0 | (cp >> 12)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out->push_back(char(0xF0 | (cp >> 18)));
        out->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    }
}

int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_ident_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool is_ident_char(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// Decodes one UTF-8 sequence at s[i]; returns its length (0 when malformed: bad lead byte,
// truncated, bad continuation, overlong, surrogate or beyond U+10FFFF).
size_t utf8_decode(std::string_view s, size_t i, uint32_t* cp) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) { *cp = c; return 1; }
    size_t n;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) { n = 2; v = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 3; v = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k) {
        unsigned char d = (unsigned char)s[i + k];
        if ((d & 0xC0) != 0x80) return 0;
        v = (v << 6) | (d & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return n;
}

// An approximation of Unicode's XID_Start/XID_Continue for non-ASCII code points without
// shipping the Unicode tables: letters of every script are accepted; the blocks made of
// punctuation, symbols, spaces, controls and emoji are not.
bool non_ascii_ident_char(uint32_t cp) {
    if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;  // Latin-1 controls, symbols
    if (cp == 0xD7 || cp == 0xF7) return false;                      // x and division signs
    if (cp >= 0x2000 && cp <= 0x206F) return false;   // general punctuation, spaces
    if (cp >= 0x2070 && cp <= 0x209F) return cp == 0x2071 || cp == 0x207F || (cp >= 0x2090 && cp <= 0x209C);
    if (cp >= 0x20A0 && cp <= 0x20FF) return false;   // currency, combining marks for symbols
    if (cp >= 0x2190 && cp <= 0x2BFF) return false;   // arrows, math, technical, box drawing, shapes, dingbats
    if (cp >= 0x2E00 && cp <= 0x2E7F) return false;   // supplemental punctuation
    if (cp >= 0x3000 && cp <= 0x3004) return false;   // CJK spaces and punctuation
    if (cp >= 0x3008 && cp <= 0x3020) return false;
    if (cp >= 0xE000 && cp <= 0xF8FF) return false;   // private use
    if (cp >= 0xFE10 && cp <= 0xFE6F) return false;   // vertical forms, small forms
    if (cp == 0xFEFF) return false;                   // BOM / zero-width no-break space
    if (cp >= 0xFF00 && cp <= 0xFF0F) return false;   // fullwidth punctuation
    if (cp >= 0xFF1A && cp <= 0xFF20) return false;
    if (cp >= 0xFF3B && cp <= 0xFF40 && cp != 0xFF3F) return false;
    if (cp >= 0xFF5B && cp <= 0xFF65) return false;
    if (cp >= 0xFFF0 && cp <= 0xFFFF) return false;   // specials
    if (cp >= 0x1F000 && cp <= 0x1FAFF) return false; // emoji, pictographs, playing cards
    if (cp >= 0xF0000) return false;                  // private use planes
    return true;
}

// CPython refuses at most 200 nested brackets and 100 indentation levels; forklab's parser
// recurses per level, so these limits also keep a hostile file from overflowing the stack.
constexpr int kMaxBracketDepth = 200;
constexpr size_t kMaxIndentLevels = 100;

// Longest first.
const char* const kOps[] = {
    "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "==", "!=", "<=", ">=", "<<", ">>",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", ":=", "+", "-", "*", "/", "%", "<",
    ">", "=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "@", "&", "|", "^", "~",
};

class Lexer {
public:
    Lexer(std::string_view src, const std::string& file, int line0, int col0, bool expr)
        : s_(src), file_(file), line_(line0), col0_(col0), expr_(expr) {}

    LexResult run() {
        LexResult r;
        indents_.push_back(0);
        alt_indents_.push_back(0);
        if (!check_utf8(r)) {
            Token e; e.kind = Tok::eof; e.line = line_; e.col = col();
            r.tokens.push_back(e);
            return r;
        }
        if (!expr_ && s_.compare(0, 3, "\xEF\xBB\xBF") == 0) { pos_ = 3; line_start_ = 3; }
        bool at_line_start = !expr_;
        while (!err_) {
            if (at_line_start && depth_ == 0) {
                at_line_start = false;
                if (!handle_indent(r)) break;
                if (pos_ >= s_.size()) break;
            }
            if (pos_ >= s_.size()) break;
            char c = s_[pos_];
            if (c == ' ' || c == '\t' || c == '\f') { adv(); continue; }
            if (c == '#') { while (pos_ < s_.size() && s_[pos_] != '\n') adv(); continue; }
            if (c == '\\' && pos_ + 1 < s_.size() && (s_[pos_ + 1] == '\n' || s_[pos_ + 1] == '\r')) {
                adv();
                if (s_[pos_] == '\r') adv();
                if (pos_ < s_.size() && s_[pos_] == '\n') newline_adv();
                continue;
            }
            if (c == '\r') { adv(); continue; }
            if (c == '\n') {
                if (depth_ == 0 && !expr_) {
                    if (!r.tokens.empty() && r.tokens.back().kind != Tok::newline) {
                        Token t; t.kind = Tok::newline; t.line = line_; t.col = col();
                        r.tokens.push_back(t);
                    }
                    newline_adv();
                    at_line_start = true;
                } else {
                    newline_adv();
                }
                continue;
            }
            if (std::isdigit((unsigned char)c) || (c == '.' && pos_ + 1 < s_.size() && std::isdigit((unsigned char)s_[pos_ + 1]))) {
                number(r);
                continue;
            }
            if ((unsigned char)c >= 0x80) {
                uint32_t cp = 0;
                size_t n = utf8_decode(s_, pos_, &cp);
                if (!non_ascii_ident_char(cp)) { bad_char(r, cp, n); break; }
            }
            if (is_ident_start((unsigned char)c)) {
                size_t start = pos_;
                int scol = col();
                while (pos_ < s_.size() && is_ident_char((unsigned char)s_[pos_])) {
                    if ((unsigned char)s_[pos_] >= 0x80) {
                        uint32_t cp = 0;
                        size_t n = utf8_decode(s_, pos_, &cp);
                        if (!non_ascii_ident_char(cp)) break;  // reported as the next token
                        pos_ += n;
                        continue;
                    }
                    adv();
                }
                std::string word(s_.substr(start, pos_ - start));
                // String prefixes.
                if (pos_ < s_.size() && (s_[pos_] == '\'' || s_[pos_] == '"') && word.size() <= 2) {
                    std::string low;
                    for (char ch : word) low.push_back(char(std::tolower((unsigned char)ch)));
                    if (low == "f" || low == "r" || low == "b" || low == "rf" || low == "fr" ||
                        low == "rb" || low == "br" || low == "u") {
                        string_lit(r, low, scol);
                        continue;
                    }
                }
                Token t; t.kind = Tok::name; t.text = std::move(word); t.line = line_; t.col = scol;
                r.tokens.push_back(std::move(t));
                continue;
            }
            if (c == '\'' || c == '"') { string_lit(r, "", col()); continue; }
            bool matched = false;
            for (const char* op : kOps) {
                size_t n = std::strlen(op);
                if (s_.compare(pos_, n, op) == 0) {
                    Token t; t.kind = Tok::op; t.text = op; t.line = line_; t.col = col();
                    if (n == 1 && (c == '(' || c == '[' || c == '{')) {
                        if (depth_ >= kMaxBracketDepth) { fail(r, "SyntaxError", "too many nested parentheses", line_, col()); break; }
                        ++depth_;
                        open_.push_back({c, line_, col()});
                    }
                    if (n == 1 && (c == ')' || c == ']' || c == '}')) {
                        if (depth_ > 0 && !open_.empty()) {
                            char o = open_.back().c;
                            char want = o == '(' ? ')' : o == '[' ? ']' : '}';
                            if (c != want) {
                                std::string msg = std::string("closing parenthesis '") + c + "' does not match opening parenthesis '" + o + "'";
                                if (open_.back().line != line_) msg += " on line " + std::to_string(open_.back().line);
                                fail(r, "SyntaxError", msg, line_, col());
                                break;
                            }
                        }
                        if (depth_ > 0) { --depth_; if (!open_.empty()) open_.pop_back(); }
                        else if (!expr_) { fail(r, "SyntaxError", std::string("unmatched '") + c + "'", line_, col()); break; }
                    }
                    for (size_t k = 0; k < n; ++k) adv();
                    r.tokens.push_back(std::move(t));
                    matched = true;
                    break;
                }
            }
            if (err_) break;
            if (!matched) {
                if (c == '!' ) { fail(r, "SyntaxError", "invalid syntax", line_, col()); break; }
                fail(r, "SyntaxError", std::string("invalid character '") + c + "'", line_, col());
                break;
            }
        }
        if (!err_) {
            if (depth_ > 0 && !expr_) {
                if (!open_.empty())
                    fail(r, "SyntaxError", std::string("'") + open_.back().c + "' was never closed", open_.back().line, open_.back().col);
                else
                    fail(r, "SyntaxError", "unexpected EOF while parsing (an opening bracket is never closed)", line_, col());
                r.unclosed_bracket = true;
            } else {
                if (!expr_ && !r.tokens.empty() && r.tokens.back().kind != Tok::newline) {
                    Token t; t.kind = Tok::newline; t.line = line_; t.col = col();
                    r.tokens.push_back(t);
                }
                while (indents_.size() > 1) {
                    indents_.pop_back();
                    Token t; t.kind = Tok::dedent; t.line = line_; t.col = 1;
                    r.tokens.push_back(t);
                }
            }
        }
        Token e; e.kind = Tok::eof; e.line = line_; e.col = col();
        r.tokens.push_back(e);
        return r;
    }

private:
    struct Open { char c; int line, col; };

    // Python source is UTF-8: a malformed byte anywhere is a SyntaxError before tokenizing.
    bool check_utf8(LexResult& r) {
        int line = line_;
        size_t ls = 0;
        for (size_t i = 0; i < s_.size();) {
            unsigned char c = (unsigned char)s_[i];
            if (c < 0x80) { if (c == '\n') { ++line; ls = i + 1; } ++i; continue; }
            uint32_t cp = 0;
            size_t n = utf8_decode(s_, i, &cp);
            if (n == 0) {
                static const char* hex = "0123456789abcdef";
                std::string b = "0x";
                b.push_back(hex[c >> 4]); b.push_back(hex[c & 15]);
                fail(r, "SyntaxError", "(unicode error) invalid UTF-8 byte " + b + ": source files must be UTF-8",
                     line, int(i - ls) + (line == first_line_ ? col0_ : 1));
                return false;
            }
            i += n;
        }
        return true;
    }

    void bad_char(LexResult& r, uint32_t cp, size_t n) {
        static const char* hex = "0123456789ABCDEF";
        std::string u;
        for (int sh = cp > 0xFFFF ? 20 : 12; sh >= 0; sh -= 4) u.push_back(hex[(cp >> sh) & 15]);
        bool printable = !(cp <= 0xA0 || cp == 0xAD || (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
                           cp == 0x205F || cp == 0x3000 || cp == 0xFEFF || (cp >= 0xE000 && cp <= 0xF8FF));
        if (printable)
            fail(r, "SyntaxError", "invalid character '" + std::string(s_.substr(pos_, n)) + "' (U+" + u + ")", line_, col());
        else
            fail(r, "SyntaxError", "invalid non-printable character U+" + u, line_, col());
    }

    int col() const { return int(pos_ - line_start_) + (line_ == first_line() ? col0_ : 1); }
    int first_line() const { return first_line_; }
    void adv() { ++pos_; }
    void newline_adv() { ++pos_; ++line_; line_start_ = pos_; col0_ = 1; }

    void fail(LexResult& r, const char* kind, std::string msg, int line, int c) {
        if (err_) return;
        err_ = true;
        Diagnostic d; d.kind = kind; d.file = file_; d.line = line; d.col = c; d.message = std::move(msg);
        r.error = d;
    }

    // At the start of a logical line: measure indentation, skip blank lines, emit INDENT/DEDENT.
    bool handle_indent(LexResult& r) {
        for (;;) {
            // CPython measures indentation twice, with tabs to multiples of 8 and of 1; when the
            // two disagree about the nesting the file mixes tabs and spaces ambiguously.
            int width = 0, alt = 0;
            size_t p = pos_;
            while (p < s_.size() && (s_[p] == ' ' || s_[p] == '\t' || s_[p] == '\f')) {
                if (s_[p] == '\t') { width = (width / 8 + 1) * 8; alt = alt + 1; }
                else if (s_[p] == ' ') { ++width; ++alt; }
                else { width = alt = 0; }
                ++p;
            }
            if (p >= s_.size()) { pos_ = p; return true; }
            if (s_[p] == '\n' || s_[p] == '#' || s_[p] == '\r') {
                while (p < s_.size() && s_[p] != '\n') ++p;
                pos_ = p;
                if (pos_ < s_.size()) newline_adv();
                continue;
            }
            if (s_[p] == '\\' && p + 1 < s_.size() && s_[p + 1] == '\n') {
                pos_ = p + 1; newline_adv();
                continue;
            }
            pos_ = p;
            if (width == indents_.back()) {
                if (alt != alt_indents_.back()) return tab_error(r);
            } else if (width > indents_.back()) {
                if (alt <= alt_indents_.back()) return tab_error(r);
                if (r.tokens.empty() || r.tokens.back().kind != Tok::newline || !last_was_colon(r)) {
                    // `def f(x)` + indented body: CPython blames the missing ':' first.
                    if (const Token* nl = compound_header_end(r)) {
                        fail(r, "SyntaxError", "expected ':'", nl->line, nl->col);
                        return false;
                    }
                    fail(r, "IndentationError", "unexpected indent", line_, col());
                    return false;
                }
                if (indents_.size() > kMaxIndentLevels) {
                    fail(r, "IndentationError", "too many levels of indentation", line_, col());
                    return false;
                }
                indents_.push_back(width);
                alt_indents_.push_back(alt);
                Token t; t.kind = Tok::indent; t.line = line_; t.col = col();
                r.tokens.push_back(t);
            } else {
                while (width < indents_.back()) {
                    indents_.pop_back();
                    alt_indents_.pop_back();
                    Token t; t.kind = Tok::dedent; t.line = line_; t.col = col();
                    r.tokens.push_back(t);
                }
                if (width != indents_.back()) {
                    fail(r, "IndentationError", "unindent does not match any outer indentation level", line_, col());
                    return false;
                }
                if (alt != alt_indents_.back()) return tab_error(r);
            }
            return true;
        }
    }

    bool tab_error(LexResult& r) {
        fail(r, "TabError", "inconsistent use of tabs and spaces in indentation", line_, col());
        return false;
    }

    // The NEWLINE ending the previous logical line when that line starts with a compound
    // statement keyword (so the indented line after it lacks only the ':'); null otherwise.
    static const Token* compound_header_end(const LexResult& r) {
        size_t n = r.tokens.size();
        if (n < 2 || r.tokens[n - 1].kind != Tok::newline) return nullptr;
        size_t i = n - 1;
        while (i > 0 && r.tokens[i - 1].kind != Tok::newline && r.tokens[i - 1].kind != Tok::indent &&
               r.tokens[i - 1].kind != Tok::dedent)
            --i;
        const Token& first = r.tokens[i];
        static const char* const kw[] = {"def", "if", "elif", "else", "for", "while", "with", "class", "try", "except", "finally"};
        if (first.kind != Tok::name) return nullptr;
        for (const char* k : kw) if (first.text == k) return &r.tokens[n - 1];
        return nullptr;
    }
    static bool last_was_colon(const LexResult& r) {
        // The token before the NEWLINE must be ':' for an indented block to be legal.
        size_t n = r.tokens.size();
        return n >= 2 && r.tokens[n - 2].kind == Tok::op && r.tokens[n - 2].text == ":";
    }

    void number(LexResult& r) {
        size_t start = pos_;
        int scol = col();
        Token t; t.line = line_; t.col = scol;
        auto digits_of = [&](auto pred) {
            std::string d;
            while (pos_ < s_.size() && (pred((unsigned char)s_[pos_]) || s_[pos_] == '_')) {
                if (s_[pos_] != '_') d.push_back(s_[pos_]);
                adv();
            }
            return d;
        };
        if (s_[pos_] == '0' && pos_ + 1 < s_.size() && std::strchr("xXoObB", s_[pos_ + 1])) {
            char k = char(std::tolower((unsigned char)s_[pos_ + 1]));
            adv(); adv();
            int base = k == 'x' ? 16 : k == 'o' ? 8 : 2;
            std::string d = digits_of([&](unsigned char ch) { return std::isxdigit(ch) != 0; });
            errno = 0;
            char* end = nullptr;
            unsigned long long v = std::strtoull(d.c_str(), &end, base);
            if (d.empty() || *end) { fail(r, "SyntaxError", "invalid number literal", t.line, scol); return; }
            t.kind = Tok::integer;
            if (errno == ERANGE || v > (unsigned long long)INT64_MAX) { t.big = true; t.text = std::string("0") + k + d; }
            else t.ival = (int64_t)v;
            r.tokens.push_back(t);
            return;
        }
        std::string text = digits_of([](unsigned char ch) { return std::isdigit(ch) != 0; });
        bool is_float = false;
        if (pos_ < s_.size() && s_[pos_] == '.') {
            is_float = true; adv(); text.push_back('.');
            text += digits_of([](unsigned char ch) { return std::isdigit(ch) != 0; });
        }
        if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
            size_t save = pos_;
            std::string e = "e";
            adv();
            if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) { e.push_back(s_[pos_]); adv(); }
            std::string ed = digits_of([](unsigned char ch) { return std::isdigit(ch) != 0; });
            if (ed.empty()) pos_ = save;
            else { is_float = true; text += e + ed; }
        }
        if (pos_ < s_.size() && (s_[pos_] == 'j' || s_[pos_] == 'J')) {
            fail(r, "NotSupported", "forklab does not support complex numbers yet", t.line, scol);
            return;
        }
        if (pos_ < s_.size() && is_ident_start((unsigned char)s_[pos_])) {
            fail(r, "SyntaxError", "invalid decimal literal", t.line, scol);
            return;
        }
        (void)start;
        if (is_float) {
            t.kind = Tok::real; t.fval = std::strtod(text.c_str(), nullptr);
        } else {
            errno = 0;
            unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
            t.kind = Tok::integer;
            if (errno == ERANGE || v > (unsigned long long)INT64_MAX) { t.big = true; t.text = text; }  // a big int
            else t.ival = (int64_t)v;
        }
        r.tokens.push_back(t);
    }

    void string_lit(LexResult& r, const std::string& prefix, int scol) {
        int sline = line_;
        char q = s_[pos_];
        bool triple = s_.compare(pos_, 3, std::string(3, q)) == 0;
        size_t qn = triple ? 3 : 1;
        for (size_t k = 0; k < qn; ++k) adv();
        bool raw = prefix.find('r') != std::string::npos;
        std::string body;
        for (;;) {
            if (pos_ >= s_.size()) {
                // CPython names the line of the file's last character.
                size_t end = s_.size();
                if (end > 0 && s_[end - 1] == '\n') --end;
                int last = 1 + int(std::count(s_.begin(), s_.begin() + long(end), '\n'));
                fail(r, "SyntaxError", std::string(triple ? "unterminated triple-quoted string literal" : "unterminated string literal") +
                     " (detected at line " + std::to_string(last) + ")", sline, scol);
                return;
            }
            char c = s_[pos_];
            if (c == '\\' && pos_ + 1 < s_.size()) {
                body.push_back(c);
                adv();
                if (s_[pos_] == '\n') { body.push_back('\n'); newline_adv(); }
                else { body.push_back(s_[pos_]); adv(); }
                continue;
            }
            if (c == '\n') {
                if (!triple) {
                    fail(r, "SyntaxError", "unterminated string literal (detected at line " + std::to_string(sline) + ")", sline, scol);
                    return;
                }
                body.push_back('\n'); newline_adv();
                continue;
            }
            if (c == q && (!triple || s_.compare(pos_, 3, std::string(3, q)) == 0)) {
                for (size_t k = 0; k < qn; ++k) adv();
                break;
            }
            body.push_back(c);
            adv();
        }
        Token t; t.line = sline; t.col = scol; t.raw = raw;
        t.bytes = prefix.find('b') != std::string::npos;
        if (prefix.find('f') != std::string::npos) {
            t.kind = Tok::fstring; t.text = std::move(body);
        } else {
            t.kind = Tok::string;
            if (t.bytes) {
                for (unsigned char ch : body)
                    if (ch >= 0x80) { fail(r, "SyntaxError", "bytes can only contain ASCII literal characters", sline, scol); return; }
            }
            if (raw) t.text = std::move(body);
            else if (!decode_escapes(body, &t.text, t.bytes)) {
                fail(r, "SyntaxError", "invalid escape sequence in string literal", sline, scol);
                return;
            }
        }
        r.tokens.push_back(std::move(t));
    }

    std::string_view s_;
    const std::string& file_;
    size_t pos_ = 0;
    size_t line_start_ = 0;
    int line_;
    int col0_;
    int first_line_ = line_;
    bool expr_;
    int depth_ = 0;
    bool err_ = false;
    std::vector<int> indents_;
    std::vector<int> alt_indents_;
    std::vector<Open> open_;
};

}  // namespace

bool decode_escapes(std::string_view b, std::string* out, bool bytes) {
    out->clear();
    for (size_t i = 0; i < b.size(); ++i) {
        char c = b[i];
        if (c != '\\' || i + 1 >= b.size()) { out->push_back(c); continue; }
        char e = b[++i];
        switch (e) {
            case '\n': break;
            case '\\': out->push_back('\\'); break;
            case '\'': out->push_back('\''); break;
            case '"': out->push_back('"'); break;
            case 'n': out->push_back('\n'); break;
            case 't': out->push_back('\t'); break;
            case 'r': out->push_back('\r'); break;
            case 'a': out->push_back('\a'); break;
            case 'b': out->push_back('\b'); break;
            case 'f': out->push_back('\f'); break;
            case 'v': out->push_back('\v'); break;
            case 'x': case 'u': case 'U': {
                if (bytes && e != 'x') { out->push_back('\\'); out->push_back(e); break; }
                int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (i + n >= b.size() + 0 && i + n > b.size() - 1 + 1) return false;
                uint32_t cp = 0;
                for (int k = 0; k < n; ++k) {
                    if (i + 1 >= b.size()) return false;
                    int h = hexval(b[++i]);
                    if (h < 0) return false;
                    cp = cp * 16 + uint32_t(h);
                }
                if (bytes) out->push_back(char(cp));
                else append_utf8(out, cp);
                break;
            }
            default:
                if (e >= '0' && e <= '7') {
                    uint32_t cp = uint32_t(e - '0');
                    for (int k = 0; k < 2 && i + 1 < b.size() && b[i + 1] >= '0' && b[i + 1] <= '7'; ++k)
                        cp = cp * 8 + uint32_t(b[++i] - '0');
                    if (bytes) out->push_back(char(cp & 0xff));
                    else append_utf8(out, cp);
                } else {
                    out->push_back('\\');
                    out->push_back(e);
                }
        }
    }
    return true;
}

LexResult lex(std::string_view src, const std::string& filename, int line0, int col0, bool expression_only) {
    return Lexer(src, filename, line0, col0, expression_only).run();
}

}  // namespace forklab::lang
