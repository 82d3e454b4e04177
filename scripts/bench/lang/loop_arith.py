# Integer arithmetic in a tight loop: 8M iterations of a multiply, a modulo and an add.
def work(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


print("checksum", work(8000000))
