"""One process, pure Python: a loop of integer arithmetic and a function call per step, no
multiprocessing at all. The interpreter's dispatch loop alone (the scheduler runs a lone
process a quantum at a time)."""
SCALE = 1.0  # scripts/bench_sim.py rewrites this line (--scale, --quick)


def paso(total, i):
    return total + i * i % 7


def trabajo(n):
    total = 0
    for i in range(n):
        total = paso(total, i)
        if i % 3 == 0:
            total -= 1
    return total


if __name__ == "__main__":
    print("checksum", trabajo(int(4000000 * SCALE)))
