# Container building: append 1.5M items to a list, set and get 1.5M dict entries, count with dict.get.
def work(n):
    items = []
    for i in range(n):
        items.append(i % 1000)
    table = {}
    for i in range(n):
        table[i] = items[i] * 2
    total = 0
    for i in range(n):
        total += table[i]
    counts = {}
    for x in items:
        counts[x] = counts.get(x, 0) + 1
    return total + len(table) + len(counts) + counts[7]


print("checksum", work(1500000))
