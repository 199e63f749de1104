// exp, log (natural, or with a base), log10 and deg2rad.
function "main" {
  stack {
  }
  response = { exp0: 0|exp, ln_e: 2.718281828459045|log, log2: 8|log:2, log10: 1000|log10, rad: 180|deg2rad }
}
