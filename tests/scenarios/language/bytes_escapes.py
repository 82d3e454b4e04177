# Escapes in bytes literals are bytes: \xff is one byte, \u is not an escape.
print(b"\xff\x00\101", len(b"\xff"), b"\u00e9")
