# return fuera de una función.
# expect-error: SyntaxError line 5
# expect-stderr: 'return' outside function
print("inicio")
return 5
