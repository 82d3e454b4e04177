# '=' where '==' was meant, in an if.
# expect-error: SyntaxError line 5
# expect-stderr: invalid syntax. Maybe you meant '==' or ':=' instead of '='?
edad = 17
if edad = 18:
    print("mayor")
