# continue fuera de un bucle (dentro de una función).
# expect-error: SyntaxError line 5
# expect-stderr: 'continue' not properly in loop
def f():
    continue
