# String building: 1.5M str() pieces joined, 750k f-strings with three fields, len().
def work(n):
    pieces = []
    for i in range(n):
        pieces.append(str(i))
    joined = ",".join(pieces)
    labels = []
    for i in range(n // 2):
        labels.append(f"item {i}: {i % 7}/{i * 3}")
    total = 0
    for s in labels:
        total += len(s)
    return len(joined) + total


print("checksum", work(1500000))
