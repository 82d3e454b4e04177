# Un decorador escrito por el usuario también se rechaza en la línea del @.
# expect-error: NotSupported line 11
# cpython: skip
print("no se imprime")


def registrar(f):
    return f


@registrar
def tarea():
    return 1
