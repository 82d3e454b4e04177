# With the lock, every update survives, on every backend and every seed.
# expect: total: 4000
# args: --seed 7 --cores 4
from multiprocessing import Process, Value, Lock


def sumar(contador, n, candado):
    for _ in range(n):
        candado.acquire()
        contador.value += 1
        candado.release()


if __name__ == "__main__":
    total = Value("i", 0)
    candado = Lock()
    ps = [Process(target=sumar, args=(total, 1000, candado)) for _ in range(4)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("total:", total.value)
