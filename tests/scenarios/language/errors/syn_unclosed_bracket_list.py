# Un corchete sin cerrar al final del archivo.
# expect-error: SyntaxError line 4
# expect-stderr: '[' was never closed
datos = [1, 2, 3
print("no se ejecuta")
