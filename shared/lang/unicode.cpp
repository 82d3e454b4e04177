// Code points, character properties and case mapping for the str methods (contracts and the
// coverage limits in strings.h). The tables are small on purpose: ranges and rules for the
// blocks a course meets (Spanish, French, German, Portuguese, Polish, Czech, Turkish, Greek,
// Russian...), checked character by character against CPython 3.11 in test_strings.cpp.
#include <algorithm>
#include <cstdio>

#include "lang/strings.h"

namespace forklab::lang {

// [SECTION] UTF-8 ---------------------------------------------------------------------------------
bool is_ascii(std::string_view s) {
    for (unsigned char c : s) if (c & 0x80) return false;
    return true;
}

char32_t utf8_next(std::string_view s, size_t& i) {
    unsigned char c = (unsigned char)s[i];
    int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n <= 0 || i + size_t(n) >= s.size()) { ++i; return c; }  // ASCII, stray or cut-short byte
    char32_t cp = c & (0x3F >> n);
    for (int k = 1; k <= n; ++k) {
        unsigned char d = (unsigned char)s[i + size_t(k)];
        if ((d & 0xC0) != 0x80) { ++i; return c; }
        cp = (cp << 6) | (d & 0x3F);
    }
    i += size_t(n) + 1;
    return cp;
}

void utf8_append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

std::u32string utf8_decode(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) out.push_back(utf8_next(s, i));
    return out;
}

std::string utf8_encode(std::u32string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char32_t c : s) utf8_append(out, c);
    return out;
}

