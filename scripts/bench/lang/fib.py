# Recursive calls: fib(27), about 630 000 calls, done 15 times.
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


total = 0
for _ in range(15):
    total += fib(27)
print("checksum", total)
