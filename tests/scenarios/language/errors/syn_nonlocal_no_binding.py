# nonlocal de una variable que no existe en ninguna función exterior.
# expect-error: SyntaxError line 5
# expect-stderr: no binding for nonlocal 'y' found
def f():
    nonlocal y
    y = 1
