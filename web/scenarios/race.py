# Condición de carrera: cuatro procesos suman 1 a un contador compartido 200000 veces cada
# uno, primero sin lock (se pierden actualizaciones) y después con lock (la cuenta es exacta).
# Lo que se espera ver (forklab y CPython comprueban estas líneas en los tests):
# expect-re: sin lock: \d+ de 800000
# expect: con lock: 800000 de 800000
# timeout: 120
from multiprocessing import Process, Value, Lock


def sumar(contador, n, candado=None):
    for _ in range(n):
        if candado is None:
            contador.value += 1
        else:
            with candado:
                contador.value += 1


if __name__ == "__main__":
    N, P = 200000, 4
    sin = Value("i", 0, lock=False)
    ps = [Process(target=sumar, args=(sin, N)) for _ in range(P)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(f"sin lock: {sin.value} de {N * P}")
    con = Value("i", 0)
    candado = Lock()
    ps = [Process(target=sumar, args=(con, N, candado)) for _ in range(P)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(f"con lock: {con.value} de {N * P}")
