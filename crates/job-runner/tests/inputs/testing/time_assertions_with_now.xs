// Timestamps from now: epoch milliseconds in the past and future.
function "times" {
  stack {
    var $out {
      value = { created: now, expires: now|add_secs_to_timestamp:3600 }
    }
  }
  response = $out

  test "created now, expires later" {
    expect.to_be_in_the_past ($response.created)
    expect.to_be_in_the_future ($response.expires)
  }

  test "not a timestamp" {
    expect.to_be_in_the_past ($response.missing)
  }
}
