// The comparison filters, with the reference's examples.
function "main" {
  stack {
  }
  response = {
    equals: 4|equals:4,
    not_equals: 4|not_equals:4,
    greater_than: 4|greater_than:2,
    greater_than_or_equal: 4|greater_than_or_equal:2,
    less_than: 4|less_than:2,
    less_than_or_equal: 4|less_than_or_equal:2,
    eq: 4|eq:4,
    ne: 4|ne:4,
    gt: 4|gt:2,
    gte: 4|gte:2,
    lt: 4|lt:2,
    lte: 4|lte:2,
    odd: 4|odd,
    even: 4|even,
    odd_negative: -3|odd,
    in: [1, 2, 3]|in:3,
    null: 8|null,
    empty: []|empty
  }
}