// [SECTION] properties ----------------------------------------------------------------------------
namespace {
struct Range { char32_t lo, hi; };
template <size_t N> bool in(const Range (&r)[N], char32_t c) {
    const Range* e = std::upper_bound(r, r + N, c, [](char32_t x, const Range& g) { return x < g.lo; });
    return e != r && c <= (e - 1)->hi;
}

// Letters beyond U+017F, block by block (approximate: see strings.h).
const Range kLettersBeyond[] = {
    {0x0180, 0x02C1}, {0x02C6, 0x02D1}, {0x02E0, 0x02E4}, {0x02EC, 0x02EC}, {0x02EE, 0x02EE}, {0x0370, 0x0374}, {0x0376, 0x0377},
    {0x037A, 0x037D}, {0x037F, 0x037F}, {0x0386, 0x0386}, {0x0388, 0x038A}, {0x038C, 0x038C},
    {0x038E, 0x03A1}, {0x03A3, 0x03F5}, {0x03F7, 0x0481}, {0x048A, 0x052F}, {0x0531, 0x0556},
    {0x0560, 0x0588}, {0x05D0, 0x05EA}, {0x0620, 0x064A}, {0x0671, 0x06D3}, {0x0904, 0x0939},
    {0x0E01, 0x0E30}, {0x10A0, 0x10FF}, {0x1100, 0x11FF}, {0x1E00, 0x1FBC}, {0x3041, 0x3096},
    {0x30A1, 0x30FA}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
    {0xFB00, 0xFB06}, {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A}, {0x20000, 0x2FA1F},
};
// First code point of each block of ten decimal digits (Unicode category Nd), the common ones.
const char32_t kDigitZeros[] = {0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6,
                                0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0,
                                0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0xFF10};
// Digits that are not decimal (superscripts, circled, ...) and numerics that are not digits.
const Range kDigitsOnly[] = {{0x00B2, 0x00B3}, {0x00B9, 0x00B9}, {0x2070, 0x2070}, {0x2074, 0x2079},
                             {0x2080, 0x2089}, {0x2460, 0x2468}, {0x2474, 0x247C}, {0x2488, 0x2490}};
const Range kNumericOnly[] = {{0x00BC, 0x00BE}, {0x2150, 0x2182}, {0x2469, 0x2473}, {0x3007, 0x3007},
                              {0x3021, 0x3029}};
const char32_t kCjkNumerals[] = {0x4E00, 0x4E03, 0x4E07, 0x4E09, 0x4E5D, 0x4E8C, 0x4E94, 0x516B,
                                 0x516D, 0x5341, 0x5343, 0x56DB, 0x767E};
// Case-ignorable characters (Unicode's Case_Ignorable) for the final-sigma rule.
const Range kCaseIgnorable[] = {
    {0x0027, 0x0027}, {0x002E, 0x002E}, {0x003A, 0x003A}, {0x005E, 0x005E}, {0x0060, 0x0060},
    {0x00A8, 0x00A8}, {0x00AD, 0x00AD}, {0x00AF, 0x00AF}, {0x00B4, 0x00B4}, {0x00B7, 0x00B8},
    {0x02B0, 0x036F}, {0x0374, 0x0375}, {0x037A, 0x037A}, {0x0384, 0x0385}, {0x0387, 0x0387},
    {0x0483, 0x0489}, {0x0559, 0x0559}, {0x055F, 0x055F}, {0x0591, 0x05BD}, {0x200B, 0x200F},
    {0x2018, 0x2019}, {0x2024, 0x2024}, {0x2027, 0x2027}, {0xFE00, 0xFE0F}, {0xFF07, 0xFF07},
    {0xFF0E, 0xFF0E},
};
const Range kNotPrintableBeyond[] = {{0x0378, 0x0379}, {0x0380, 0x0383},
                                     {0x038B, 0x038B}, {0x038D, 0x038D}, {0x03A2, 0x03A2}, {0x1680, 0x1680},
                                     {0x2000, 0x200F}, {0x2028, 0x202F}, {0x205F, 0x206F}, {0x3000, 0x3000},
                                     {0xD800, 0xF8FF}, {0xFEFF, 0xFEFF}, {0xFFF0, 0xFFFB}, {0xFFFE, 0xFFFF}};

int decimal_value_beyond_ascii(char32_t c) {
    for (char32_t z : kDigitZeros) if (c >= z && c <= z + 9) return int(c - z);
    return -1;
}

// Simple (one code point) mappings; c itself when there is none in the covered blocks.
char32_t to_upper1(char32_t c) {
    if (c < 0x80) return c >= 'a' && c <= 'z' ? c - 32 : c;
    if (c < 0x100) {
        if (c == 0xB5) return 0x39C;
        if (c == 0xFF) return 0x178;
        return c >= 0xE0 && c != 0xF7 && c != 0xDF ? c - 32 : c;
    }
    if (c < 0x180) {
        if (c == 0x131) return 'I';
        if (c == 0x17F) return 'S';
        if (c <= 0x137) return (c & 1) ? c - 1 : c;
        if (c >= 0x139 && c <= 0x148) return (c & 1) ? c : c - 1;
        if (c >= 0x14A && c <= 0x177) return (c & 1) ? c - 1 : c;
        if (c >= 0x179 && c <= 0x17E) return (c & 1) ? c : c - 1;
        return c;
    }
    if (c >= 0x3AC && c <= 0x3CE) {
        if (c == 0x3AC) return 0x386;
        if (c <= 0x3AF) return c - 37;            // έ ή ί
        if (c == 0x3C2) return 0x3A3;             // ς
        if (c >= 0x3B1 && c <= 0x3CB) return c - 32;
        if (c == 0x3CC) return 0x38C;
        if (c >= 0x3CD) return c - 63;            // ύ ώ
        return c;
    }
    if (c >= 0x430 && c <= 0x44F) return c - 32;
    if (c >= 0x450 && c <= 0x45F) return c - 80;
    return c;
}
char32_t to_lower1(char32_t c) {
    if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c < 0x100) return c >= 0xC0 && c <= 0xDE && c != 0xD7 ? c + 32 : c;
    if (c < 0x180) {
        if (c == 0x130) return 'i';
        if (c == 0x178) return 0xFF;
        if (c <= 0x137) return (c & 1) || c == 0x130 ? c : c + 1;
        if (c >= 0x139 && c <= 0x148) return (c & 1) ? c + 1 : c;
        if (c >= 0x14A && c <= 0x177) return (c & 1) ? c : c + 1;
        if (c >= 0x179 && c <= 0x17E) return (c & 1) ? c + 1 : c;
        return c;
    }
    if (c >= 0x386 && c <= 0x3AB) {
        if (c == 0x386) return 0x3AC;
        if (c >= 0x388 && c <= 0x38A) return c + 37;
        if (c == 0x38C) return 0x3CC;
        if (c == 0x38E || c == 0x38F) return c + 63;
        if ((c >= 0x391 && c <= 0x3A1) || c >= 0x3A3) return c + 32;
        return c;
    }
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    return c;
}
// Lowercase letters with no simple uppercase (ª º ß ĸ ŉ ΐ ΰ, the ligatures ﬀ-ﬆ).
bool lower_without_upper(char32_t c) {
    return c == 0xAA || c == 0xBA || c == 0xDF || c == 0x138 || c == 0x149 || c == 0x390 || c == 0x3B0 ||
           (c >= 0xFB00 && c <= 0xFB06);
}
// The Latin ligatures U+FB00-U+FB06 as letters: ff fi fl ffi ffl st st.
const char32_t* const kLigatures[] = {U"ff", U"fi", U"fl", U"ffi", U"ffl", U"st", U"st"};
}  // namespace

bool uc_is_space(char32_t c) {
    if (c < 0x80) return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}
