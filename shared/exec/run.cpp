#include "exec/run.h"

namespace forklab {

const char* backend_name(Backend b) {
    switch (b) {
        case Backend::sim: return "sim";
        case Backend::fork: return "fork";
        case Backend::threads: return "threads";
    }
    return "?";
}

bool backend_from_name(std::string_view s, Backend* out) {
    for (Backend b : {Backend::sim, Backend::fork, Backend::threads}) {
        if (s == backend_name(b)) {
            *out = b;
            return true;
        }
    }
    return false;
}

const char* lang_name(Lang l) { return l == Lang::es ? "es" : "en"; }

bool lang_from_name(std::string_view s, Lang* out) {
    if (s.size() < 2 || (s.size() > 2 && s[2] != '_' && s[2] != '-' && s[2] != '.')) return false;
    const std::string_view two = s.substr(0, 2);
    if (two == "en" || two == "EN") *out = Lang::en;
    else if (two == "es" || two == "ES") *out = Lang::es;
    else return false;
    return true;
}

}  // namespace forklab
