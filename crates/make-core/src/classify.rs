//! What Make's answer means: the report's `status` and `message`, from the
//! HTTP status and the body's text (see docs/make-webhooks.md).

use crate::TriggerStatus;

/// The longest piece of Make's body quoted in a message.
const QUOTE_LIMIT: usize = 200;

pub(crate) fn classify(http_status: u16, body: &str) -> (TriggerStatus, String) {
    let body = body.trim();
    let quoted = quote(body);
    match http_status {
        200 => (TriggerStatus::Success, "Scenario triggered successfully".to_owned()),
        201..=299 => (
            TriggerStatus::Success,
            format!("Scenario triggered successfully (Make answered {http_status})"),
        ),
        429 => (
            TriggerStatus::RateLimited,
            "Make rate limited this webhook (429): it accepts at most 300 requests per 10 s per webhook; wait and try again, or send fewer triggers at once".to_owned(),
        ),
        300..=399 => (
            TriggerStatus::Error,
            format!(
                "Make answered with a redirect ({http_status}), which is not followed because it would send the payload elsewhere; check that the webhook URL is the one shown in Make"
            ),
        ),
        410 if body.eq_ignore_ascii_case("Webhook not found.") => (
            TriggerStatus::Error,
            format!(
                "Make does not know this webhook: the URL is wrong or the webhook was deleted (Make answered 410{quoted}); copy the URL again from the scenario's Webhooks module"
            ),
        ),
        410 => (
            TriggerStatus::Error,
            format!(
                "No scenario is listening for this webhook: the scenario is off, unsaved, or the webhook was deleted (Make answered 410{quoted}); open the scenario in Make, save it and switch it on"
            ),
        ),
        400 if body.eq_ignore_ascii_case("Queue is full.") => (
            TriggerStatus::Error,
            format!(
                "The webhook's queue is full: the scenario is not processing requests fast enough or is switched off (Make answered 400{quoted}); switch the scenario on or let its queue drain, then try again"
            ),
        ),
        400 => (
            TriggerStatus::Error,
            format!(
                "Make rejected the data (400){}; check the payload against the webhook's data structure",
                reason(body)
            ),
        ),
        401 | 403 => (
            TriggerStatus::Error,
            format!(
                "Make refused the request ({http_status}): the API key is wrong or missing; set `make_api_key` to the key in the webhook's settings"
            ),
        ),
        404 => (
            TriggerStatus::Error,
            format!(
                "Nothing answers at this URL (404{quoted}); check that the webhook URL was copied whole from the scenario's Webhooks module"
            ),
        ),
        413 => (
            TriggerStatus::Error,
            "The payload is too large for Make (413): a webhook accepts at most 5 MB per request; send fewer or smaller records per trigger".to_owned(),
        ),
        500 if body.eq_ignore_ascii_case("Scenario failed to complete.") => (
            TriggerStatus::Error,
            format!(
                "The scenario ran and failed (Make answered 500{quoted}); see the scenario's history in Make and fix it; do not blindly retry, that would run the scenario again"
            ),
        ),
        502..=504 => (
            TriggerStatus::Error,
            format!(
                "Make is unavailable ({http_status}{quoted}): a gateway error; Make did not take the request, try again later"
            ),
        ),
        500..=599 => (
            TriggerStatus::Error,
            format!(
                "Make failed ({http_status}{quoted}); the scenario may have run, check its history in Make before sending again"
            ),
        ),
        _ => (
            TriggerStatus::Error,
            format!("Make did not accept the trigger ({http_status}{quoted})"),
        ),
    }
}

/// ` `Queue is full.``: Make's own words, short, after the status.
fn quote(body: &str) -> String {
    if body.is_empty() {
        String::new()
    } else {
        format!(" `{}`", shorten(body))
    }
}

fn reason(body: &str) -> String {
    if body.is_empty() {
        String::new()
    } else {
        format!(": {}", shorten(body))
    }
}

fn shorten(text: &str) -> String {
    let single_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if single_line.chars().count() <= QUOTE_LIMIT {
        single_line
    } else {
        let mut short: String = single_line.chars().take(QUOTE_LIMIT).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_family_gets_its_report_status() {
        assert_eq!(classify(200, "Accepted").0, TriggerStatus::Success);
        assert_eq!(classify(204, "").0, TriggerStatus::Success);
        assert_eq!(
            classify(429, "Too many requests").0,
            TriggerStatus::RateLimited
        );
        for status in [302, 400, 401, 403, 404, 410, 413, 500, 503, 418] {
            assert_eq!(classify(status, "").0, TriggerStatus::Error, "{status}");
        }
    }

    #[test]
    fn make_specific_bodies_get_specific_explanations() {
        assert!(classify(400, "Queue is full.").1.contains("queue is full"));
        assert!(
            classify(400, "Missing field `email`")
                .1
                .contains("Missing field `email`")
        );
        assert!(
            classify(410, "Webhook not found.")
                .1
                .contains("does not know this webhook")
        );
        assert!(
            classify(410, "There is no scenario listening for this webhook.")
                .1
                .contains("No scenario is listening")
        );
        assert!(
            classify(500, "Scenario failed to complete.")
                .1
                .contains("do not blindly retry")
        );
    }

    #[test]
    fn long_bodies_are_shortened_in_messages() {
        let message = classify(400, &"x".repeat(1_000)).1;
        assert!(message.len() < 400);
        assert!(message.contains('…'));
    }
}