bool uc_is_linebreak(char32_t c) {
    return (c >= 0x0A && c <= 0x0D) || (c >= 0x1C && c <= 0x1E) || c == 0x85 || c == 0x2028 || c == 0x2029;
}
bool uc_is_upper(char32_t c) { return c == 0x130 || to_lower1(c) != c; }
bool uc_is_lower(char32_t c) { return to_upper1(c) != c || lower_without_upper(c); }
bool uc_is_cased(char32_t c) { return uc_is_upper(c) || uc_is_lower(c); }
bool uc_is_alpha(char32_t c) {
    if (c < 0x80) return (c | 32) >= 'a' && (c | 32) <= 'z';
    if (c < 0x180) return c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xC0 && c != 0xD7 && c != 0xF7);
    return in(kLettersBeyond, c);
}
bool uc_is_decimal(char32_t c) {
    if (c < 0x80) return c >= '0' && c <= '9';
    return c >= 0x660 && decimal_value_beyond_ascii(c) >= 0;
}
int uc_decimal_value(char32_t c) {
    if (c < 0x80) return c >= '0' && c <= '9' ? int(c - '0') : -1;
    return c >= 0x660 ? decimal_value_beyond_ascii(c) : -1;
}
bool uc_is_digit(char32_t c) { return uc_is_decimal(c) || (c >= 0xB2 && in(kDigitsOnly, c)); }
bool uc_is_numeric(char32_t c) {
    if (uc_is_digit(c)) return true;
    if (c < 0xBC) return false;
    if (in(kNumericOnly, c)) return true;
    return std::find(std::begin(kCjkNumerals), std::end(kCjkNumerals), c) != std::end(kCjkNumerals);
}
bool uc_is_case_ignorable(char32_t c) { return in(kCaseIgnorable, c); }
bool uc_is_xid_start(char32_t c) {
    if (c == 0x37A) return false;  // ͺ folds to a non-identifier under NFKC
    return uc_is_alpha(c);
}
bool uc_is_xid_continue(char32_t c) {
    if (c < 0x80) return uc_is_alpha(c) || (c >= '0' && c <= '9') || c == '_';
    if (c == 0xB7 || c == 0x387 || (c >= 0x300 && c <= 0x36F)) return true;
    return uc_is_xid_start(c) || uc_is_decimal(c);
}
bool uc_is_printable(char32_t c) {
    if (c < 0x80) return c >= 0x20 && c < 0x7F;
    if (c < 0x180) return c >= 0xA1 && c != 0xAD;
    return !in(kNotPrintableBeyond, c) && c < 0xE0000;
}

// [SECTION] case mapping ---------------------------------------------------------------------------
// Capital sigma lowers to final sigma after a cased letter (case-ignorables skipped) when no
// cased letter follows: CPython's handle_capital_sigma.
static char32_t lower_sigma(const std::u32string& s, size_t i) {
    size_t j = i;
    while (j > 0 && uc_is_case_ignorable(s[j - 1])) --j;
    if (j == 0 || !uc_is_cased(s[j - 1])) return 0x3C3;
    size_t k = i + 1;
    while (k < s.size() && uc_is_case_ignorable(s[k])) ++k;
    return k == s.size() || !uc_is_cased(s[k]) ? 0x3C2 : 0x3C3;
}

void uc_map(const std::u32string& s, size_t i, CaseMap how, std::u32string& out) {
    char32_t c = s[i];
    switch (how) {
        case CaseMap::lower:
            if (c == 0x130) { out += U"i\u0307"; return; }
            if (c == 0x3A3) { out.push_back(lower_sigma(s, i)); return; }
            out.push_back(to_lower1(c));
            return;
        case CaseMap::fold:
            if (c >= 0xFB00 && c <= 0xFB06) { out += kLigatures[c - 0xFB00]; return; }
            switch (c) {
                case 0xDF: out += U"ss"; return;
                case 0xB5: out.push_back(0x3BC); return;
                case 0x17F: out.push_back('s'); return;
                case 0x149: out += U"\u02BCn"; return;
                case 0x130: out += U"i\u0307"; return;
                case 0x3C2: out.push_back(0x3C3); return;
                case 0x390: out += U"\u03B9\u0308\u0301"; return;
                case 0x3B0: out += U"\u03C5\u0308\u0301"; return;
                default: out.push_back(to_lower1(c)); return;
            }
        case CaseMap::upper:
        case CaseMap::title:
            if (c >= 0xFB00 && c <= 0xFB06) {
                std::u32string l = kLigatures[c - 0xFB00];
                for (size_t k = 0; k < l.size(); ++k) if (how == CaseMap::upper || k == 0) l[k] = to_upper1(l[k]);
                out += l;
                return;
            }
            switch (c) {
                case 0xDF: out += how == CaseMap::upper ? U"SS" : U"Ss"; return;
                case 0x149: out += U"\u02BCN"; return;
                case 0x390: out += U"\u0399\u0308\u0301"; return;
                case 0x3B0: out += U"\u03A5\u0308\u0301"; return;
                default: out.push_back(to_upper1(c)); return;
            }
    }
}

// [SECTION] ascii() ---------------------------------------------------------------------------------
std::string ascii_repr(const Value& v) {
    std::string r = repr_of(v);
    if (is_ascii(r)) return r;
    std::string out;
    for (size_t i = 0; i < r.size();) {
        char32_t c = utf8_next(r, i);
        if (c < 0x80) { out.push_back(char(c)); continue; }
        char b[16];
        if (c < 0x100) std::snprintf(b, sizeof b, "\\x%02x", unsigned(c));
        else if (c < 0x10000) std::snprintf(b, sizeof b, "\\u%04x", unsigned(c));
        else std::snprintf(b, sizeof b, "\\U%08x", unsigned(c));
        out += b;
    }
    return out;
}

}  // namespace forklab::lang
