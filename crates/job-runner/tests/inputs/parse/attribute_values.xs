task "nightly" {
  active = false
  schedule = [{ starts_on: "2025-01-01 00:00:00+0000", freq: 86400 }]
  tags = []
  ratio = 0.5
  guid = "abc123"
}
