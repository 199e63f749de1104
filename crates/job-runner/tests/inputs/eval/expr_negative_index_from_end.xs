// A negative index counts from the end, as the reference's `$letters[-1]` does.
function "main" {
  stack {
    var $letters { value = ["a", "b", "c"] }
  }
  response = { last: $letters[-1], first: $letters[-3], before_start: $letters[-4], computed: $letters[0 - 2] }
}
