// input: {"age": 15}
function "main" {
  input {
    int age
  }
  stack {
    var $label { value = "" }
    conditional {
      if ($input.age >= 18) {
        var.update $label { value = "adult" }
      }
      elseif ($input.age >= 13) {
        var.update $label { value = "teen" }
      }
      else {
        var.update $label { value = "child" }
      }
    }
  }
  response = $label
}
