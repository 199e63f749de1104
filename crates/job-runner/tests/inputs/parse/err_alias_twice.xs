function "f" {
  stack {
    function.run "g" as $a { input = {} } as $b
  }
}
