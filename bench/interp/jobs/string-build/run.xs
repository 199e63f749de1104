// Benchmark: a 15,000-character text built one character at a time.
run.job "bench string build" {
  main = {
    name: "string_build"
    input: { length: 15000 }
  }
}
