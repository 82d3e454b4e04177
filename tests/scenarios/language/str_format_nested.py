# Nested fields inside specs, conversions with specs, and format_map.
# expect: [x    ] [     3.142] [    2.72]
# expect: [    ab] [***c***]
# expect: [     +42] [   fin]
# expect: [ ñ ] [  3]
# expect: [ ñ  ] [   4]
# expect: [  ñ  ] [    5]
# expect: [  ñ   ] [     6]
# expect: [   'q'    ] [***1.5] [  '\xe9']
# expect: punto: (1.50, -2)
# expect:    'punto'|150.000000%
# expect: Ana     |    30|
# expect: Luis    |     4|
ancho, prec = 10, 3
print("[{:{}}]".format("x", 5), "[{:{}.{}f}]".format(3.14159, ancho, prec), "[{:{w}.{p}f}]".format(2.71828, w=8, p=2))
print("[{0:{1}}]".format("ab", ">6"), "[{0:{fill}{align}{width}}]".format("c", fill="*", align="^", width=7))
print("[{:{}{}}]".format(42, "+", 8), "[{:>{}}]".format("fin", 6))
for w in range(3, 7):
    print("[{:^{}}]".format("ñ", w), "[{0:>{1}}]".format(w, w))
print("[{!r:^10}]".format("q"), "[{!s:*>6}]".format(1.5), "[{!a:>8}]".format("é"))
valores = {"x": 1.5, "y": -2, "nombre": "punto"}
print("{nombre}: ({x:.2f}, {y:+d})".format_map(valores))
print("{nombre!r:>10}|{x:%}".format_map(valores))
plantilla = "{:<8}|{:>6}|"
for fila in [("Ana", 30), ("Luis", 4)]:
    print(plantilla.format(fila[0], fila[1]))
