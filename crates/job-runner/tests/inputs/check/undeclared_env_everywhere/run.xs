run.job "Env Everywhere" {
  main = { name: "reads" }
  env = ["api_token"]
}
