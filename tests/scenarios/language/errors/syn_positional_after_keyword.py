# Un argumento posicional después de uno por nombre.
# expect-error: SyntaxError line 4
# expect-stderr: positional argument follows keyword argument
print(end="", "hola")
print("no se ejecuta")
