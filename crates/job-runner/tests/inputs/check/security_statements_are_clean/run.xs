run.job "Security Statements" {
  main = {
    name: "issue_credentials"
    input: { password: "correct horse battery" }
  }
}
