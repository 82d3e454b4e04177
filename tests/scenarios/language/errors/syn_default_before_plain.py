# Un parámetro sin valor por defecto después de uno con valor.
# expect-error: SyntaxError line 4
# expect-stderr: non-default argument follows default argument
def f(a=1, b):
    return a + b
