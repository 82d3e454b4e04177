# Children fill a shared Array; the parent formats the report with all three mechanisms.
# expect: Process-1  exit=0 valor=  1000 |    1,000|0x3e8 1.00|
# expect: Process-2  exit=0 valor=  2001 |    2,001|0x7d1 2.00|
# expect: Process-3  exit=0 valor=  3002 |    3,002|0xbba 3.00|
# expect: Process-4  exit=0 valor=  4003 |    4,003|0xfa3 4.00|
# expect: total 10_006 media 2501.5 OK
from multiprocessing import Process, Array


def trabajar(resultados, i):
    resultados[i] = (i + 1) * 1000 + i


if __name__ == "__main__":
    resultados = Array("i", 4)
    procesos = [Process(target=trabajar, args=(resultados, i)) for i in range(4)]
    for p in procesos:
        p.start()
    for p in procesos:
        p.join()
    for i in range(4):
        p = procesos[i]
        print("%-10s exit=%d valor=%6d" % (p.name, p.exitcode, resultados[i]), "|", "{:>8,}|{:#x}".format(resultados[i], resultados[i]), f"{resultados[i] / 1000:.2f}|")
    total = sum([resultados[i] for i in range(4)])
    print("total {:_} media {:.1f} {}".format(total, total / 4, "ok".upper()))
