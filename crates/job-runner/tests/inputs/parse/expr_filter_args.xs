$arr|reduce:$$+$result:0|map:$$.name|find:$$.id == 5|get:"key":"default"
