// ! negates truthiness: 0, "", "0", [], {} and null are false.
function "main" {
  stack {
  }
  response = { zero: !0, empty: !"", text_zero: !"0", list: ![], object: !{}, null: !null, text: !"a", one: !1 }
}
