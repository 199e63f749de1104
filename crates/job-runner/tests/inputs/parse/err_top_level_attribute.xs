description = "not in a block"
