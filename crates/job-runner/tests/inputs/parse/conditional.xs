function "f" {
  stack {
    conditional {
      if ($input.age >= 18) {
        var $status { value = "adult" }
      }
      elseif ($input.age >= 13) {
        var $status { value = "teen" }
      }
      else {
        var $status { value = "child" }
      }
    }
  }
}
