// test: "reports a rate limit"
// env: {"make_webhook_url": "https://hook.eu1.make.com/abcdefghijklmnop"}
function "main" {
  stack {
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = "sync"
      payload = { a: 1 }
      mock = {
        "reports a rate limit": { status: "rate_limited", http_status: 429, message: "Make is rate limiting this webhook" }
      }
    } as $result
  }
  response = $result
}
