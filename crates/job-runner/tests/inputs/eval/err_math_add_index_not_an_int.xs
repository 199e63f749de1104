// An array takes int positions; other index values are named in the error.
function "main" {
  stack {
    var $scores { value = [1, 2] }
    math.add $scores["first"] { value = 1 }
  }
  response = $scores
}
