function "f" {
  stack {
    var $total {
      value = $a +
        $b
    }
    var $chain {
      value = $input.text
        |trim
        |to_lower
    }
    var $both {
      value = $a
        && $b
    }
    var $path {
      value = $response
        .body
        .items
    }
  }
}
