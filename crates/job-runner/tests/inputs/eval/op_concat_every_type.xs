// ~ turns each side into text: whole decimals drop .0, null is empty, arrays are JSON.
function "main" {
  stack {
  }
  response = "n=" ~ 1.50 ~ "|" ~ 2.0 ~ "|" ~ true ~ "|" ~ null ~ "|" ~ [1, "a"] ~ "|" ~ { k: 1 }
}
