function "f" {
  stack {
    var $label {
      value = $input.n > 2
        ? "big"
        : "small"
    }
    var $list { value = [$a ? 1 : 2, { k: $b ? "x" : "y" }] }
    conditional {
      if ($a ? $b : $c) {
        debug.log { value = $a ? $b|count : 0 }
      }
    }
  }
}
