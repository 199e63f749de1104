$arr|count > 3 && ($s|strlen) == 2 && $a + $b|trim
