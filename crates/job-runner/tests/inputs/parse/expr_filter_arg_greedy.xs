[$x|get:"a" == 5, ($x|get:"a") == 5, $a|first_notnull:0 > 1]
