function "f" {
  stack {
    try_catch {
      try {
        function.run "risky" { input = {} } as $result
      }
      catch {
        debug.log { value = $error.message }
      }
      finally {
        var $done { value = true }
      }
    }
  }
}
