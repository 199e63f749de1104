// unique compares whole values: equal objects and equal numbers collapse.
function "main" {
  stack {
  }
  response = { objects: [{ a: 1 }, { a: 1 }, { a: 2 }]|unique, numbers: [1, 1, 2, "2", 3]|unique }
}
