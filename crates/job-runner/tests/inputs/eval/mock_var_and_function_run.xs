// test: "custom greeting"
function "main" {
  stack {
    var $message {
      value = "Hello"
      mock = { "custom greeting": "Custom greeting!" }
    }
    function.run "expensive" {
      input = {}
      mock = { "custom greeting": 7 }
    } as $n
  }
  response = { message: $message, n: $n }
}

function "expensive" {
  stack {
    throw { name = "NotMocked" value = "the real function ran" }
  }
}
