# A list doubling forever hits the memory budget: MemoryError, not an OOM kill.
# CPython differs here: CPython would really try to allocate until the OS kills it
# cpython: skip
# expect-stderr: MemoryError
# expect-exit: 1
x = [0] * 10
while True:
    x = x + x
