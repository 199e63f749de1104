// === needs the same type: 1 === 1.0 is false, 1 == "1" is true.
function "main" {
  stack {
  }
  response = { int_decimal: 1 === 1.0, text_int: "1" === 1, loose: 1 == "1", nulls: null === null, arrays: [1, 2] === [1, 2], not_strict: 1 !== "1" }
}
