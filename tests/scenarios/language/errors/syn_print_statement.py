# Python 2's print statement: CPython's hint.
# expect-error: SyntaxError line 4
# expect-stderr: Missing parentheses in call to 'print'. Did you mean print(...)?
print "hola mundo"
