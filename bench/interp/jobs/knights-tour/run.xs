// Benchmark: a knight's tour on a 5x5 board, depth first over an explicit
// stack of boards grown with |append and popped with |slice.
run.job "bench knights tour" {
  main = {
    name: "knights_tour"
  }
}
