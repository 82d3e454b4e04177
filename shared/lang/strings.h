// Python's str beyond what value.h needs: the str methods (str_methods.cpp), the three ways
// to format text (format.cpp: format specs and str.format; percent_format.cpp: "..." % x),
// and the code-point helpers they share (unicode.cpp).
//
// Strings are UTF-8 std::string, but every position Python shows counts code points, so each
// positional operation maps code points to bytes; ASCII strings (the common case) skip that
// and work on bytes directly.
//
// Unicode coverage, without ICU or locale functions:
//  - case mapping (upper, lower, title, capitalize, swapcase, casefold), cased/upper/lower
//    tests: exact for ASCII, Latin-1 Supplement, Latin Extended-A (U+0000-U+017F), Greek
//    U+0386-U+03CE (with the final-sigma rule of lower()) and Cyrillic U+0400-U+045F; any
//    other character is left as it is and counts as uncased;
//  - whitespace, line breaks: exact (Python's full lists);
//  - alpha/decimal/digit/numeric/identifier/printable: exact below U+0180, by block beyond
//    (Latin, Greek, Cyrillic, Hebrew, Arabic, CJK, kana, Hangul letters; the common decimal
//    digit blocks), so a rare character outside those may be classified differently.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "lang/value.h"

namespace forklab::lang {

// [SECTION] code points (unicode.cpp) -------------------------------------------------------
bool is_ascii(std::string_view s);
// The code point starting at s[i]; advances i past it. A malformed byte reads as itself.
char32_t utf8_next(std::string_view s, size_t& i);
void utf8_append(std::string& out, char32_t cp);
std::u32string utf8_decode(std::string_view s);
std::string utf8_encode(std::u32string_view s);

// Character properties as Python's str methods see them (see the coverage note above).
bool uc_is_space(char32_t c);
bool uc_is_linebreak(char32_t c);
bool uc_is_alpha(char32_t c);
bool uc_is_decimal(char32_t c);
int uc_decimal_value(char32_t c);  // 0-9, or -1 when c is not a decimal digit
bool uc_is_digit(char32_t c);
bool uc_is_numeric(char32_t c);
bool uc_is_upper(char32_t c);
bool uc_is_lower(char32_t c);
bool uc_is_cased(char32_t c);
bool uc_is_case_ignorable(char32_t c);
bool uc_is_xid_start(char32_t c);
bool uc_is_xid_continue(char32_t c);
bool uc_is_printable(char32_t c);

// Full case mappings: append the mapping of s[i] (one to three code points). lower and title
// need the whole string for the final-sigma rule of U+03A3.
enum class CaseMap : uint8_t { lower, upper, title, fold };
void uc_map(const std::u32string& s, size_t i, CaseMap how, std::u32string& out);

// ascii(v): repr(v) with every non-ASCII code point written as \xNN, \uNNNN or \UNNNNNNNN.
std::string ascii_repr(const Value& v);

// [SECTION] str methods (str_methods.cpp) -----------------------------------------------------
struct StrMethod {
    const char* name;
    NativeFn fn;
};
// The str method called `name`, or nullptr. get_attr binds it to the string.
const StrMethod* find_str_method(std::string_view name);

// [SECTION] formatting (format.cpp, percent_format.cpp) ---------------------------------------
// format(v, spec) is format_with_spec in interp_state.h (f-strings call it too).

// fmt % args, CPython's printf-style formatting (args: one value, a tuple, or a mapping for
// "%(name)s").
Res percent_format(State& st, const Value& fmt, const Value& args, Value& out);

// str.format(*pos, **kw) when mapping is null; str.format_map(*mapping) otherwise (then
// positional fields are an error).
struct FormatArgs {
    const Value* pos = nullptr;
    int npos = 0;
    const Value* kwnames = nullptr;  // str Values
    const Value* kwvals = nullptr;
    int nkw = 0;
    const Value* mapping = nullptr;
};
Res str_format(State& st, const std::string& fmt, const FormatArgs& args, std::string& out);

// CPython's PyOS_double_to_string: type e E f F g G, or r for repr(); alternate is '#',
// add_dot_0 makes "2" into "2.0" (format with no type), no_neg_0 is the 'z' option.
std::string double_to_string(double d, char type, int prec, bool alternate, bool add_dot_0, bool no_neg_0);

}  // namespace forklab::lang
