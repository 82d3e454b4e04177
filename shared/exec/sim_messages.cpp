#include "exec/sim_messages.h"

#include <cstdio>

namespace forklab::sim {

namespace {

struct Texts {
    const char* en;
    const char* es;
};

constexpr Texts kTexts[] = {
#define X(id, en, es) {en, es},
    FORKLAB_SIM_MESSAGES(X)
#undef X
};

}  // namespace

std::string say(Lang lang, Msg m, std::initializer_list<std::string_view> args) {
    const Texts& t = kTexts[(size_t)m];
    const std::string_view pattern = lang == Lang::es ? t.es : t.en;
    std::string out;
    out.reserve(pattern.size() + 32);
    for (size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' && pattern[i + 1] >= '0' &&
            pattern[i + 1] <= '9') {
            const size_t n = size_t(pattern[i + 1] - '0');
            if (n < args.size()) out += *(args.begin() + n);
            i += 2;
            continue;
        }
        out += c;
    }
    return out;
}

std::string seconds_text(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", seconds);
    return text;
}

}  // namespace forklab::sim
