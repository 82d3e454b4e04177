# A function that takes the lock calls another that takes it again: a Lock is not reentrant,
# so the process waits for itself (CPython would hang forever).
# backends: sim
# cpython: skip
# args: --lang en
# expect-exit: 1
# expect-stderr: MainProcess already holds lock `candado` and waits for it again (line 14): a Lock is not reentrant; release it first, or use an RLock.
from multiprocessing import Lock

candado = Lock()


def anotar(lista, x):
    with candado:
        lista.append(x)


def anotar_dos(lista, x, y):
    with candado:
        anotar(lista, x)
        anotar(lista, y)


datos = []
anotar_dos(datos, 1, 2)
print(datos)
