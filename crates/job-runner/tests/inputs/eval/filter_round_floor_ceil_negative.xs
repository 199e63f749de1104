// Halves round away from zero; floor and ceil of negatives.
function "main" {
  stack {
  }
  response = { round_neg: -2.5|round, round_pos: 2.5|round, floor: -2.5|floor, ceil: -2.5|ceil, places: 1.25|round:1, neg_places: -1.25|round:1 }
}
