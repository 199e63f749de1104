// `$$` is the element itself for arrays of numbers; `!` makes a condition too.
function "main" {
  stack {
    var $numbers { value = [5, 12, 7, 30, 0] }
  }
  response = { big: $numbers[$$ > 6], zero: $numbers[!$$], count: $numbers[$$ >= 7]|count }
}
