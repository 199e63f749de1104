// array.map sees $this and $index.
function "main" {
  stack {
    array.map (["a", "b", "c"]) {
      by = $index ~ "=" ~ $this
    } as $out
  }
  response = $out
}
