# Big ints are charged to the memory budget: a result that could never fit is refused
# before it is computed (CPython would try: 10 ** 10 ** 12 runs for ages there).
# cpython: skip
# expect: before
# expect: MemoryError 1 << 10**12
# expect: MemoryError 10 ** 10**12
# expect: MemoryError factorial
# expect-stderr: MemoryError
# expect-exit: 1
import math


def attempt(f, what):
    try:
        return f()
    except MemoryError:
        return "MemoryError " + what


print("before")
print(attempt(lambda: 1 << 10 ** 12, "1 << 10**12"))
print(attempt(lambda: 10 ** 10 ** 12, "10 ** 10**12"))
print(attempt(lambda: math.factorial(10 ** 12), "factorial"))
x = 3 ** (2 ** 40)
print("never")
