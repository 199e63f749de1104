// test: "a test without a mock here"
function "main" {
  stack {
    api.request {
      url = "https://api.weather.example/current"
      mock = { "returns sunny for Paris": { response: { weather: "sunny" } } }
    } as $weather
  }
  response = $weather.response.status
}
