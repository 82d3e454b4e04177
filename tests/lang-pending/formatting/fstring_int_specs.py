# f-strings con especificaciones de enteros: separadores, bases, signo.
n = 1234567
print(f"{n:,} {n:_} {-n:,} {2**70:,}")
print(f"{255:x} {255:X} {255:#x} {255:#X} {255:o} {255:#o}")
print(f"{5:b} {5:#b} {5:08b} {255:#010x}")
print(f"{42:+d} {-42:+d} {42: d} {42:d}")
print(f"{65:c} {1000000:_x} {3:03d}")
print(f"{True:d} {True}")
