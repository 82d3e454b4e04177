# The error is at the ':' inside the parentheses, not at the end of the file.
# expect-error: SyntaxError line 3
def f(:
    pass
