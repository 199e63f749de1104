function "f" {
  stack {
    var $half { value = 7 // 2 }
  }
  response = $half
}
