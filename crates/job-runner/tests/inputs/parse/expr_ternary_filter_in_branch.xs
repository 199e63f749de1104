($a|count) > 0 ? $a|first : null
