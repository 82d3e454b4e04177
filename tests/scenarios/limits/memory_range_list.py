# CPython differs here: CPython would really try to allocate
# cpython: skip
# expect-stderr: MemoryError
# expect-exit: 1
x = list(range(10**12))
