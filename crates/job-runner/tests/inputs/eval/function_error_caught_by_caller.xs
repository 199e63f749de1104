function "main" {
  stack {
    try_catch {
      try {
        function.run "fails" { input = {} } as $r
      }
      catch {
        var $r { value = "caught " ~ $error.name ~ ": " ~ $error.message }
      }
    }
  }
  response = $r
}

function "fails" {
  stack {
    precondition (false) {
      error_type = "accessdenied"
      error = "not allowed"
    }
  }
}
