#include "trace/trace_format.h"

namespace forklab {

const char* event_kind_id(EventKind k) {
    switch (k) {
#define X(name, label) \
    case EventKind::name: return #name;
        FORKLAB_EVENT_KINDS(X)
#undef X
    }
    return "?";
}

bool event_kind_from_id(std::string_view id, EventKind* out) {
#define X(name, label)            \
    if (id == #name) {            \
        *out = EventKind::name;   \
        return true;              \
    }
    FORKLAB_EVENT_KINDS(X)
#undef X
    return false;
}

}  // namespace forklab
