# Comunicación entre procesos. Pipe: dos extremos, uno por proceso (aquí, ida y vuelta).
# Queue: una cola segura que comparten varios procesos (aquí, tres productores).
# expect: padre recibe por la Pipe: pong a ping
# expect: la Queue trajo 3 resultados: [1, 4, 9]
# expect: suma: 14
from multiprocessing import Pipe, Process, Queue


def eco(conexion):
    mensaje = conexion.recv()
    conexion.send(f"pong a {mensaje}")
    conexion.close()


def cuadrado(n, cola):
    cola.put(n * n)


if __name__ == "__main__":
    extremo_padre, extremo_hijo = Pipe()
    p = Process(target=eco, args=(extremo_hijo,))
    p.start()
    extremo_padre.send("ping")
    print(f"padre recibe por la Pipe: {extremo_padre.recv()}")
    p.join()

    cola = Queue()
    productores = [Process(target=cuadrado, args=(n, cola)) for n in (1, 2, 3)]
    for q in productores:
        q.start()
    resultados = sorted(cola.get() for _ in productores)  # llegan en el orden en que terminan
    for q in productores:
        q.join()
    print(f"la Queue trajo {len(resultados)} resultados: {resultados}")
    print(f"suma: {sum(resultados)}")
