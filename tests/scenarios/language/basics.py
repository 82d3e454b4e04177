# The language core the course uses: numbers, strings, lists, dicts, loops, functions.
# expect: 0.30000000000000004 7 3.5 2 -3 1024
# expect: [0, 1, 4, 9, 16] [0, 4, 16]
# expect: hola, mundo! | HOLA | a-b-c
# expect: saludo(nombre='Ana', veces=2): Ana Ana
# expect: x=  42|3.14|    ok|'r'
# expect: 55 5050 True False
# expect: {'a': 1, 'b': 2} 2 [('a', 1), ('b', 2)]
# expect: 1 a
# expect: 2 b
# expect: fin 3
def saludo(nombre, veces=1, sep=" "):
    return sep.join([nombre] * veces)


def suma_hasta(n):
    total = 0
    i = 0
    while i <= n:
        total += i
        i += 1
    return total


if __name__ == "__main__":
    print(0.1 + 0.2, 15 // 2, 7 / 2, 17 % 5, -7 // 3, 2 ** 10)
    cuadrados = [i * i for i in range(5)]
    print(cuadrados, [c for c in cuadrados if c % 2 == 0])
    print("hola, mundo!", "|", "hola".upper(), "|", "-".join(["a", "b", "c"]))
    print(f"saludo(nombre='Ana', veces=2): {saludo('Ana', veces=2)}")
    print(f"x={42:4}|{3.14159:.2f}|{'ok':>6}|{'r'!r}")
    print(sum(range(11)), suma_hasta(100), 3 in [1, 2, 3], "z" in "abc")
    d = {"a": 1}
    d["b"] = 2
    print(d, len(d), list(d.items()))
    for n, letra in zip([1, 2], ["a", "b"]):
        print(n, letra)
    a, b, c = 1, 2, 3
    if a > b:
        print("no")
    elif c == 3 and not a == b:
        print("fin", c)
    else:
        print("no")
