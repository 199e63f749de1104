// input: {"age": 20}
function "main" {
  input {
    int age
  }
  stack {
    conditional {
      if ($input.age >= 18) {
        var $status { value = "adult" }
      }
      else {
        var $status { value = "minor" }
      }
    }
  }
  response = $status
}
