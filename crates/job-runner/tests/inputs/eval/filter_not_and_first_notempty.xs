// not negates truthiness; first_notempty and first_notnull skip empty or null values.
function "main" {
  stack {
  }
  response = { not: [0|not, "a"|not], first_notempty: ""|first_notempty:"x", kept: "a"|first_notempty:"x", first_notnull: null|first_notnull:0 }
}
