[{a: 1}|set:"b":2, [1, 2]|count, "x"|to_upper, ($a + 1)|abs, now|format_timestamp:"Y-m-d H:i:s":"UTC", 5|to_text]
