// reduce can build an object: expression first, initial value last.
function "main" {
  stack {
    var $pairs { value = [{ k: "a", v: 1 }, { k: "b", v: 2 }] }
  }
  response = $pairs|reduce:($result|set:$$.k:$$.v):{}
}
