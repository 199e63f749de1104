function "f" {
  response = { ok: true }
  test "works" {
    input = { a: 1 }
    expect.to_equal ($response.ok) { value = true }
    expect.to_be_true ($response.ok)
  }
}
