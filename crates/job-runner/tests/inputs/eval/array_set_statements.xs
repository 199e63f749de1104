// `array.union`, `array.difference` and `array.intersection` compare items by
// `by` (the item itself without it): the reference's examples, and objects by
// id. The reference shows the union sorted; this runner keeps the arrays' order.
function "main" {
  stack {
    array.union ([1, 3, 5, 7, 9]) {
      value = [2, 4, 6, 8, 3]
      by = $this
    } as $union
    array.difference ([1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      value = [2, 4, 6, 8]
      by = $this
    } as $difference
    array.intersection ([1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      value = [2, 4, 6, 8]
    } as $intersection
    var $old { value = [{ id: 1, v: "a" }, { id: 2, v: "b" }] }
    array.difference ($old) {
      value = [{ id: 2, v: "changed" }]
      by = $this.id
    } as $removed
  }
  response = { union: $union, difference: $difference, intersection: $intersection, removed: $removed }
}
