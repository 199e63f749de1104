function "main" {
  stack {
    var $count { value = 0 }
  }
  response = {
    or_default: $count || 10,
    coalesce_keeps_zero: $count ?? 10,
    coalesce_null: null ?? "fallback",
    and: true && "yes",
    not: !true,
    not_empty: ![]
  }
}
