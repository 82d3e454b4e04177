# A character that is neither an identifier letter nor an operator.
# expect-error: SyntaxError line 3
x = 1 € 2
