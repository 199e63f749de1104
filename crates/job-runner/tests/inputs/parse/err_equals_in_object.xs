function "f" {
  stack {
    var $data { value = { customer = $id } }
  }
}
