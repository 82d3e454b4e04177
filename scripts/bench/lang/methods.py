# Method calls on objects: a small class whose method is called 4M times.
class Counter:
    def __init__(self, step):
        self.count = 0
        self.step = step

    def add(self, x):
        self.count += x * self.step
        return self.count


def work(n):
    c = Counter(3)
    last = 0
    for i in range(n):
        last = c.add(i % 10)
    return last + c.count


print("checksum", work(4000000))
