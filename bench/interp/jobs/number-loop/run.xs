// Benchmark: integer work over 600 numbers (Collatz steps, trial division).
run.job "bench number loop" {
  main = {
    name: "number_loop"
    input: { limit: 600 }
  }
}
