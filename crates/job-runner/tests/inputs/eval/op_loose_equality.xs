function "main" {
  stack {
  }
  response = {
    int_text: 100 == "100",
    strict: 100 === "100",
    not_equal: 1 != 2,
    strict_not_equal: 1 !== 1.0,
    null_false: null == false,
    decimals: 1 == 1.0,
    arrays: [1, "2"] == [1, 2]
  }
}
