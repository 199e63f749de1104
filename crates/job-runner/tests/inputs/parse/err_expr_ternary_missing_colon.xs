$n > 2 ? "big"
