// sprintf formats like printf.
function "main" {
  stack {
  }
  response = "%s has %d items costing %.2f"|sprintf:"cart":3:9.5
}
