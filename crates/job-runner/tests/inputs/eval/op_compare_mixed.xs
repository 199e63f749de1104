function "main" {
  stack {
  }
  response = {
    text_vs_number: "10" > 9,
    null_lt_one: null < 1,
    bool_order: true > false,
    text_order: "apple" < "banana",
    equal_objects_any_order: {a: 1, b: 2} == {b: 2, a: 1},
    strict_objects: {a: 1} === {a: 1}
  }
}
