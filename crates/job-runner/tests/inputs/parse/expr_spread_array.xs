[...$a, 4, ...$b|reverse]
