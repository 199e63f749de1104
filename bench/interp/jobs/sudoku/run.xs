// Benchmark: backtracking sudoku. The board travels by value into every
// recursive call and each placed digit builds a new row and board with |set.
run.job "bench sudoku" {
  main = {
    name: "sudoku"
    input: {
      board: [
        [5, 3, 0, 0, 7, 0, 0, 0, 0]
        [6, 0, 0, 1, 9, 5, 0, 0, 0]
        [0, 9, 8, 0, 0, 0, 0, 6, 0]
        [8, 0, 0, 0, 6, 0, 0, 0, 3]
        [4, 0, 0, 8, 0, 3, 0, 0, 1]
        [7, 0, 0, 0, 2, 0, 0, 0, 6]
        [0, 6, 0, 0, 0, 0, 2, 8, 0]
        [0, 0, 0, 4, 1, 9, 0, 0, 5]
        [0, 0, 0, 0, 8, 0, 0, 7, 9]
      ]
    }
  }
}
