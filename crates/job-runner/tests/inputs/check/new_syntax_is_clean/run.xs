run.job "New Syntax" {
  main = {
    name: "f"
    input: { n: 5 }
  }
}
