function "main" {
  stack {
    var $greeting { value = "hello" }
    text.append $greeting { value = ", welcome!" }
    text.prepend $greeting { value = ">> " }
  }
  response = $greeting
}
