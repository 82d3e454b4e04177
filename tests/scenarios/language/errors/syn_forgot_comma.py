# Two items in a list with no comma between them.
# expect-error: SyntaxError line 4
# expect-stderr: invalid syntax. Perhaps you forgot a comma?
colores = ["rojo", "verde" "azul", 3 4]
