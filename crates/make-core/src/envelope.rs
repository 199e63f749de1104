//! The JSON body sent to Make: the payload wrapped with who sent it and when.

use serde_json::{Value, json};

/// `{"scenario_name": ..., "triggered_at": "2026-11-29T23:15:04.123Z", "data": payload}`.
///
/// `triggered_at` is RFC 3339 in UTC with exactly three fractional digits,
/// so a scenario can sort and compare triggers as plain text.
pub fn envelope(scenario_name: &str, triggered_at: jiff::Timestamp, payload: &Value) -> Value {
    json!({
        "scenario_name": scenario_name,
        "triggered_at": format_triggered_at(triggered_at),
        "data": payload,
    })
}

/// RFC 3339 UTC with millisecond precision (truncated, never rounded up into the future).
pub fn format_triggered_at(at: jiff::Timestamp) -> String {
    format!("{at:.3}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_wraps_the_payload_with_name_and_millisecond_utc_time() {
        let at: jiff::Timestamp = "2026-11-29T23:15:04.123456Z".parse().expect("valid time");
        let body = envelope("xano-data-sync", at, &json!({"user_id": 1}));
        assert_eq!(
            body.to_string(),
            r#"{"scenario_name":"xano-data-sync","triggered_at":"2026-11-29T23:15:04.123Z","data":{"user_id":1}}"#
        );
    }

    #[test]
    fn whole_seconds_still_show_three_fractional_digits() {
        let at = jiff::Timestamp::from_second(5).expect("valid time");
        assert_eq!(format_triggered_at(at), "1970-01-01T00:00:05.000Z");
    }
}
