[true, false, null, now, "", '', [], {}]
