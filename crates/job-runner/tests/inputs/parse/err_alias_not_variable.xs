function "f" {
  stack {
    function.run "g" { input = {} } as result
  }
}
