#include "ui/ui_text.h"

#include <atomic>

namespace forklab::ui {

namespace {

struct Entry {
    const char* en;
    const char* es;
};
constexpr Entry kTexts[] = {
#define X(id, en, es) {en, es},
    FORKLAB_UI_TEXTS(X)
#undef X
};
static_assert(sizeof kTexts / sizeof kTexts[0] == (size_t)Text::count_, "one entry per Text");

// Read by the UI thread every frame, set by it too (the page API calls on the main thread);
// atomic only so that a background runner's thread may read it safely.
std::atomic<Lang> g_lang{Lang::en};

}  // namespace

const char* tr(Text t, Lang lang) {
    const size_t i = (size_t)t;
    if (i >= (size_t)Text::count_) return "";
    return lang == Lang::es ? kTexts[i].es : kTexts[i].en;
}
const char* tr(Text t) { return tr(t, g_lang.load(std::memory_order_relaxed)); }
void set_ui_language(Lang lang) { g_lang.store(lang, std::memory_order_relaxed); }
Lang ui_language() { return g_lang.load(std::memory_order_relaxed); }

}  // namespace forklab::ui
