function "f" {
  stack {
    conditional {
      if (`$input.count > 0 && $input.enabled`) {
        var $x { value = `$input.count * 2` }
      }
    }
  }
}
