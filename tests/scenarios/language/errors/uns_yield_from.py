# yield from no forma parte del subconjunto.
# expect-error: NotSupported line 8
# cpython: skip
print("no se imprime")


def todo(a, b):
    yield from a
    yield from b
