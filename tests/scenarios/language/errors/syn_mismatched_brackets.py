# Corchete cerrado con paréntesis.
# expect-error: SyntaxError line 4
# expect-stderr: closing parenthesis ')' does not match opening parenthesis '['
valores = [1, 2, 3)
print("no se ejecuta")
