// The strict JSON reader: what RFC 8259 allows reads back exactly, everything else (malformed,
// truncated, too deep, too big) fails with a sentence and the line and column of the byte.
#include <doctest/doctest.h>

#include <string>

#include "runtime/json_reader.h"

using namespace forklab;

namespace {

json::Value ok(std::string_view text) {
    json::Value v;
    json::ParseError e;
    const bool parsed = json::parse(text, &v, &e);
    INFO("text: " << text << "  error: " << e.message << " at " << e.line << ":" << e.column);
    REQUIRE(parsed);
    return v;
}

json::ParseError bad(std::string_view text, json::ReaderLimits limits = {}) {
    json::Value v;
    json::ParseError e;
    INFO("text: " << text);
    CHECK_FALSE(json::parse(text, &v, &e, limits));
    CHECK_FALSE(e.message.empty());
    return e;
}

}  // namespace

TEST_CASE("json reader: scalars, arrays and objects") {
    CHECK(ok("null").is_null());
    CHECK(ok(" true ").boolean);
    CHECK_FALSE(ok("false").boolean);
    CHECK(ok("0").number == 0);
    CHECK(ok("-0.5").number == -0.5);
    CHECK(ok("1e3").number == 1000);
    CHECK(ok("2.5E-1").number == 0.25);
    CHECK(ok("1e-400").number == 0);  // underflow reads as zero

    const json::Value big = ok("9007199254740993");  // 2^53 + 1: a double cannot hold it
    CHECK(big.is_integer);
    CHECK(big.integer == 9007199254740993LL);
    CHECK_FALSE(ok("1.0").is_integer);
    CHECK_FALSE(ok("99999999999999999999").is_integer);  // over int64: only the double

    const json::Value doc = ok("{\"a\": [1, 2, {\"b\": null}], \"c\": \"x\", \"d\": {}}");
    REQUIRE(doc.is_object());
    CHECK(doc.keys.size() == 3);
    CHECK(doc.keys[0] == "a");  // file order kept
    const json::Value* a = doc.find("a");
    REQUIRE(a);
    REQUIRE(a->items.size() == 3);
    CHECK(a->items[1].number == 2);
    CHECK(a->items[2].find("b")->is_null());
    CHECK(doc.find("c")->string == "x");
    CHECK(doc.find("d")->is_object());
    CHECK(doc.find("zzz") == nullptr);
    CHECK(a->find("b") == nullptr);  // not an object
    CHECK(ok("[]").items.empty());
}

TEST_CASE("json reader: string escapes and UTF-8") {
    CHECK(ok(R"("a\"b\\c\/d\b\f\n\r\t")").string == "a\"b\\c/d\b\f\n\r\t");
    CHECK(ok(R"("\u0041\u00f1")").string == "A\xc3\xb1");           // A, n tilde
    CHECK(ok(R"("\u20AC")").string == "\xe2\x82\xac");              // euro sign
    CHECK(ok(R"("\ud83d\ude00")").string == "\xf0\x9f\x98\x80");    // surrogate pair
    CHECK(ok("\"a\xc3\xb1o\"").string == "a\xc3\xb1o");              // raw UTF-8 passes through
    CHECK(ok(R"("\u0000")").string == std::string(1, '\0'));
}

TEST_CASE("json reader: positions of values") {
    const json::Value doc = ok("{\n  \"k\": [10,\n   20]\n}");
    const json::Value* k = doc.find("k");
    REQUIRE(k);
    CHECK(k->line == 2);
    CHECK(k->column == 8);
    CHECK(k->items[1].line == 3);
    CHECK(k->items[1].column == 4);
}

TEST_CASE("json reader: malformed input gives line and column") {
    json::ParseError e = bad("{\"a\": 1,\n \"b\" 2}");
    CHECK(e.line == 2);
    CHECK(e.column == 6);
    CHECK(e.message.find("':'") != std::string::npos);

    e = bad("[1, 2,]");
    CHECK(e.message.find("trailing comma") != std::string::npos);
    CHECK(e.column == 7);
    bad("{\"a\": 1,}");
    bad("[1 2]");
    bad("{1: 2}");
    bad("01");
    bad("-");
    bad("+1");
    bad("1.");
    bad(".5");
    bad("1e");
    bad("NaN");
    bad("Infinity");
    bad("1e999");
    bad("tru");
    bad("nul");
    bad("True");
    bad("'x'");
    bad("[1] [2]");
    bad("// c\n1");
    bad("\"tab\there\"");
    bad(R"("\x")");
    bad(R"("\u12G4")");
    bad(R"("\ud800")");         // lone high surrogate
    bad(R"("\ude00")");         // lone low surrogate
    bad(R"("\ud800\u0041")");   // high + not-low
    bad("\"\xff\"");            // not UTF-8
    bad("\"\xc0\x80\"");        // overlong
    bad("\"\xed\xa0\x80\"");    // encoded surrogate
    bad("\"\xf4\x90\x80\x80\""); // over U+10FFFF
    bad("\xef\xbb\xbf{}");      // byte order mark

    e = bad("{\"a\": 1, \"a\": 2}");
    CHECK(e.message.find("duplicate key") != std::string::npos);
    CHECK(e.column == 10);
}

TEST_CASE("json reader: truncated input") {
    const std::string full = R"({"plots": [{"id": "speedup", "points": [[1, 1.5], [2, -3e-2]], "ok": true, "s": "\u00e9"}]})";
    ok(full);
    // Every proper prefix fails (none is itself a complete document), and most say so.
    int said_truncated = 0;
    for (size_t n = 0; n < full.size(); ++n) {
        json::ParseError e = bad(std::string_view(full).substr(0, n));
        CHECK(e.line == 1);
        CHECK(e.column >= 1);
        CHECK((size_t)e.column <= n + 1);
        if (e.message.find("truncated") != std::string::npos) ++said_truncated;
    }
    CHECK(said_truncated > (int)full.size() * 3 / 4);
    CHECK(bad("").message.find("truncated") != std::string::npos);
    CHECK(bad("   \n").line == 2);
    bad("\"\xc3");  // truncated UTF-8 sequence
}

TEST_CASE("json reader: depth and size limits") {
    std::string deep(300, '[');
    deep += std::string(300, ']');
    json::ParseError e = bad(deep);  // default depth 256
    CHECK(e.message.find("nesting") != std::string::npos);
    ok(std::string(200, '[') + std::string(200, ']'));
    json::ReaderLimits tight;
    tight.max_depth = 3;
    json::Value v;
    CHECK(json::parse("[[[1]]]", &v, &e, tight));
    bad("[[[[1]]]]", tight);
    bad("{\"a\":{\"b\":{\"c\":{}}}}", tight);

    json::ReaderLimits small;
    small.max_bytes = 8;
    e = bad("[1, 2, 3, 4]", small);
    CHECK(e.message.find("limit") != std::string::npos);
    CHECK(json::parse("[1, 2]", &v, &e, small));
}
