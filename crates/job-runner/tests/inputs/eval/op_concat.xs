function "main" {
  stack {
    var $n { value = 3 }
  }
  response = "items: " ~ $n ~ ", ok: " ~ true ~ ", none: [" ~ null ~ "], list: " ~ [1, 2]
}
