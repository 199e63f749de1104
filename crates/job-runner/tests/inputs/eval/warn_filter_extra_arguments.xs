// Extra filter arguments that Xano's validator tolerates are a warning, and
// are ignored when the job runs.
function "main" {
  stack {
    var $n { value = "42"|to_int:0 }
    var $t { value = 3.5|to_text:2 }
  }
  response = { n: $n, t: $t }
}
