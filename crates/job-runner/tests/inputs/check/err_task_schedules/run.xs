run.job "Broken schedules" {
  main = { name: "f" }
  env = ["api_key"]
}
