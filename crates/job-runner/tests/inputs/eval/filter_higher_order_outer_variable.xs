function "main" {
  stack {
    var $threshold { value = 2 }
    var $nested { value = [[1, 2, 3], [4]] }
  }
  response = {
    above: [1, 2, 3, 4]|filter:$$ > $threshold,
    nested: $nested|map:($$|map:$$ * 10)
  }
}
