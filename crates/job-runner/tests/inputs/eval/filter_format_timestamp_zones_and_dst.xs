// Time zones apply their offset, with daylight saving: New York in July and January, Kolkata's half hour.
function "main" {
  stack {
    var $summer { value = "2024-07-01T12:00:00Z"|to_timestamp }
    var $winter { value = "2024-01-15T12:00:00Z"|to_timestamp }
  }
  response = { ny_summer: $summer|format_timestamp:"Y-m-d H:i T P":"America/New_York", ny_winter: $winter|format_timestamp:"Y-m-d H:i T P":"America/New_York", kolkata: $winter|format_timestamp:"H:i P":"Asia/Kolkata", utc: $winter|format_timestamp:"H:i e":"UTC" }
}
