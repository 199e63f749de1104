function "main" {
  stack {
  }
  response = {
    ny: "2024-07-04T12:00:00Z"|format_timestamp:"Y-m-d H:i T P":"America/New_York",
    am_pm: "2024-07-04 15:04:05"|format_timestamp:"g:i A, l jS":"UTC",
    minus_week: "2024-01-15"|transform_timestamp:"-1 week"|format_timestamp:"Y-m-d",
    epoch_seconds: "2024-01-01T00:00:00Z"|to_seconds,
    now_text: "now"|to_timestamp
  }
}
