function "main" {
  stack {
    var $names { value = [] }
    foreach ({ first: "ann", second: "bob" }) {
      each as $name {
        array.push $names { value = $name|to_upper }
      }
    }
  }
  response = $names
}
