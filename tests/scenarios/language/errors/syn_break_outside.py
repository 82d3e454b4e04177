# break fuera de un bucle.
# expect-error: SyntaxError line 6
# expect-stderr: 'break' outside loop
x = 1
if x:
    break
