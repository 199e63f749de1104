function "main" {
  stack {
  }
  response = {
    floor_negative: -2.5|floor,
    round_negative: -2.5|round,
    round_int: 7|round:2,
    abs_decimal: -0.5|abs,
    pow_big: 10|pow:30,
    array_min: [5, 2, 8]|array_min,
    array_max: [5, 2, 8]|array_max,
    product: [1, 2, 3, 4]|product,
    avg_empty: []|avg
  }
}
