# expect-stderr: MemoryError
# expect-exit: 1
x = "a" * 10**12
