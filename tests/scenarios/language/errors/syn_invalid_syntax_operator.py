# Dos operadores seguidos sin sentido.
# expect-error: SyntaxError line 5
# expect-stderr: invalid syntax
a = 1
b = a * / 2
