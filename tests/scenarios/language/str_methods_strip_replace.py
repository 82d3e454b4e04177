# Cleaning input: strip family (with and without chars) and replace (with a count).
# expect: [¡Hola, mundo!] '¡Hola, mundo!   \n' [   ¡Hola, mundo!]
# expect: hola  | ejempl
# expect: qué | a
# expect: 'dato' 'dato'
# expect: bonono bonona ba
# expect: -a-b-c- -a-bc x
# expect: mes tras mes sin cambios
# expect: 1234.50 2469.0
# expect: a b  c tab -> separado
entrada = "   ¡Hola, mundo!   \n"
print("[" + entrada.strip() + "]", repr(entrada.lstrip()), "[" + entrada.rstrip() + "]")
print("xxyhola yxx".strip("xy"), "|", "www.ejemplo.com".strip("w.moc"))
print("¿¡qué!?".strip("¿¡!?"), "|", "ññaññ".strip("ñ"))
print(repr("\t\n dato \x0b\x0c".strip()), repr("dato".strip("")))
print("banana".replace("a", "o"), "banana".replace("a", "o", 2), "banana".replace("na", ""))
print("abc".replace("", "-"), "abc".replace("", "-", 2), "".replace("", "x"))
print("año tras año".replace("año", "mes"), "sin cambios".replace("zz", "y"))
precio = " 1.234,50 € "
limpio = precio.strip().replace(" €", "").replace(".", "").replace(",", ".")
print(limpio, float(limpio) * 2)
print("a  b   c".replace("  ", " "), "tab\tseparado".replace("\t", " -> "))
