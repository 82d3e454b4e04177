# Asignar al resultado de una llamada no es un destino válido.
# expect-error: SyntaxError line 6
# expect-stderr: cannot assign to function call
def f():
    return 1
f() = 2
