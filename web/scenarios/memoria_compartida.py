# Memoria compartida: Value guarda un dato y Array una lista de datos del mismo tipo ('i'
# para int, 'd' para float). Cada proceso escribe su casilla del Array y suma su parte al
# Value con get_lock(), porque += lee y escribe en dos pasos.
# expect: cuadrados: [0, 1, 4, 9, 16]
# expect: total: 30.0
from multiprocessing import Array, Process, Value


def trabajar(i, casillas, total):
    casillas[i] = i * i
    with total.get_lock():
        total.value += i * i


if __name__ == "__main__":
    casillas = Array("i", 5)
    total = Value("d", 0.0)
    ps = [Process(target=trabajar, args=(i, casillas, total)) for i in range(5)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(f"cuadrados: {casillas[:]}")
    print(f"total: {total.value}")
