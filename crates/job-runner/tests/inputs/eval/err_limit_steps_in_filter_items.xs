// limits: {"max_steps": 500}
// Items processed by filters count as steps, so a huge map stops.
function "main" {
  stack {
  }
  response = |fill:10000:1|map:$$ + 1|count
}
