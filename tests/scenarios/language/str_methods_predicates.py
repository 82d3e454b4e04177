# The is* predicates, including digits and letters beyond ASCII.
# expect: '123' 11101000001
# expect: '١٢٣' 11101000000
# expect: '²' 10101000000
# expect: '½' 00101000000
# expect: '12.5' 00000000001
# expect: '' 00000000001
# expect: 'abc' 00011001011
# expect: 'ñandú' 00011001010
# expect: 'año2024' 00001001010
# expect: '   ' 00000100001
# expect: '\t\n' 00000100001
# expect: 'ÁRBOL' 00011010010
# expect: 'árbol' 00011001010
# expect: 'Canción De Cuna' 00000000100
# expect: 'Canción de cuna' 00000000000
# expect: 'x_1' 00000001011
# expect: '1x' 00001001001
# expect: '_' 00000000011
# expect: 'café' 00011001010
# expect: True True False True False
pruebas = ["123", "١٢٣", "²", "½", "12.5", "", "abc", "ñandú", "año2024", "   ", "\t\n", "ÁRBOL", "árbol", "Canción De Cuna", "Canción de cuna", "x_1", "1x", "_", "café"]
for t in pruebas:
    r = [t.isdigit(), t.isdecimal(), t.isnumeric(), t.isalpha(), t.isalnum(), t.isspace(), t.isupper(), t.islower(), t.istitle(), t.isidentifier(), t.isascii()]
    print(repr(t), "".join(["1" if b else "0" for b in r]))
print("ABC123".isupper(), "abc!".islower(), "123".isupper(), "Hola Mundo 2".istitle(), "HOla".istitle())
