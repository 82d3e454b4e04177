# Mixing automatic and manual field numbering is a ValueError.
# expect: a b a
# expect-stderr: ValueError: cannot switch from automatic field numbering to manual field specification
# expect-exit: 1
print("{0} {1} {0}".format("a", "b"))
print("{} {1}".format("a", "b"))
