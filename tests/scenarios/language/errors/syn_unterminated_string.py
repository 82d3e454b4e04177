# Una cadena sin cerrar.
# expect-error: SyntaxError line 5
# expect-stderr: unterminated string literal
print("uno")
mensaje = "¿Listo?
print(mensaje)
