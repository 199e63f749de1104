function "main" {
  stack {
    var $greeting { value = "hello" }
    var $count { value = 3 }
  }
  response = { greeting: $greeting, count: $count, same: $var.count }
}
