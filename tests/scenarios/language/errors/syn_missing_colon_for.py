# Falta los dos puntos en un for.
# expect-error: SyntaxError line 4
# expect-stderr: expected ':'
for i in range(3)
    print(i)
