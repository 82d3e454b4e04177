# Fill, alignment and precision for strings; the default alignments of str and numbers.
# expect: |Ana       |       Ana|   Ana    |Ana*******|···Ana····|Ana|    An|
# expect: |José      |      José|   José   |José******|···José···|Jos|    Jo|
# expect: |Ñandú     |     Ñandú|  Ñandú   |Ñandú*****|··Ñandú···|Ñan|    Ña|
# expect: |Pingüino  |  Pingüino| Pingüino |Pingüino**|·Pingüino·|Pin|    Pi|
# expect: |     |x|largo|ab| ab|
# expect: |    42|42    |   4.2|     1|None|
# expect: |  centro   |   centro   | c  |  c  |
# expect: |ab000|000ab|00ab00|€€€|
# expect: |      var|var        |     3.14|
nombres = ["Ana", "José", "Ñandú", "Pingüino"]
for n in nombres:
    print(f"|{n:10}|{n:>10}|{n:^10}|{n:*<10}|{n:·^10}|{n:.3}|{n:>6.2}|")
print(f"|{'':5}|{'x':1}|{'largo':2}|{'ab':s}|{'ab':>3s}|")
print(f"|{42:6}|{'42':6}|{4.2:6}|{True:6}|{None}|")
print(f"|{'centro':^11}|{'centro':^12}|{'c':^4}|{'c':^5}|")
print(f"|{'ab':05}|{'ab':>05}|{'ab':0^6}|{'€':€>3}|")
ancho = 9
print(f"|{'var':>{ancho}}|{'var':<{ancho + 2}}|{3.14159:{ancho}.{2}f}|")
