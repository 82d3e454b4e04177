# El operador morsa := no forma parte del subconjunto.
# expect-error: NotSupported line 6
# cpython: skip
print("no se imprime")
datos = [1, 2, 3]
if (n := len(datos)) > 2:
    print(n)
