# index raises where find returns -1.
# expect: -1 5
# expect-stderr: ValueError: substring not found
# expect-exit: 1
s = "canción"
print(s.find("x"), s.index("ó"))
print(s.index("x"))
