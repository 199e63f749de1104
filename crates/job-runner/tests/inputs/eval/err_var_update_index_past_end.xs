// Writing past the end of an array is an error naming the index and the length.
function "main" {
  stack {
    var $arr { value = [1, 2, 3] }
    var.update $arr[5] { value = 0 }
  }
  response = $arr
}
