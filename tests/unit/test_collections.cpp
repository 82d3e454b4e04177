// Collections in the language core: list slices, dict views and iteration checks, ranges of
// any size, bytes/bytearray and codecs, frozensets as keys, reprs of cycles, and the copies
// a child process gets of them. Expected outputs are CPython 3.11's.
#include <doctest/doctest.h>

#include "test_support_host.h"

using forklab::test::run_source;

TEST_CASE("list slice assignment and deletion") {
    auto o = run_source(
        "a = list(range(8))\n"
        "a[1:3] = 'xyz'\n"
        "a[::4] = [0, 0, 0]\n"
        "del a[-3::-2]\n"
        "a[len(a):] = (9,)\n"
        "print(a)\n"
        "try:\n    a[::2] = [1]\nexcept ValueError as e:\n    print(e)\n"
        "try:\n    a[1:2] = 5\nexcept TypeError as e:\n    print(e)\n");
    CHECK(o.out ==
          "['x', 'z', 4, 6, 0, 9]\n"
          "attempt to assign sequence of size 1 to extended slice of size 3\n"
          "can only assign an iterable\n");
    CHECK(o.exit == 0);
}

TEST_CASE("dict views are live and a dict changing size stops its iteration") {
    auto o = run_source(
        "d = {'a': 1}\nk = d.keys()\nd['b'] = 2\n"
        "print(k, len(k), sorted(k & {'b', 'c'}), d.items() == {('a', 1), ('b', 2)})\n"
        "try:\n    for x in d:\n        d[x * 2] = 0\nexcept RuntimeError as e:\n    print(e)\n"
        "print({**d, 'z': 0}, d | {'a': 9})\n");
    CHECK(o.out ==
          "dict_keys(['a', 'b']) 2 ['b'] True\n"
          "dictionary changed size during iteration\n"
          "{'a': 1, 'b': 2, 'aa': 0, 'z': 0} {'a': 9, 'b': 2, 'aa': 0}\n");
}

TEST_CASE("ranges of any size") {
    auto o = run_source(
        "r = range(10 ** 20)\n"
        "print(r[-1], r[::10 ** 19], 10 ** 19 in r, r.index(7), range(0) == range(3, 3))\n"
        "print(list(reversed(range(2 ** 63 - 2, 2 ** 63 + 1))), range(1, 10, 3)[::-1])\n"
        "try:\n    len(r)\nexcept OverflowError as e:\n    print(e)\n");
    CHECK(o.out ==
          "99999999999999999999 range(0, 100000000000000000000, 10000000000000000000) True 7 True\n"
          "[9223372036854775808, 9223372036854775807, 9223372036854775806] range(7, -2, -3)\n"
          "Python int too large to convert to C ssize_t\n");
}

TEST_CASE("bytes literals, bytearray and codecs") {
    auto o = run_source(
        "b = b'\\x00\\xff\\101'\n"
        "print(b, len(b), list(b), 'ñ'.encode(), b'ok'.upper().split(b'K'))\n"
        "ba = bytearray(b'abc')\nba[0] = 65\nba.append(100)\nprint(ba, bytes(ba))\n"
        "try:\n    b'a\\xe2\\x82'.decode()\nexcept UnicodeDecodeError as e:\n    print(e.start, e.end, e)\n"
        "try:\n    'x€'.encode('ascii')\nexcept UnicodeEncodeError as e:\n    print(e)\n");
    CHECK(o.out ==
          "b'\\x00\\xffA' 3 [0, 255, 65] b'\\xc3\\xb1' [b'O', b'']\n"
          "bytearray(b'Abcd') b'Abcd'\n"
          "1 3 'utf-8' codec can't decode bytes in position 1-2: unexpected end of data\n"
          "'ascii' codec can't encode character '\\u20ac' in position 1: ordinal not in range(128)\n");
}

TEST_CASE("frozensets are keys; cycles print as [...]") {
    auto o = run_source(
        "d = {frozenset([1, 2]): 'x'}\nprint(d[frozenset([2, 1])], frozenset([1]) | {2})\n"
        "class C:\n    def __repr__(self):\n        return 'C'\n"
        "a = [C()]\na.append(a)\ne = {}\ne['e'] = e\nprint(a, e, str(a))\n");
    CHECK(o.out == "x frozenset({1, 2})\n[C, [...]] {'e': {...}} [C, [...]]\n");
}

TEST_CASE("a child process gets copies of sets, bytes, bytearrays, views and big ranges") {
    auto o = run_source(
        "from multiprocessing import Process\n"
        "def hijo(s, f, b, ba, v, r):\n"
        "    s.add(9)\n"
        "    print(sorted(s), f, b, ba, list(v), r[-1])\n"
        "d = {'k': 1}\n"
        "s = {1, 2}\n"
        "p = Process(target=hijo, args=(s, frozenset([3]), b'\\xff', bytearray(b'x'), d.keys(), range(10 ** 20)))\n"
        "p.start()\np.join()\nprint(sorted(s), p.exitcode)\n");
    CHECK(o.out ==
          "[1, 2, 9] frozenset({3}) b'\\xff' bytearray(b'x') ['k'] 99999999999999999999\n"
          "[1, 2] 0\n");
}
