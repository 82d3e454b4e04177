# Asignar a True / None.
# expect-error: SyntaxError line 4
# expect-stderr: cannot assign to True
True = 0
print("no se ejecuta")
