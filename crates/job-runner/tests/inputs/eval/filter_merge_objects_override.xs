// merge on objects: later keys replace earlier ones; on arrays it appends.
function "main" {
  stack {
  }
  response = { objects: { a: 1, b: 2 }|merge:{ b: 3, c: 4 }, arrays: [1]|merge:[2, 3] }
}
