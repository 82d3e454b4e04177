# Un else sin if.
# expect-error: SyntaxError line 5
# expect-stderr: invalid syntax
x = 1
else:
    x = 2
