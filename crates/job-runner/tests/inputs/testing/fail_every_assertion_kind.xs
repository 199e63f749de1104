// Every value assertion of the reference, each failing with its message.
function "profile" {
  stack {
    var $profile {
      value = {
        status: "active"
        is_active: true
        is_deleted: false
        deleted_at: null
        created_at: "2020-01-15T10:30:00Z"
        expires_at: "2999-01-01T00:00:00Z"
        tags: ["new", "featured"]
        total: 150
        stock: 3
        temperature: 25.5
        name: "John Smith"
        file: "report.pdf"
        phone: "+15551234567"
      }
    }
  }
  response = $profile

  test "to_equal fails" {
    expect.to_equal ($response.status) { value = "deleted" }
  }

  test "to_not_equal fails" {
    expect.to_not_equal ($response.status) { value = "active" }
  }

  test "to_be_true fails" {
    expect.to_be_true ($response.is_deleted)
  }

  test "to_be_false fails" {
    expect.to_be_false ($response.is_active)
  }

  test "to_be_null fails" {
    expect.to_be_null ($response.created_at)
  }

  test "to_not_be_null fails" {
    expect.to_not_be_null ($response.deleted_at)
  }

  test "to_be_defined fails" {
    expect.to_be_defined ($response.optional_field)
  }

  test "to_not_be_defined fails" {
    expect.to_not_be_defined ($response.deleted_at)
  }

  test "to_be_empty fails" {
    expect.to_be_empty ($response.tags)
  }

  test "to_be_greater_than fails" {
    expect.to_be_greater_than ($response.stock) { value = 10 }
  }

  test "to_be_less_than fails" {
    expect.to_be_less_than ($response.total) { value = 100 }
  }

  test "to_be_within fails" {
    expect.to_be_within ($response.temperature) {
      min = 30
      max = 40
    }
  }

  test "to_start_with fails" {
    expect.to_start_with ($response.name) { value = "Jane" }
  }

  test "to_end_with fails" {
    expect.to_end_with ($response.file) { value = ".doc" }
  }

  test "to_contain fails" {
    expect.to_contain ($response.name) { value = "Doe" }
  }

  test "to_match fails" {
    expect.to_match ($response.phone) { value = "^\\\\d+$" }
  }

  test "to_be_in_the_past fails" {
    expect.to_be_in_the_past ($response.expires_at)
  }

  test "to_be_in_the_future fails" {
    expect.to_be_in_the_future ($response.created_at)
  }
}
