# La herencia múltiple (class C(A, B)) no forma parte del subconjunto.
# expect-error: NotSupported line 15
# cpython: skip
print("no se imprime")


class A:
    pass


class B:
    pass


class C(A, B):
    pass
