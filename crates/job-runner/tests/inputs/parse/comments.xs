// leading comment
function "f" { // after the brace
  /* a block
     comment */
  stack {
    var $x { value = 1 } // trailing
    var $url { value = "http://example.com//not-a-comment" }
  }
  response = /* inline */ $x
}
