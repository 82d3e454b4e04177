# Tabuladores y espacios mezclados de forma inconsistente.
# expect-error: TabError line 6
# expect-stderr: inconsistent use of tabs and spaces in indentation
if True:
        x = 1
	y = 2
