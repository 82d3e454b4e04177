# Pool de procesos: map() reparte un iterable, apply() llama como una función normal (y
# espera), map_async() y apply_async() devuelven enseguida un AsyncResult.
# expect: map: [0, 1, 4, 9, 16, 25, 36, 49]
# expect: apply: 49
# expect: map_async: [100, 121, 144]
# expect: apply_async: 400 (callback: [400])
from multiprocessing import Pool


def cuadrado(x):
    return x * x


if __name__ == "__main__":
    avisos = []
    with Pool(processes=4) as pool:
        print(f"map: {pool.map(cuadrado, range(8))}")
        print(f"apply: {pool.apply(cuadrado, (7,))}")
        pendiente = pool.map_async(cuadrado, [10, 11, 12])
        otro = pool.apply_async(cuadrado, (20,), callback=avisos.append)
        # Mientras tanto el padre podría hacer otra cosa; get() espera el resultado.
        print(f"map_async: {pendiente.get(timeout=10)}")
        valor = otro.get(timeout=10)
        print(f"apply_async: {valor} (callback: {avisos})")
