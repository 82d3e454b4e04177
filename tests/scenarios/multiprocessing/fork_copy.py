# A child starts from a copy of the parent's memory: what it changes, the parent never sees.
# expect: hijo: [1, 2, 3, 99] contador=11
# expect: padre: [1, 2, 3] contador=10
# expect: exitcode 0
from multiprocessing import Process

datos = [1, 2, 3]
contador = 10


def cambiar():
    global contador
    datos.append(99)
    contador += 1
    print(f"hijo: {datos} contador={contador}")


if __name__ == "__main__":
    p = Process(target=cambiar)
    p.start()
    p.join()
    print(f"padre: {datos} contador={contador}")
    print("exitcode", p.exitcode)
