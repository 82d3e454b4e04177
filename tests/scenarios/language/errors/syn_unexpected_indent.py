# Sangría inesperada en una línea que no abre bloque.
# expect-error: IndentationError line 5
# expect-stderr: unexpected indent
x = 1
    y = 2
