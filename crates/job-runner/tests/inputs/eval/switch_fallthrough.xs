function "main" {
  stack {
    var $seen { value = [] }
    switch (1) {
      case (1) {
        array.push $seen { value = "one" }
      }
      case (2) {
        array.push $seen { value = "two" }
      } break
      case (3) {
        array.push $seen { value = "three" }
      } break
    }
  }
  response = $seen
}
