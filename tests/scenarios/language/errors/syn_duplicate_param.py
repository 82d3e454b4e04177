# Un parámetro repetido en la definición.
# expect-error: SyntaxError line 4
# expect-stderr: duplicate argument 'a' in function definition
def f(a, b, a):
    return a
