function "main" {
  stack {
  }
  response = {
    floor: 2.7|floor,
    ceil: 2.3|ceil,
    round: 2.567|round:2,
    round_whole: 2.5|round,
    abs: -5|abs,
    sqrt: 9|sqrt,
    pow: 2|pow:10,
    pow_decimal: 2|pow:-1,
    min: 5|min:3,
    max: 5|max:10,
    add: 10|add:5,
    modulus: 10|modulus:3,
    bitwise_and: 5|bitwise_and:3
  }
}
