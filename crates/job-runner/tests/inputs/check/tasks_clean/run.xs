run.job "Reports" {
  main = { name: "build_report" }
  env = ["report_webhook_url"]
}
