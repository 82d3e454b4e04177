# center/ljust/rjust/zfill: a small report whose widths count characters, not bytes.
# expect: |  producto  |  uds|precio  |
# expect: |....café....|    3|2.5_____|
# expect: |....niño....|   12|0.75____|
# expect: |..pingüino..|    1|10.0____|
# expect: [ a  ] [  ab ] [abc] [ééñééé]
# expect: 00042 -0042 +0042 00abc 12345 00
# expect: [x--] [**x] [###]
filas = [("café", 3, 2.5), ("niño", 12, 0.75), ("pingüino", 1, 10.0)]
print("|" + "producto".center(12) + "|" + "uds".rjust(5) + "|" + "precio".ljust(8) + "|")
for nombre, uds, precio in filas:
    print("|" + nombre.center(12, ".") + "|" + str(uds).rjust(5) + "|" + str(precio).ljust(8, "_") + "|")
print("[" + "a".center(4) + "]", "[" + "ab".center(5) + "]", "[" + "abc".center(2) + "]", "[" + "ñ".center(6, "é") + "]")
print("42".zfill(5), "-42".zfill(5), "+42".zfill(5), "abc".zfill(5), "12345".zfill(3), "".zfill(2))
print("[" + "x".ljust(3, "-") + "]", "[" + "x".rjust(3, "*") + "]", "[" + "".center(3, "#") + "]")
