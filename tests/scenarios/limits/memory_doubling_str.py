# A string doubling forever hits the memory budget.
# CPython differs here: CPython would really try to allocate
# cpython: skip
# expect-stderr: MemoryError
# expect-exit: 1
s = "ab"
while True:
    s = s + s
