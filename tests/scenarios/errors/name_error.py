# A runtime error prints CPython's traceback and the exit status is 1.
# expect: antes
# expect-stderr: Traceback (most recent call last):
# expect-stderr: line 12, in calcular
# expect-stderr: NameError: name 'y' is not defined
# expect-exit: 1


def calcular(x):
    if x > 0:
        print("antes")
    return x + y


if __name__ == "__main__":
    calcular(1)
