# More values than conversions: not all arguments converted.
# expect: 1-2
# expect-stderr: TypeError: not all arguments converted during string formatting
# expect-exit: 1
print("%d-%d" % (1, 2))
print("%d" % (1, 2))
