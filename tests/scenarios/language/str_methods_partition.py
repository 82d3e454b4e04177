# partition/rpartition, removeprefix/removesuffix, expandtabs.
# expect: ('https', '://', 'ejemplo.com/ruta/archivo.tar.gz') ('https://ejemplo.com/ruta', '/', 'archivo.tar.gz')
# expect: ('archivo', '.', 'tar.gz') ('archivo.tar', '.', 'gz') ('sinpunto', '', '') ('', '', 'sinpunto')
# expect: color -> azul
# expect: Case TestCase informe informe
# expect: 'a       b       c' 'a   bb  ccc d' 'ab\n   c' ''
# expect: nombre      edad|
# expect: Ana         30|
# expect: José Luis   41|
url = "https://ejemplo.com/ruta/archivo.tar.gz"
print(url.partition("://"), url.rpartition("/"))
print("archivo.tar.gz".partition("."), "archivo.tar.gz".rpartition("."), "sinpunto".partition("."), "sinpunto".rpartition("."))
clave, _, valor = "color = azul".partition(" = ")
print(clave, "->", valor)
print("TestCase".removeprefix("Test"), "TestCase".removeprefix("case"), "informe.txt".removesuffix(".txt"), "informe".removesuffix(""))
print(repr("a\tb\tc".expandtabs()), repr("a\tbb\tccc\td".expandtabs(4)), repr("ab\n\tc".expandtabs(3)), repr("\t".expandtabs(0)))
tabla = "nombre\tedad\nAna\t30\nJosé Luis\t41"
for fila in tabla.expandtabs(12).splitlines():
    print(fila + "|")
