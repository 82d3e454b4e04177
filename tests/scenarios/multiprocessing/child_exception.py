# An uncaught exception in a child prints "Process NAME:" and the traceback on stderr,
# and its exitcode is 1; the parent goes on.
# expect: exitcode del hijo: 1
# expect: el padre sigue
# expect-stderr: Process Process-1:
# expect-stderr: Traceback (most recent call last):
# expect-stderr: ZeroDivisionError: division by zero
from multiprocessing import Process


def dividir(a, b):
    return a / b


if __name__ == "__main__":
    p = Process(target=dividir, args=(1, 0))
    p.start()
    p.join()
    print("exitcode del hijo:", p.exitcode)
    print("el padre sigue")
