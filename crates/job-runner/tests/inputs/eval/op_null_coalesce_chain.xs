// ?? skips only null: 0, "" and false are kept.
function "main" {
  stack {
  }
  response = { chain: null ?? null ?? "c", zero: 0 ?? 5, empty: "" ?? "x", no: false ?? true }
}
