1..$n - 1|count
