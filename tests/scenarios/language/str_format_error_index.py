# A field number past the positional arguments is an IndexError.
# expect: a-b
# expect-stderr: IndexError: Replacement index 2 out of range for positional args tuple
# expect-exit: 1
print("{0}-{1}".format("a", "b"))
print("{0}-{2}".format("a", "b"))
