#include "ui/code_highlight.h"

#include <array>

namespace forklab::ui {

namespace {

constexpr ImU32 kPlain = IM_COL32(220, 220, 220, 255);
constexpr ImU32 kKeyword = IM_COL32(198, 135, 220, 255);
constexpr ImU32 kBuiltin = IM_COL32(220, 215, 150, 255);
constexpr ImU32 kString = IM_COL32(215, 150, 115, 255);
constexpr ImU32 kNumber = IM_COL32(170, 210, 160, 255);
constexpr ImU32 kComment = IM_COL32(110, 160, 95, 255);

bool is_word_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_word(char c) { return is_word_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

ImU32 word_color(std::string_view w) {
    static constexpr std::array<std::string_view, 35> keywords = {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
        "return", "try", "while", "with", "yield"};
    static constexpr std::array<std::string_view, 26> builtins = {
        "print", "range", "len", "int", "str", "float", "list", "dict", "set", "tuple",
        "sum", "min", "max", "abs", "enumerate", "zip", "isinstance", "sorted", "bool",
        "Process", "Value", "Array", "Lock", "RLock", "self", "__name__"};
    for (std::string_view k : keywords)
        if (w == k) return kKeyword;
    for (std::string_view b : builtins)
        if (w == b) return kBuiltin;
    return kPlain;
}

struct Painter {
    ImDrawList* dl;
    ImFont* font;
    float size;
    ImVec2 pos;
    bool visible;
    void emit(ImU32 col, const char* b, const char* e) {
        if (b == e) return;
        if (visible) dl->AddText(font, size, pos, col, b, e);
        pos.x += font->CalcTextSizeA(size, 1e9f, 0.0f, b, e).x;
    }
};

}  // namespace

void draw_python_source(ImDrawList* dl, ImVec2 origin, float line_h, std::string_view source,
                        float clip_y0, float clip_y1) {
    Painter p{dl, ImGui::GetFont(), ImGui::GetFontSize(), origin, false};
    char triple = 0;  // inside a '''/""" string that started on an earlier line
    const char* s = source.data();
    const char* end = s + source.size();
    int line = 0;
    while (s <= end) {
        const char* eol = s;
        while (eol < end && *eol != '\n') ++eol;
        const float y = origin.y + line_h * (float)line;
        p.pos = ImVec2(origin.x, y);
        p.visible = y + line_h >= clip_y0 && y <= clip_y1;
        const char* c = s;
        while (c < eol) {
            if (triple) {  // continue the multi-line string until its closing quotes
                const char* q = c;
                while (q + 2 < eol && !(q[0] == triple && q[1] == triple && q[2] == triple)) ++q;
                if (q + 2 < eol) {
                    p.emit(kString, c, q + 3);
                    c = q + 3;
                    triple = 0;
                } else {
                    p.emit(kString, c, eol);
                    c = eol;
                }
                continue;
            }
            const char ch = *c;
            if (ch == '#') {
                p.emit(kComment, c, eol);
                c = eol;
            } else if (ch == '"' || ch == '\'' ||
                       ((ch == 'f' || ch == 'r' || ch == 'b' || ch == 'F' || ch == 'R' || ch == 'B') &&
                        c + 1 < eol && (c[1] == '"' || c[1] == '\''))) {
                const char* q = (ch == '"' || ch == '\'') ? c : c + 1;
                const char quote = *q;
                if (q + 2 < eol && q[1] == quote && q[2] == quote) {
                    const char* r = q + 3;
                    while (r + 2 < eol && !(r[0] == quote && r[1] == quote && r[2] == quote)) ++r;
                    if (r + 2 < eol) {
                        p.emit(kString, c, r + 3);
                        c = r + 3;
                    } else {
                        p.emit(kString, c, eol);
                        c = eol;
                        triple = quote;
                    }
                } else {
                    const char* r = q + 1;
                    while (r < eol && *r != quote) r += (*r == '\\' && r + 1 < eol) ? 2 : 1;
                    if (r < eol) ++r;
                    p.emit(kString, c, r);
                    c = r;
                }
            } else if (is_word_start(ch)) {
                const char* r = c;
                while (r < eol && is_word(*r)) ++r;
                p.emit(word_color(std::string_view(c, (size_t)(r - c))), c, r);
                c = r;
            } else if (is_digit(ch)) {
                const char* r = c;
                while (r < eol && (is_word(*r) || *r == '.')) ++r;
                p.emit(kNumber, c, r);
                c = r;
            } else {
                const char* r = c + 1;
                while (r < eol && !is_word_start(*r) && !is_digit(*r) && *r != '#' && *r != '"' &&
                       *r != '\'')
                    ++r;
                p.emit(kPlain, c, r);
                c = r;
            }
        }
        if (eol >= end) break;
        s = eol + 1;
        ++line;
    }
}

}  // namespace forklab::ui
