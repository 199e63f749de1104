// test: "returns sunny for Paris"
// input: {"city": "Paris"}
function "main" {
  input {
    text city
  }
  stack {
    api.request {
      url = "https://api.weather.example/current"
      params = { city: $input.city }
      mock = {
        "returns sunny for Paris": { response: { weather: "sunny", temp: 22 } },
        "returns rainy for London": { response: { weather: "rainy", temp: 15 } }
      }
    } as $weather
  }
  response = $weather.response
}
