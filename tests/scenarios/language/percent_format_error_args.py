# Fewer values than conversions: CPython's TypeError.
# expect: uno y dos
# expect-stderr: TypeError: not enough arguments for format string
# expect-exit: 1
print("%s y %s" % ("uno", "dos"))
print("%s y %s" % ("uno",))
