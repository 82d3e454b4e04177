# Asignación aumentada a una expresión que no es un nombre.
# expect-error: SyntaxError line 5
# expect-stderr: illegal expression for augmented assignment
a, b = 1, 2
a + b += 1
