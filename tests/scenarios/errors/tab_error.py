# Tabs and spaces mixed so the nesting depends on the tab size.
# expect-error: TabError line 5
if 1:
	x = 1
        y = 2
