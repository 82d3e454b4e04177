# A results table like the ones the course prints after running processes.
# expect: proceso      iteraciones  tiempo (s)  ok|
# expect: ----------------------------------------|
# expect: Process-1          1,234       0.531  sí|
# expect: Process-2         98,765      12.500  no|
# expect: Process-10             7     100.000  sí|
# expect: total            100,006    1.13e+02    |
# expect: media 33,335.3 | máx 98_765 | hex 0x186a6
resultados = [("Process-1", 1234, 0.53125, True), ("Process-2", 98765, 12.5, False), ("Process-10", 7, 100.0, True)]
print(f"{'proceso':<12}{'iteraciones':>12}{'tiempo (s)':>12}{'ok':>4}|")
print(f"{'-' * 40}|")
total = 0
for nombre, iters, tiempo, ok in resultados:
    total += iters
    print(f"{nombre:<12}{iters:>12,}{tiempo:>12.3f}{'sí' if ok else 'no':>4}|")
print(f"{'total':<12}{total:>12,}{sum([r[2] for r in resultados]):>12.2e}{'':>4}|")
print(f"media {total / len(resultados):,.1f} | máx {max([r[1] for r in resultados]):_} | hex {total:#x}")
