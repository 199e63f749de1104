// A throw's name is the error type to_throw can expect.
function "charge" {
  input {
    int amount
  }
  stack {
    conditional {
      if ($input.amount < 0) {
        throw {
          name = "InvalidInputError"
          value = "Amount must be positive"
        }
      }
    }
  }
  response = $input.amount

  test "throws validation error" {
    input = { amount: -1 }
    expect.to_throw { value = "InvalidInputError" }
  }
}
