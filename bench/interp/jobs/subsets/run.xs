// Benchmark: every subset of 12 numbers, built with |map, |append and |merge.
run.job "bench subsets" {
  main = {
    name: "subsets"
    input: { numbers: [3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610] }
  }
}
