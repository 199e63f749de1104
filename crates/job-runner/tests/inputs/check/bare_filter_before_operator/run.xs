run.job "Bare Filter" {
  main = { name: "f" }
}
