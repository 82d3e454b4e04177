// The viewer's pure logic: its string table (ui/ui_text.h) and the Results tab's lost-update
// count (ui/run_results.h), on real sim runs of the course's race.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "exec/runners.h"
#include "ui/run_results.h"
#include "ui/ui_text.h"

using namespace forklab;
using namespace forklab::ui;

namespace {

// The printf conversions of a text, in order ("%s%zu"), so both languages take the same
// arguments.
std::string conversions(const char* s) {
    std::string out;
    for (; *s; ++s) {
        if (*s != '%') continue;
        ++s;
        if (*s == '%') continue;
        while (*s && std::strchr("0123456789.-+ #", *s)) ++s;
        while (*s && std::strchr("hlzjt", *s)) out += *s++;
        if (*s) out += *s;
        else break;
    }
    return out;
}

bool valid_utf8(const char* s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s);
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p >> 5) == 6 ? 1 : (*p >> 4) == 14 ? 2 : (*p >> 3) == 30 ? 3 : -1;
        if (n < 0) return false;
        ++p;
        for (; n > 0; --n, ++p)
            if ((*p & 0xC0) != 0x80) return false;
    }
    return true;
}

RunResult race(bool locked, int procs, int increments) {
    RunRequest r;
    r.backend = Backend::sim;
    r.filename = "race.py";
    r.seed = 3;
    r.source = std::string(R"(from multiprocessing import Process, Value, Lock

def sumar(contador, candado, veces):
    for _ in range(veces):
)") + (locked ? "        with candado:\n            contador.value += 1\n"
              : "        contador.value += 1\n") +
               R"(
if __name__ == "__main__":
    contador = Value("i", 0, lock=False)
    candado = Lock()
    ps = [Process(target=sumar, args=(contador, candado, )" + std::to_string(increments) +
               ")) for _ in range(" + std::to_string(procs) + R"()]
    for p in ps: p.start()
    for p in ps: p.join()
    print(contador.value)
)";
    return run_sim(r, nullptr);
}

}  // namespace

TEST_CASE("ui text: every entry in both languages, same printf arguments, valid UTF-8") {
    for (size_t i = 0; i < (size_t)Text::count_; ++i) {
        const Text t = (Text)i;
        const char* en = tr(t, Lang::en);
        const char* es = tr(t, Lang::es);
        CAPTURE(en);
        CHECK(en[0] != '\0');
        CHECK(es[0] != '\0');
        CHECK(conversions(en) == conversions(es));
        CHECK(valid_utf8(en));
        CHECK(valid_utf8(es));
    }
    CHECK(std::string(tr(Text::what_else, Lang::es)) == "¿Qué más podría pasar?");
    set_ui_language(Lang::es);
    CHECK(std::string(tr(Text::cores)) == "núcleos");
    set_ui_language(Lang::en);
    CHECK(std::string(tr(Text::cores)) == "cores");

    Lang l = Lang::en;
    CHECK(ui_language_from_name("es", &l));
    CHECK(l == Lang::es);
    CHECK(ui_language_from_name("EN-us", &l));
    CHECK(l == Lang::en);
    CHECK_FALSE(ui_language_from_name("fr", &l));
    CHECK_FALSE(ui_language_from_name("espanol", &l));
    CHECK_FALSE(ui_language_from_name("", &l));
}

TEST_CASE("results: lost updates are counted from the order of reads and writes") {
    const RunResult r = race(false, 3, 20000);
    REQUIRE(r.exit_status == 0);
    const int64_t final_value = std::stoll(r.out);
    const std::vector<SharedWriteCount> counts =
        count_shared_writes(r.trace, [](uint32_t id) { return id == 1; });
    REQUIRE(counts.size() == 1);
    CHECK(counts[0].object == 1);
    CHECK(counts[0].per_cell);
    // Value("i", 0) writes its initial value; print(contador.value) reads the final one.
    CHECK(counts[0].writes == 60001);
    CHECK(counts[0].reads == 60001);
    // Each increment that reached the end added one: what was not lost, less the initial
    // write, is the final counter.
    CHECK(counts[0].lost > 0);
    CHECK((int64_t)(counts[0].writes - counts[0].lost) - 1 == final_value);
}

TEST_CASE("results: a locked counter loses nothing") {
    const RunResult r = race(true, 3, 200);
    REQUIRE(r.exit_status == 0);
    CHECK(r.out == "600\n");
    const std::vector<SharedWriteCount> counts = count_shared_writes(r.trace);
    REQUIRE(counts.size() == 1);
    CHECK(counts[0].writes == 601);
    CHECK(counts[0].lost == 0);
    CHECK_FALSE(counts[0].per_cell);  // nobody said it is a Value
}
