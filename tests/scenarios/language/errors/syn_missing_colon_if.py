# Falta los dos puntos al final del if.
# expect-error: SyntaxError line 5
# expect-stderr: expected ':'
x = 1
if x == 1
    print("uno")
