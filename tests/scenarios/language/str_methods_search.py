# find/rfind/index/rindex/count and startswith/endswith with start and end positions.
# expect: 0 11 -1 -1 21 11
# expect: 14 19 3 2 2
# expect: 0 5 -1 27 28 3
# expect: 21 24 2
# expect: True True True True False
# expect: True True True True
# expect: ['datos.csv', 'notas.txt', 'informe.csv'] ['foto.JPG']
# expect: 2 2 2 2
s = "el perro y el gato y el pez"
print(s.find("el"), s.find("el", 1), s.find("el", 4, 12), s.find("zz"), s.rfind("el"), s.rfind("el", 0, 20))
print(s.index("gato"), s.rindex("y"), s.count("el"), s.count("el", 5), s.count("e", 0, 10))
print(s.find(""), s.find("", 5), s.find("", 100), s.rfind(""), s.count(""), s.count("", 25))
print(s.find("el", -6), s.find("pez", -3), s.count("el", -100, -5))
print(s.startswith("el"), s.startswith("perro", 3), s.startswith(("x", "el")), s.startswith("", 27), s.startswith("", 28))
print(s.endswith("pez"), s.endswith("gato", 0, 18), s.endswith(("pez", "gato")), s.endswith("el", None, 13))
archivos = ["datos.csv", "foto.JPG", "notas.txt", "informe.csv"]
print([a for a in archivos if a.endswith((".csv", ".txt"))], [a for a in archivos if a.lower().endswith(".jpg")])
print("aaaa".count("aa"), "abababa".count("aba"), "abababa".find("aba", 1), "abababa".rfind("aba", 0, 6))
