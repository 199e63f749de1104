// count of an object counts its keys; count of null is 0.
function "main" {
  stack {
  }
  response = { object: { a: 1, b: 2 }|count, null: null|count, list: [1, [2, 3]]|count }
}
