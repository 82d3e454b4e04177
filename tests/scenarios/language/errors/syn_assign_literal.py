# Asignar a un literal.
# expect-error: SyntaxError line 5
# expect-stderr: cannot assign to literal
x = 1
5 = x
