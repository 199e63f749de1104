run.job "Grid" {
  main = {
    name: "f"
    input: { rows: [[1, 2], [3, 4]], any: [[5]] }
  }
}
