function "f" {
  stack {
    switch ($x) { case (1) { var $m { value = 1 } } break default { var $m { value = 2 } } }
  }
}
