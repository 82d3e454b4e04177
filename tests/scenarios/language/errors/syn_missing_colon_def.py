# Falta los dos puntos en la definición de una función.
# expect-error: SyntaxError line 4
# expect-stderr: expected ':'
def saludar(nombre)
    print("hola", nombre)
