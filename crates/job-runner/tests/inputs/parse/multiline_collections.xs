function "f" {
  stack {
    var $o {
      value = {
        a: 1
        b: 2,
        "c d": [
          1
          -2
          3,
        ],
        nested: { x: null }
      }
    }
  }
}
