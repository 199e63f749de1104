// How far each scenario has been sent: the `updated_at` and `id` of the
// last row Make accepted, so rows stamped in the same millisecond are
// told apart and none is skipped.
table "sync_state" {
  schema {
    int id
    text scenario_name
    timestamp high_water?=0
    int last_id?=0
    timestamp synced_at?=now
  }
  index = [
    {type: "primary", field: [{name: "id"}]}
    {type: "btree|unique", field: [{name: "scenario_name"}]}
  ]
}
