# A small program for tests/dis_cli.sh: `forklab dis` must list both code objects.
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


print(fib(10), f"{'done'!r}")
