# Una cadena triple sin cerrar: CPython señala dónde empieza.
# expect-error: SyntaxError line 4
# expect-stderr: unterminated triple-quoted string literal
texto = """empieza aquí
y nunca termina
