# %d needs a number: formatting a str with it is a TypeError.
# expect: 12 unidades
# expect-stderr: TypeError: %d format: a real number is required, not str
# expect-exit: 1
cantidad = "12"
print("%d unidades" % int(cantidad))
print("%d unidades" % cantidad)
