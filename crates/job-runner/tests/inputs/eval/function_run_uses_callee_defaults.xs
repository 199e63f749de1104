// function.run fills the callee's optional inputs with their defaults.
function "main" {
  stack {
    function.run "greet" {
      input = { name: "Ada" }
    } as $r
  }
  response = $r
}

function "greet" {
  input {
    text name
    text greeting?="Hello"
  }
  stack {
  }
  response = $input.greeting ~ " " ~ $input.name
}
