# One request larger than the budget fails at once, before allocating anything.
# expect-stderr: MemoryError
# expect-exit: 1
print("before")
x = [0] * 10**12
print("never")
# expect: before
