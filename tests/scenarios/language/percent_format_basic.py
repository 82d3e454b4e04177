# printf-style formatting with %: one value, a tuple, and every conversion.
# expect: Hola, Ana
# expect: Ana tiene 30 años
# expect: 42 -42 7 3 1 -2
# expect: 10 ff FF 0o10 0xff 0XFF
# expect: 3.141590 3.14 1.234568e+04 1.200000E-04 1e-05 1E-10
# expect: Hoñ 'ñ' ñ '\xf1'
# expect: None None [1, 'a'] (1, 2) {'k': 1}
# expect: 100%% seguro 50% %d
# expect: 1 a-b sin conversiones
# expect: can|    ñ|é    |
# expect: inf INF nan -inf
# expect: 100000000000000000000 -ff 0.2 0.3 2
nombre = "Ana"
edad = 30
print("Hola, %s" % nombre)
print("%s tiene %d años" % (nombre, edad))
print("%d %i %u" % (42, -42, 7), "%d" % 3.99, "%d" % True, "%i" % -2.5)
print("%o %x %X" % (8, 255, 255), "%#o %#x %#X" % (8, 255, 255))
print("%f %.2f %e %E %g %G" % (3.14159, 3.14159, 12345.678, 0.00012, 0.00001, 1e-10))
print("%c%c%c" % (72, "o", 241), "%r %s %a" % ("ñ", "ñ", "ñ"))
print("%s %r" % (None, None), "%s" % [1, "a"], "%s" % ((1, 2),), "%s" % {"k": 1})
print("100%% seguro", "%d%%" % 50, "%s" % "%d")
print("%s" % (1,), "%s-%s" % ("a", "b"), "sin conversiones" % ())
print("%.3s|%5s|%-5s|" % ("canción", "ñ", "é"))
print("%f %F %e %g" % (float("inf"), float("inf"), float("nan"), -float("inf")))
print("%d" % 1e20, "%x" % -255, "%.1f" % 0.25, "%.1f" % 0.35, "%.0f" % 2.5)
