# Falta el cuerpo sangrado después de los dos puntos.
# expect-error: IndentationError line 6
# expect-stderr: expected an indented block after 'if' statement on line 5
x = 3
if x > 2:
print("grande")
