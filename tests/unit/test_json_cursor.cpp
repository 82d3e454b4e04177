// json::Cursor: the strict reader one value at a time (trace files are read this way), with
// the same positions in its errors as the whole-document parse().
#include <doctest/doctest.h>

#include <string>

#include "runtime/json_reader.h"

using namespace forklab;

TEST_CASE("json cursor: walks an array element by element") {
    json::Cursor c("{\"a\": [1, {\"b\": \"x\"},\n  true]}");
    REQUIRE(c.expect('{', "'{'"));
    json::Value key;
    REQUIRE(c.value(&key));
    CHECK(key.string == "a");
    REQUIRE(c.expect(':', "':'"));
    REQUIRE(c.expect('[', "'['"));
    int n = 0;
    for (;;) {
        json::Value v;
        REQUIRE(c.value(&v));
        ++n;
        if (n == 2) CHECK(v.find("b")->string == "x");
        if (n == 3) {
            CHECK(v.is_bool());
            CHECK(v.line == 2);
            CHECK(v.column == 3);
        }
        if (c.next_is(',')) {
            REQUIRE(c.expect(',', "','"));
            continue;
        }
        REQUIRE(c.expect(']', "']'"));
        break;
    }
    CHECK(n == 3);
    REQUIRE(c.expect('}', "'}'"));
    CHECK(c.at_end());
}

TEST_CASE("json cursor: errors carry the position and stick") {
    json::Cursor c("[1,\n 2x]");
    REQUIRE(c.expect('[', "'['"));
    json::Value v;
    REQUIRE(c.value(&v));
    REQUIRE(c.expect(',', "','"));
    REQUIRE(c.value(&v));
    CHECK_FALSE(c.expect(']', "']'"));
    CHECK(c.error().line == 2);
    CHECK(c.error().column == 3);
    CHECK_FALSE(c.value(&v));  // once failed, every call fails with the first error
    CHECK(c.error().column == 3);

    json::Cursor t("[\"abc");
    REQUIRE(t.expect('[', "'['"));
    CHECK_FALSE(t.value(&v));
    CHECK(t.error().message.find("truncated") != std::string::npos);

    json::ReaderLimits small;
    small.max_bytes = 4;
    json::Cursor big("[1, 2, 3]", small);
    CHECK_FALSE(big.next_is('['));
    CHECK(big.error().message.find("over the limit") != std::string::npos);
}
