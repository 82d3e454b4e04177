# := dentro de una comprehension también se rechaza.
# expect-error: NotSupported line 6
# cpython: skip
print("no se imprime")
valores = [1, 2, 3]
dobles = [y for x in valores if (y := 2 * x) > 2]
print(dobles)
