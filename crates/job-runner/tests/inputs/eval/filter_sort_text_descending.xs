// sort by a field as text, descending.
function "main" {
  stack {
    var $people { value = [{ name: "bob" }, { name: "Ann" }, { name: "cy" }] }
  }
  response = $people|sort:"name":"text":true|map:$$.name
}
