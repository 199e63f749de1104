function "change_input" {
  input {
    int n
  }
  stack {
    var.update $input.n { value = $input.n + 1 }
  }
  response = $input.n
}
