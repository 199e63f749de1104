{ $key 1 }
