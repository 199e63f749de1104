run.job "Described" {
  description = "Xano does not take this here"
  main = { name: "f" }
}
