run.job "Bench Get" {
  main = { name: "get_rows", input: { count: 10000, rows: 100000 } }
}
