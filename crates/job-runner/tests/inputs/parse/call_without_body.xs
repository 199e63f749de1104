function "f" {
  stack {
    break
    continue
    util.noop $x
    as_is { value = 1 }
  }
}
