run.job "Literal Values" {
  main = { name: "values" }
  env = ["api_url"]
}
