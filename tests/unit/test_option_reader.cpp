// The subcommands' shared argument reader (native/cli/option_reader.h): both spellings of
// an option's value, flags, missing values and file names.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "cli/option_reader.h"

namespace {

// argv-style storage for a test's arguments.
struct Argv {
    std::vector<std::string> text;
    std::vector<char*> ptrs;
    explicit Argv(std::vector<std::string> args) : text(std::move(args)) {
        for (std::string& s : text) ptrs.push_back(s.data());
    }
    int argc() const { return static_cast<int>(ptrs.size()); }
    char** argv() { return ptrs.data(); }
};

}  // namespace

TEST_CASE("option reader: '--name value' and '--name=value' give the same value") {
    Argv a({"--seed", "7", "--cores=3", "race.py"});
    forklab::OptionReader args(a.argc(), a.argv());
    std::string_view v;
    REQUIRE(args.next());
    CHECK(args.name() == "--seed");
    REQUIRE(args.value(&v));
    CHECK(v == "7");
    REQUIRE(args.next());
    CHECK(args.name() == "--cores");
    CHECK(args.arg() == "--cores=3");
    REQUIRE(args.value(&v));
    CHECK(v == "3");
    REQUIRE(args.next());
    CHECK_FALSE(args.is_option());
    CHECK(args.arg() == "race.py");
    CHECK_FALSE(args.next());
}

TEST_CASE("option reader: an empty inline value is a value; a missing one is not") {
    Argv a({"--trace=", "--trace"});
    forklab::OptionReader args(a.argc(), a.argv());
    std::string_view v = "unchanged";
    REQUIRE(args.next());
    REQUIRE(args.value(&v));
    CHECK(v.empty());
    REQUIRE(args.next());
    CHECK_FALSE(args.value(&v));
    CHECK_FALSE(args.next());
}

TEST_CASE("option reader: flags match exactly and '-' alone is a file name") {
    Argv a({"--json=1", "--json", "-", "-x"});
    forklab::OptionReader args(a.argc(), a.argv());
    REQUIRE(args.next());
    CHECK(args.name() == "--json");
    CHECK_FALSE(args.flag("--json"));
    REQUIRE(args.next());
    CHECK(args.flag("--json"));
    REQUIRE(args.next());
    CHECK_FALSE(args.is_option());
    REQUIRE(args.next());
    CHECK(args.is_option());
    CHECK(args.name() == "-x");
}
