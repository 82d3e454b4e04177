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

}  // namespace forklab
