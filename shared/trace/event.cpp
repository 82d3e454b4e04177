#include "trace/event.h"

namespace forklab {

const char* event_label(EventKind k) {
    switch (k) {
#define X(name, label) \
    case EventKind::name: return label;
        FORKLAB_EVENT_KINDS(X)
#undef X
    }
    return "?";
}

}  // namespace forklab
