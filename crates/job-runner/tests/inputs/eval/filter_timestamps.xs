function "main" {
  stack {
    var $t { value = 1700000000000 }
  }
  response = {
    iso: $t|format_timestamp:"c",
    date_paris: $t|format_timestamp:"D, d M Y H:i":"Europe/Paris",
    plus_day: $t|transform_timestamp:"+1 day",
    add_secs: $t|add_secs_to_timestamp:60,
    parsed: "2024-01-02T03:04:05Z"|to_timestamp,
    date_only: "2024-01-02"|to_timestamp,
    year: $t|timestamp_year,
    weekday: $t|timestamp_day_of_week,
    seconds: $t|to_seconds
  }
}
