// Every value assertion of the reference, each holding.
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
        id: 7
        errors: []
        total: 150
        stock: 3
        temperature: 25.5
        name: "John Smith"
        file: "report.pdf"
        tags: ["new", "featured"]
        phone: "+15551234567"
      }
    }
  }
  response = $profile

  test "every assertion holds" {
    expect.to_equal ($response.status) { value = "active" }
    expect.to_not_equal ($response.status) { value = "deleted" }
    expect.to_be_true ($response.is_active)
    expect.to_be_false ($response.is_deleted)
    expect.to_be_null ($response.deleted_at)
    expect.to_not_be_null ($response.created_at)
    expect.to_be_defined ($response.id)
    expect.to_not_be_defined ($response.optional_field)
    expect.to_be_empty ($response.errors)
    expect.to_be_greater_than ($response.total) { value = 100 }
    expect.to_be_less_than ($response.stock) { value = 10 }
    expect.to_be_within ($response.temperature) {
      min = 20
      max = 30
    }
    expect.to_start_with ($response.name) { value = "John" }
    expect.to_end_with ($response.file) { value = ".pdf" }
    expect.to_contain ($response.tags) { value = "featured" }
    expect.to_match ($response.phone) { value = "^\\+1\\d{10}$" }
    expect.to_be_in_the_past ($response.created_at)
    expect.to_be_in_the_future ($response.expires_at)
  }
}
