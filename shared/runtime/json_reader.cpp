// Recursive descent over the bytes, one function per grammar rule of RFC 8259. Newlines can
// only appear in whitespace (raw control characters are refused inside strings), so the line
// counter lives in skip_whitespace().
#include "runtime/json_reader.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unordered_set>

namespace forklab::json {

const char* kind_name(Kind k) {
    switch (k) {
        case Kind::null: return "null";
        case Kind::boolean: return "boolean";
        case Kind::number: return "number";
        case Kind::string: return "string";
        case Kind::array: return "array";
        case Kind::object: return "object";
    }
    return "?";
}

const Value* Value::find(std::string_view key) const {
    if (kind != Kind::object) return nullptr;
    for (size_t i = 0; i < keys.size(); ++i)
        if (keys[i] == key) return &values[i];
    return nullptr;
}

namespace {

class Reader {
public:
    Reader(std::string_view text, size_t max_depth) : s_(text), max_depth_(max_depth) {}
    // Resumes where a Cursor stands.
    Reader(std::string_view text, size_t max_depth, size_t pos, int line, size_t line_start)
        : s_(text), max_depth_(max_depth), pos_(pos), line_(line), line_start_(line_start) {}

    bool one_value(Value* out) {
        skip_whitespace();
        return value(out, 0);
    }
    size_t pos() const { return pos_; }
    int line() const { return line_; }
    size_t line_start() const { return line_start_; }

    bool document(Value* out) {
        skip_whitespace();
        if (!value(out, 0)) return false;
        skip_whitespace();
        if (pos_ < s_.size()) return fail("unexpected text after the JSON value");
        return true;
    }

    ParseError error;

private:
    std::string_view s_;
    size_t max_depth_;
    size_t pos_ = 0;
    int line_ = 1;
    size_t line_start_ = 0;

    bool at_end() const { return pos_ >= s_.size(); }
    int column_at(size_t offset) const { return (int)(offset - line_start_) + 1; }

    bool fail_at(size_t offset, std::string message) {
        error.message = std::move(message);
        error.line = line_;
        error.column = column_at(offset);
        error.offset = offset;
        return false;
    }
    bool fail(std::string message) { return fail_at(pos_, std::move(message)); }
    bool fail_end_or(const char* message) {
        return at_end() ? fail("unexpected end of input (the file is truncated)") : fail(message);
    }

    void skip_whitespace() {
        while (pos_ < s_.size()) {
            const char c = s_[pos_];
            if (c == '\n') {
                ++line_;
                line_start_ = ++pos_;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                ++pos_;
            } else {
                break;
            }
        }
    }

    bool value(Value* out, size_t depth) {
        out->line = line_;
        out->column = column_at(pos_);
        if (at_end()) return fail("unexpected end of input (the file is truncated)");
        const char c = s_[pos_];
        switch (c) {
            case '{': return object(out, depth + 1);
            case '[': return array(out, depth + 1);
            case '"': out->kind = Kind::string; return string(&out->string);
            case 't': return literal("true", out, Kind::boolean, true);
            case 'f': return literal("false", out, Kind::boolean, false);
            case 'n': return literal("null", out, Kind::null, false);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number(out);
                return fail(std::string("unexpected character ") + describe(c) + ", expected a value");
        }
    }

    static std::string describe(char c) {
        const unsigned char u = (unsigned char)c;
        if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
        char buf[16];
        std::snprintf(buf, sizeof buf, "byte 0x%02x", u);
        return buf;
    }

    bool literal(std::string_view word, Value* out, Kind kind, bool b) {
        for (size_t i = 0; i < word.size(); ++i) {
            if (pos_ + i >= s_.size()) {
                pos_ += i;
                return fail("unexpected end of input (the file is truncated)");
            }
            if (s_[pos_ + i] != word[i])
                return fail_at(pos_, "invalid literal, expected '" + std::string(word) + "'");
        }
        pos_ += word.size();
        out->kind = kind;
        out->boolean = b;
        return true;
    }

