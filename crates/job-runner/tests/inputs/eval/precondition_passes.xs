// input: {"amount": 5}
function "main" {
  input {
    int amount
  }
  stack {
    precondition ($input.amount > 0) {
      error_type = "inputerror"
      error = "Amount must be positive"
    }
  }
  response = "ok"
}
