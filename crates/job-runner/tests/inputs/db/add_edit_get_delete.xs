// Writes: add (defaults, filters on write, password hashed and never read),
// edit, patch, add_or_edit, get, has, del.
// dump: ["account"]
table "account" {
  schema {
    int id
    email email filters=trim|lower
    text name filters=trim
    password password
    int visits?=0
    bool active?=true
    timestamp created_at?=now
  }
  index = [
    {type: "primary", field: [{name: "id"}]}
    {type: "btree|unique", field: [{name: "email"}]}
  ]
}

function "main" {
  stack {
    db.add "account" {
      data = { email: "  Ada@Example.COM ", name: " Ada ", password: "correct-horse-9" }
    } as $ada
    db.add "account" {
      data = { email: "bob@example.com", name: "Bob", password: "battery-staple-7" }
    } as $bob
    db.edit "account" {
      field_name = "email"
      field_value = "ada@example.com"
      data = { visits: 3 }
    } as $edited
    var $changes { value = { active: false } }
    db.patch "account" {
      field_name = "id"
      field_value = $bob.id
      data = $changes
    }
    db.add_or_edit "account" {
      field_name = "email"
      field_value = "cy@example.com"
      data = { name: "Cy", password: "tr0ub4dor-and-3" }
    } as $cy
    db.get "account" {
      field_name = "id"
      field_value = $bob.id
    } as $bob_now
    db.del "account" {
      field_name = "email"
      field_value = "cy@example.com"
    }
    db.has "account" {
      field_name = "email"
      field_value = "cy@example.com"
    } as $cy_still_there
  }
  response = {
    ada: $ada,
    edited_visits: $edited.visits,
    bob_active: $bob_now.active,
    cy_id: $cy.id,
    cy_still_there: $cy_still_there
  }
}
