# join only takes strings: the message names the first item that is not one.
# expect: 1-2
# expect-stderr: TypeError: sequence item 1: expected str instance, int found
# expect-exit: 1
print("-".join(["1", "2"]))
print("-".join(["1", 2, 3]))
