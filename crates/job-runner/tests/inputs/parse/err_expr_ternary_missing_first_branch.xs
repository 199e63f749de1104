$n > 2 ? : "small"
