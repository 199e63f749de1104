// The timestamp and security filters this runner lacked, with the
// reference's examples; `now` is 2023-11-14T22:13:20Z (a Tuesday) here.
function "main" {
  stack {
  }
  response = {
    to_minutes: "2023-08-15T20:45:30.000Z"|to_minutes,
    to_hours: "2023-08-15T20:45:30.000Z"|to_hours,
    to_days: "2023-08-15T20:45:30.000Z"|to_days,
    next_friday: "next friday"|to_timestamp:"America/Los_Angeles"|format_timestamp:"D Y-m-d H:i":"America/Los_Angeles",
    tuesday_is_today: "tuesday"|to_ms|format_timestamp:"D Y-m-d H:i",
    last_monday: "last monday"|to_ms|format_timestamp:"D Y-m-d",
    next_week: "next week"|to_ms|format_timestamp:"Y-m-d H:i",
    parse_timestamp: "2023-08-15 13:45:30"|parse_timestamp:"Y-m-d H:i:s":"America/Los_Angeles",
    epochms_date: 1692132330000|epochms_date:"Y-m-d H:i:s":"America/New_York",
    epochms_transform: "2023-08-15T20:45:30.000Z"|epochms_transform:"-7 days":"America/Los_Angeles",
    epochms_add_secs: 1691527530000|epochms_add_secs:60,
    add_ms_monday: "monday"|add_ms_to_timestamp:500|format_timestamp:"D Y-m-d H:i:s.v",
    sha384: "some_message"|sha384,
    hmac_sha384: "some_message"|hmac_sha384:"MY_SECRET_KEY",
    uuid4_length: |uuid4|strlen,
    create_uid_is_int: |create_uid|is_int
  }
}
