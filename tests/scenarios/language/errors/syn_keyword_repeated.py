# El mismo argumento por nombre dos veces.
# expect-error: SyntaxError line 8
# expect-stderr: keyword argument repeated: sep
def f(**kw):
    return kw


f(sep=",", sep=";")
