# Positions count characters (code points), so accented text behaves like ASCII text.
# expect: 30 5 17 25 3
# expect: Qué  niño año
# expect: 18 18 True True
# expect: ['¿Qué ', ' es? ¡El ', ' del niño!'] ('¿Qué año es? ', '¡', 'El año del niño!')
# expect: [··ñu··] [üéé] [   €]
# expect: CANCIÓN canción Ñandú Éxito
# expect: añbñc xééyééz anonoño
# expect: año  hola
# expect: ['u', 'i', 'é', 'a', 'o'] 10 ogaléicrum
s = "¿Qué año es? ¡El año del niño!"
print(len(s), s.find("año"), s.rfind("año"), s.index("niño"), s.count("ñ"))
print(s[1:4], s[-6:-1], s[s.find("año"):s.find("año") + 3])
print(s.find("ñ", 7), s.find("ñ", 7, 20), s.startswith("año", 5), s.endswith("niño", 0, -1))
print(s.split("año"), s.partition("¡"))
print("[" + "ñu".center(6, "·") + "]", "[" + "ü".ljust(3, "é") + "]", "[" + "€".rjust(4) + "]")
print("canción".upper(), "CANCIÓN".lower(), "ÑANDÚ".capitalize(), "éxito".title())
print("ñ".join(["a", "b", "c"]), "éé".join("xyz"), "añoñoño".replace("ñ", "n", 2))
print("  año  ".strip(), "ñañaña".strip("ña"), "¿¡hola!?".strip("¿¡!?"))
palabra = "murciélago"
print([c for c in palabra if c in "aeiouáéíóú"], len(palabra), palabra[::-1])
