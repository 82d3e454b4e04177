# Repaso 3: ¿qué problema soluciona el Lock y qué pasa si no se usa? Una cuenta con 1000 €:
# un proceso ingresa 1 € 20000 veces y otro retira 1 € 20000 veces. Sin Lock, las dos
# lecturas-modificaciones-escrituras se pisan; con Lock, solo uno a la vez toca el saldo.
# expect-re: sin Lock: saldo final -?\d+ €
# expect: con Lock: saldo final 1000 €
from multiprocessing import Lock, Process, Value

VECES = 20000


def mover(saldo, cantidad, candado):
    for _ in range(VECES):
        if candado is None:
            saldo.value += cantidad
        else:
            with candado:
                saldo.value += cantidad


def probar(candado):
    saldo = Value("i", 1000, lock=False)
    ingresos = Process(target=mover, args=(saldo, 1, candado))
    retiradas = Process(target=mover, args=(saldo, -1, candado))
    ingresos.start()
    retiradas.start()
    ingresos.join()
    retiradas.join()
    return saldo.value


if __name__ == "__main__":
    print(f"sin Lock: saldo final {probar(None)} €")
    print(f"con Lock: saldo final {probar(Lock())} €")
