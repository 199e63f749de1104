// The object filters this runner lacked, with the reference's examples: the
// current forms of `fill` and `fill_keys`, and `create_object*`.
function "main" {
  stack {
  }
  response = {
    fill: "v"|fill:0:6,
    array_fill: "v"|array_fill:0:2,
    fill_legacy: |fill:2:"x",
    fill_keys: "key"|fill_keys:["a", "b", "c"],
    array_fill_keys: 0|array_fill_keys:["x"],
    create_object: ["a", "b", "c"]|create_object:[1, 2, 3],
    create_object_from_entries: [{key: "a", value: 1}, {key: "b", value: 2}, {key: "c", value: 3}]|create_object_from_entries
  }
}
