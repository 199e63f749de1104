// A filter may start an expression with no subject: `|range:1:5`, `|uuid`.
function "main" {
  stack {
    var $range { value = |range:1:5 }
    var $id { value = |uuid }
  }
  response = {
    range: $range,
    counted: (|range:10:15|count),
    uuid_length: $id|strlen,
    filled: |fill:3:"x",
    in_array: [|range:1:2, 3]
  }
}