    bool enter(size_t depth) {
        if (depth > max_depth_)
            return fail("nesting deeper than " + std::to_string(max_depth_) + " levels");
        return true;
    }

    bool array(Value* out, size_t depth) {
        if (!enter(depth)) return false;
        out->kind = Kind::array;
        ++pos_;  // '['
        skip_whitespace();
        if (!at_end() && s_[pos_] == ']') {
            ++pos_;
            return true;
        }
        for (;;) {
            skip_whitespace();
            out->items.emplace_back();
            if (!value(&out->items.back(), depth)) return false;
            skip_whitespace();
            if (at_end()) return fail("unexpected end of input (the file is truncated)");
            if (s_[pos_] == ',') {
                ++pos_;
                skip_whitespace();
                if (!at_end() && s_[pos_] == ']') return fail("trailing comma before ']'");
                continue;
            }
            if (s_[pos_] == ']') {
                ++pos_;
                return true;
            }
            return fail("expected ',' or ']' after an array element");
        }
    }

    bool object(Value* out, size_t depth) {
        if (!enter(depth)) return false;
        out->kind = Kind::object;
        ++pos_;  // '{'
        skip_whitespace();
        if (!at_end() && s_[pos_] == '}') {
            ++pos_;
            return true;
        }
        std::unordered_set<std::string> seen;
        for (;;) {
            skip_whitespace();
            if (at_end() || s_[pos_] != '"') {
                if (!at_end() && s_[pos_] == '}') return fail("trailing comma before '}'");
                return fail_end_or("expected a string as object key");
            }
            const size_t key_at = pos_;
            std::string key;
            if (!string(&key)) return false;
            if (!seen.insert(key).second) return fail_at(key_at, "duplicate key \"" + key + "\"");
            skip_whitespace();
            if (at_end() || s_[pos_] != ':') return fail_end_or("expected ':' after an object key");
            ++pos_;
            skip_whitespace();
            out->keys.push_back(std::move(key));
            out->values.emplace_back();
            if (!value(&out->values.back(), depth)) return false;
            skip_whitespace();
            if (at_end()) return fail("unexpected end of input (the file is truncated)");
            if (s_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (s_[pos_] == '}') {
                ++pos_;
                return true;
            }
            return fail("expected ',' or '}' after an object member");
        }
    }

    bool number(Value* out) {
        const size_t start = pos_;
        auto digits = [&] {
            const size_t from = pos_;
            while (!at_end() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
            return pos_ - from;
        };
        if (s_[pos_] == '-') ++pos_;
        if (at_end()) return fail("unexpected end of input (the file is truncated)");
        if (s_[pos_] == '0') {
            ++pos_;
            if (!at_end() && s_[pos_] >= '0' && s_[pos_] <= '9')
                return fail_at(start, "leading zeros are not allowed in a number");
        } else if (digits() == 0) {
            return fail("expected a digit");
        }
        bool integral = true;
        if (!at_end() && s_[pos_] == '.') {
            integral = false;
            ++pos_;
            if (digits() == 0) return fail_end_or("expected a digit after '.'");
        }
        if (!at_end() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
            integral = false;
            ++pos_;
            if (!at_end() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
            if (digits() == 0) return fail_end_or("expected a digit in the exponent");
        }
        const char* first = s_.data() + start;
        const char* last = s_.data() + pos_;
        out->kind = Kind::number;
        // strtod, not from_chars: Emscripten's libc++ has no floating-point from_chars. The
        // grammar above already checked the text, and scenarios never change the C locale.
        const std::string txt(first, last);
        char* end = nullptr;
        out->number = std::strtod(txt.c_str(), &end);
        if (end != txt.c_str() + txt.size()) return fail_at(start, "invalid number");
        // Too big for a double is an error (the format has no infinity); too small (1e-400)
        // reads as 0, as in every JSON reader.
        if (!std::isfinite(out->number)) return fail_at(start, "number out of range");
        if (integral) {
            const auto ri = std::from_chars(first, last, out->integer);
            out->is_integer = ri.ec == std::errc();
        }
        return true;
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    // Reads the 4 hex digits after "\u" at pos_.
    bool hex4(unsigned* out) {
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            if (at_end()) return fail("unexpected end of input (the file is truncated)");
            const int h = hex(s_[pos_]);
            if (h < 0) return fail("expected 4 hex digits after \\u");
            v = v * 16 + (unsigned)h;
            ++pos_;
        }
        *out = v;
        return true;
    }

    static void append_utf8(std::string* out, unsigned cp) {
        if (cp < 0x80) {
            out->push_back((char)cp);
        } else if (cp < 0x800) {
            out->push_back((char)(0xc0 | (cp >> 6)));
            out->push_back((char)(0x80 | (cp & 0x3f)));
        } else if (cp < 0x10000) {
            out->push_back((char)(0xe0 | (cp >> 12)));
            out->push_back((char)(0x80 | ((cp >> 6) & 0x3f)));
            out->push_back((char)(0x80 | (cp & 0x3f)));
        } else {
            out->push_back((char)(0xf0 | (cp >> 18)));
            out->push_back((char)(0x80 | ((cp >> 12) & 0x3f)));
            out->push_back((char)(0x80 | ((cp >> 6) & 0x3f)));
            out->push_back((char)(0x80 | (cp & 0x3f)));
        }
    }

    // One UTF-8 sequence starting at pos_ (a byte >= 0x80): shortest form, no surrogates,
    // at most U+10FFFF (the rules of RFC 3629).
    bool utf8_sequence(std::string* out) {
        const unsigned char b0 = (unsigned char)s_[pos_];
        int len = 0;
        unsigned min = 0, cp = 0;
        if (b0 >= 0xc2 && b0 <= 0xdf) { len = 2; cp = b0 & 0x1f; min = 0x80; }
        else if (b0 >= 0xe0 && b0 <= 0xef) { len = 3; cp = b0 & 0x0f; min = 0x800; }
        else if (b0 >= 0xf0 && b0 <= 0xf4) { len = 4; cp = b0 & 0x07; min = 0x10000; }
        else return fail("invalid UTF-8 in a string");
        if (pos_ + (size_t)len > s_.size()) return fail("invalid UTF-8 in a string (truncated sequence)");
        for (int i = 1; i < len; ++i) {
            const unsigned char b = (unsigned char)s_[pos_ + (size_t)i];
            if ((b & 0xc0) != 0x80) return fail("invalid UTF-8 in a string");
            cp = (cp << 6) | (b & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return fail("invalid UTF-8 in a string");
        out->append(s_.data() + pos_, (size_t)len);
        pos_ += (size_t)len;
        return true;
    }

    bool string(std::string* out) {
        ++pos_;  // opening quote
        for (;;) {
            if (at_end()) return fail("unexpected end of input inside a string (the file is truncated)");
            const char c = s_[pos_];
            if (c == '"') {
                ++pos_;
                return true;
            }
            if ((unsigned char)c < 0x20) return fail("raw control character in a string (write it as an escape)");
            if ((unsigned char)c >= 0x80) {
                if (!utf8_sequence(out)) return false;
                continue;
            }
            if (c != '\\') {
                out->push_back(c);
                ++pos_;
                continue;
            }
            const size_t escape_at = pos_;
            ++pos_;
            if (at_end()) return fail("unexpected end of input inside a string (the file is truncated)");
            const char e = s_[pos_++];
            switch (e) {
                case '"': out->push_back('"'); break;
                case '\\': out->push_back('\\'); break;
                case '/': out->push_back('/'); break;
                case 'b': out->push_back('\b'); break;
                case 'f': out->push_back('\f'); break;
                case 'n': out->push_back('\n'); break;
                case 'r': out->push_back('\r'); break;
                case 't': out->push_back('\t'); break;
                case 'u': {
                    unsigned cp = 0;
                    if (!hex4(&cp)) return false;
                    if (cp >= 0xdc00 && cp <= 0xdfff)
                        return fail_at(escape_at, "lone low surrogate in a \\u escape");
                    if (cp >= 0xd800 && cp <= 0xdbff) {
                        unsigned lo = 0;
                        if (pos_ + 1 >= s_.size() || s_[pos_] != '\\' || s_[pos_ + 1] != 'u')
                            return fail_at(escape_at, "high surrogate not followed by a low surrogate");
                        pos_ += 2;
                        if (!hex4(&lo)) return false;
                        if (lo < 0xdc00 || lo > 0xdfff)
                            return fail_at(escape_at, "high surrogate not followed by a low surrogate");
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    }
                    append_utf8(out, cp);
                    break;
                }
                default:
                    return fail_at(escape_at, "invalid escape " + describe(e) + " after '\\'");
            }
        }
    }
};

}  // namespace

bool parse(std::string_view text, Value* out, ParseError* error, ReaderLimits limits) {
    const size_t max_bytes = limits.max_bytes ? limits.max_bytes : (size_t)256 << 20;
    const size_t max_depth = limits.max_depth ? limits.max_depth : 256;
    *out = Value{};
    if (text.size() > max_bytes) {
        if (error)
            *error = ParseError{"input of " + std::to_string(text.size()) + " bytes is over the limit of " +
                                    std::to_string(max_bytes) + " bytes",
                                1, 1, 0};
        return false;
    }
    Reader reader(text, max_depth);
    if (reader.document(out)) return true;
    if (error) *error = reader.error;
    return false;
}

Cursor::Cursor(std::string_view text, ReaderLimits limits)
    : s_(text), max_depth_(limits.max_depth ? limits.max_depth : 256) {
    const size_t max_bytes = limits.max_bytes ? limits.max_bytes : (size_t)256 << 20;
    if (text.size() > max_bytes) {
        error_ = ParseError{"input of " + std::to_string(text.size()) + " bytes is over the limit of " +
                                std::to_string(max_bytes) + " bytes",
                            1, 1, 0};
        failed_ = true;
    }
}

void Cursor::skip_whitespace() {
    while (pos_ < s_.size()) {
        const char c = s_[pos_];
        if (c == '\n') {
            ++line_;
            line_start_ = ++pos_;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            ++pos_;
        } else {
            break;
        }
    }
}

bool Cursor::value(Value* out) {
    if (failed_) return false;
    *out = Value{};
    Reader r(s_, max_depth_, pos_, line_, line_start_);
    const bool ok = r.one_value(out);
    pos_ = r.pos();
    line_ = r.line();
    line_start_ = r.line_start();
    if (!ok) {
        error_ = r.error;
        failed_ = true;
    }
    return ok;
}

bool Cursor::expect(char c, const char* what) {
    if (failed_) return false;
    skip_whitespace();
    if (pos_ < s_.size() && s_[pos_] == c) {
        ++pos_;
        return true;
    }
    return fail(pos_ >= s_.size() ? std::string("unexpected end of input (the file is truncated)")
                                  : std::string("expected ") + what);
}

bool Cursor::next_is(char c) {
    if (failed_) return false;
    skip_whitespace();
    return pos_ < s_.size() && s_[pos_] == c;
}

bool Cursor::at_end() {
    if (failed_) return false;
    skip_whitespace();
    return pos_ >= s_.size();
}

bool Cursor::fail(std::string message) {
    if (failed_) return false;
    error_ = ParseError{std::move(message), line_, (int)(pos_ - line_start_) + 1, pos_};
    failed_ = true;
    return false;
}

}  // namespace forklab::json
