function "main" {
  stack {
    var $log { value = [] }
    function.run "helper" { input = {} } as $r
  }
  response = $r
}

function "helper" {
  stack {
    try_catch {
      try {
        return { value = "from try" }
      }
      catch {
        var $x { value = 1 }
      }
      finally {
        debug.log { value = "finally ran" }
      }
    }
  }
  response = "not reached"
}
