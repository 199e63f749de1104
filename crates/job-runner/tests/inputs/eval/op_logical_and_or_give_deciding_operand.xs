// && and || give the operand that decided, as op_logical_short_circuit does: 1 && "x" is "x".
function "main" {
  stack {
  }
  response = { and: 1 && "x", or: 0 || null, mixed: "" || "y", not_and: 0 && 1 }
}
