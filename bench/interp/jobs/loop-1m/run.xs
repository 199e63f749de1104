// Benchmark: a 1,000,000-iteration while loop.
run.job "bench loop 1m" {
  main = {
    name: "loop_1m"
    input: { iterations: 1000000 }
  }
}
