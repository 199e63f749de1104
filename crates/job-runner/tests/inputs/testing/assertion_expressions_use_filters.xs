// Subjects and values are expressions: filters and arithmetic work.
function "list" {
  stack {
    var $items { value = [{ n: 1 }, { n: 2 }, { n: 3 }] }
  }
  response = $items

  test "counts and maps" {
    expect.to_equal ($response|count) { value = 3 }
    expect.to_equal ($response|map:$$.n) { value = [1, 2, 3] }
    expect.to_be_greater_than ($response[2].n) { value = 1 + 1 }
    expect.to_contain ($response) { value = { n: 2 } }
  }
}
