// A strict JSON reader (RFC 8259) for the files forklab reads back: `forklab bench --json`
// results now, imported traces later. It builds a small DOM, because every reader so far walks
// a document of a few megabytes at most and wants to look keys up in any order.
//
// Strict means: one value and nothing after it but whitespace; no comments, no trailing
// commas, no NaN/Infinity, no leading zeros or '+'; strings are valid UTF-8 without raw control
// characters; \u escapes (surrogate pairs joined, lone surrogates refused) come out as UTF-8;
// duplicate object keys are refused (RFC 8259 leaves them undefined, so no reader may guess).
// Errors carry a 1-based line and column (the column counts bytes) of the offending byte.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace forklab::json {

enum class Kind { null, boolean, number, string, array, object };

const char* kind_name(Kind k);  // "null", "boolean", ... for error messages

struct Value {
    Kind kind = Kind::null;
    bool boolean = false;
    double number = 0;
    // Numbers written without fraction or exponent that fit in int64 keep their exact value
    // here (trace timestamps and byte counts may pass 2^53, where a double loses digits).
    bool is_integer = false;
    int64_t integer = 0;
    std::string string;
    std::vector<Value> items;        // array elements
    std::vector<std::string> keys;   // object members, in file order: keys[i] names values[i]
    std::vector<Value> values;
    int line = 0, column = 0;        // where the value starts, for a loader's own errors

    bool is_null() const { return kind == Kind::null; }
    bool is_bool() const { return kind == Kind::boolean; }
    bool is_number() const { return kind == Kind::number; }
    bool is_string() const { return kind == Kind::string; }
    bool is_array() const { return kind == Kind::array; }
    bool is_object() const { return kind == Kind::object; }

    // The member named `key` of an object; null when absent or when this is not an object.
    const Value* find(std::string_view key) const;
};

struct ParseError {
    std::string message;  // a sentence without position, e.g. "expected ':' after an object key"
    int line = 0, column = 0;
    size_t offset = 0;
};

// A zero field means the default.
struct ReaderLimits {
    size_t max_depth = 0;  // nested arrays/objects; default 256
    size_t max_bytes = 0;  // input size; default 256 MiB
};

// Parses `text` into *out. On failure returns false, fills *error and leaves *out unspecified.
bool parse(std::string_view text, Value* out, ParseError* error, ReaderLimits limits = {});

// The same reader one value at a time, for documents too big to hold as one DOM (a trace of
// a million events): the caller walks the outer structure with expect()/next_is() and reads
// each element with value(), keeping only what it needs. Same strictness and positions as
// parse(); max_bytes is checked once, by the constructor (error() then says so, and every
// call fails).
class Cursor {
public:
    explicit Cursor(std::string_view text, ReaderLimits limits = {});
    bool value(Value* out);                 // one whole value; whitespace before it skipped
    bool expect(char c, const char* what);  // whitespace, then `c`, else an error naming `what`
    bool next_is(char c);                   // whitespace; is `c` next? (not consumed)
    bool at_end();                          // whitespace; nothing after it?
    bool fail(std::string message);         // an error at the current byte; returns false
    const ParseError& error() const { return error_; }

private:
    std::string_view s_;
    size_t max_depth_;
    size_t pos_ = 0;
    int line_ = 1;
    size_t line_start_ = 0;
    bool failed_ = false;
    ParseError error_;
    void skip_whitespace();
};

}  // namespace forklab::json
