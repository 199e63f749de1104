run.job "Bench Add" {
  main = { name: "add_rows", input: { count: 100000 } }
}
