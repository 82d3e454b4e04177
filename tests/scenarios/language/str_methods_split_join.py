# split/rsplit with and without a separator, maxsplit, splitlines, join.
# expect: ['Ana', 'Luis', 'Marta', 'Pedro']
# expect: ['Ana', 'Luis', 'Marta \n Pedro  ']
# expect: ['  Ana   Luis\tMarta', 'Pedro']
# expect: ['nombre', 'edad', '', 'ciudad']
# expect: ['nombre', 'edad,,ciudad'] ['nombre,edad,', 'ciudad']
# expect: ['a', 'b', 'c'] ['a--b', 'c']
# expect: [] [''] []
# expect: ['uno', 'dos', 'tres', 'cuatro']
# expect: ['uno\n', 'dos\r\n', 'tres\r', 'cuatro\n']
# expect: ['uno', 'dos', 'tres', 'cuatro']
# expect: hola mundo cruel | a-b-c | []
# expect: 0, 1, 4, 9, 16
# expect: {'el': 3, 'gato': 1, 'y': 2, 'perro': 1, 'pez': 1}
# expect: ['k=v', 'x=y'] [['k', 'v'], ['x', 'y']]
linea = "  Ana   Luis\tMarta \n Pedro  "
print(linea.split())
print(linea.split(None, 2))
print(linea.rsplit(None, 1))
csv = "nombre,edad,,ciudad"
print(csv.split(","))
print(csv.split(",", 1), csv.rsplit(",", 1))
print("a--b--c".split("--"), "a--b--c".rsplit("--", 1))
print("".split(), "".split(","), "   ".split())
texto = "uno\ndos\r\ntres\rcuatro\n"
print(texto.splitlines())
print(texto.splitlines(True))
print(texto.splitlines(keepends=False))
palabras = ["hola", "mundo", "cruel"]
print(" ".join(palabras), "|", "-".join("abc"), "|", "[" + "".join([]) + "]")
print(", ".join([str(n * n) for n in range(5)]))
conteo = {}
for p in "el gato y el perro y el pez".split():
    conteo[p] = conteo.get(p, 0) + 1
print(conteo)
print("k=v;x=y".split(";"), [par.split("=") for par in "k=v;x=y".split(";")])
