# Un paréntesis sin cerrar: CPython señala la línea donde se abrió.
# expect-error: SyntaxError line 4
x = 1
total = (x +
         2
print(total)
