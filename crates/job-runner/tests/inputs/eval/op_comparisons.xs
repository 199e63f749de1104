function "main" {
  stack {
  }
  response = {
    lt: 1 < 2,
    le: 2 <= 2,
    gt: "b" > "a",
    ge: 3 >= 4,
    numeric_text: "10" > "9",
    mixed: 2 < 2.5
  }
}
