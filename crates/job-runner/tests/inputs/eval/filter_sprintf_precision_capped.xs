// A precision past PHP's 53 digits is capped, not built: "1." and 53 zeros.
function "main" {
  stack {
  }
  response = "%.999999999999f"|sprintf:1|strlen
}
