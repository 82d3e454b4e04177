# := dentro de una expresión generadora todavía se rechaza (CPython asigna el nombre fuera
# de ella; forklab la compila como una función aparte).
# expect-error: NotSupported line 7
# cpython: skip
print("no se imprime")
valores = [1, 2, 3]
total = sum(y for x in valores if (y := 2 * x) > 2)
print(total)
