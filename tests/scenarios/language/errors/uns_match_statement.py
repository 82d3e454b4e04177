# La sentencia match no forma parte del subconjunto.
# expect-error: NotSupported line 7
# cpython: skip
print("no se imprime")
comando = "salir"

match comando:
    case "salir":
        print("adiós")
    case _:
        print("desconocido")
