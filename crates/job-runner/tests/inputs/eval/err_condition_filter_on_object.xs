function "main" {
  stack {
    var $user { value = { name: "ann" } }
  }
  response = $user[$$.name == "ann"]
}
