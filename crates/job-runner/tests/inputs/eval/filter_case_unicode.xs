// to_upper, to_lower and capitalize work on non-ASCII letters.
function "main" {
  stack {
  }
  response = { upper: "éte straße"|to_upper, lower: "ÉTÉ"|to_lower, capital: "élan vital"|capitalize }
}
