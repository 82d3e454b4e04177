# str.format: automatic and manual numbering, keywords, indexing and attributes.
# expect: uno y dos dos antes que uno ab-ab
# expect: Ana tiene 30 años 1 2
# expect: 3.14159 20 30
# expect: a c 8 clave entera
# expect: 3.14159 2.72 inf   inf|
# expect: 1 2 3 x-y
# expect: 'ñu' ñu '\xf1u'        7|
# expect: {literal} {dentro} }{
# expect:      a|b     |  c   |003.14|1,000,000|ff
# expect: None [1, 'a'] (1,) True
import math
print("{} y {}".format("uno", "dos"), "{1} antes que {0}".format("uno", "dos"), "{0}{1}{0}".format("ab", "-"))
print("{nombre} tiene {edad} años".format(nombre="Ana", edad=30), "{0} {x}".format(1, x=2))
datos = {"pi": 3.14159, "lista": [10, 20, 30]}
print("{0[pi]} {0[lista][1]} {d[lista][2]}".format(datos, d=datos))
print("{0[0]} {0[2]} {1[1]}".format("abc", [7, 8]), "{0[1]}".format({1: "clave entera"}))
print("{m.pi:.5f} {m.e:.3}".format(m=math), "{0.inf} {0.inf:>5}|".format(math))
print("{} {} {}".format(*[1, 2, 3]), "{a}-{b}".format(**{"a": "x", "b": "y"}))
print("{0!r} {0!s} {0!a} {1!r:>8}|".format("ñu", 7))
print("{{literal}} {{{}}} }}{{".format("dentro"))
print("{:>6}|{:<6}|{:^6}|{:06.2f}|{:,}|{:x}".format("a", "b", "c", 3.14159, 10 ** 6, 255))
print("{}".format(None), "{}".format([1, "a"]), "{}".format((1,)), "{}".format(True))
