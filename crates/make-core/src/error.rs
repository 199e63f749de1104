//! What can go wrong before Make gives an answer. An answer, even 4xx or 5xx,
//! is not an error: it becomes a [`crate::TriggerReport`].
//!
//! No variant holds the webhook URL: only its redacted form, and causes whose
//! text has been scrubbed of the URL's secret parts.

use std::error::Error as _;
use std::fmt;
use std::time::Duration;

use crate::duration::human;

/// Why a trigger ended without an answer from Make.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TriggerError {
    #[error("invalid trigger options: {reason}")]
    InvalidOptions { reason: String },

    #[error("the payload cannot be sent as JSON: {reason}")]
    InvalidPayload { reason: String },

    #[error(
        "the payload is {size} bytes, over Make's limit of {limit} bytes; send fewer or smaller records per trigger"
    )]
    PayloadTooLarge { size: usize, limit: usize },

    #[error(
        "could not connect to `{url}` ({}); check the host name, your network, and that the webhook URL is right",
        count_attempts(*.attempts)
    )]
    Connect {
        url: String,
        attempts: u32,
        /// False unless an earlier, ambiguous attempt was retried (`retry_ambiguous`).
        may_have_been_received: bool,
        #[source]
        cause: TransportCause,
    },

    #[error("{}", timeout_message(.url, .after, .attempts))]
    Timeout {
        url: String,
        after: Duration,
        attempts: u32,
        /// Whether the body had left before the timeout: Make may have accepted it.
        may_have_been_received: bool,
    },

    #[error(
        "the request to `{url}` failed after it was sent ({}); Make may have received it, so check the scenario's history before sending again",
        count_attempts(*.attempts)
    )]
    Request {
        url: String,
        attempts: u32,
        #[source]
        cause: TransportCause,
    },

    #[error("{}", cancelled_message(.url, .attempts, .may_have_been_received))]
    Cancelled {
        url: String,
        attempts: u32,
        may_have_been_received: bool,
    },
}

impl TriggerError {
    /// Whether Make may have accepted the trigger despite the error.
    pub fn may_have_been_received(&self) -> bool {
        match self {
            TriggerError::InvalidOptions { .. }
            | TriggerError::InvalidPayload { .. }
            | TriggerError::PayloadTooLarge { .. } => false,
            TriggerError::Request { .. } => true,
            TriggerError::Connect {
                may_have_been_received,
                ..
            }
            | TriggerError::Timeout {
                may_have_been_received,
                ..
            }
            | TriggerError::Cancelled {
                may_have_been_received,
                ..
            } => *may_have_been_received,
        }
    }

    /// How many requests were attempted before giving up (0 when none was sent).
    pub fn attempts(&self) -> u32 {
        match self {
            TriggerError::InvalidOptions { .. }
            | TriggerError::InvalidPayload { .. }
            | TriggerError::PayloadTooLarge { .. } => 0,
            TriggerError::Connect { attempts, .. }
            | TriggerError::Timeout { attempts, .. }
            | TriggerError::Request { attempts, .. }
            | TriggerError::Cancelled { attempts, .. } => *attempts,
        }
    }
}

fn timeout_message(url: &str, after: &Duration, attempts: &u32) -> String {
    format!(
        "no answer from `{url}` within {} ({}); the scenario may have run, check its history in Make before sending again, or raise the timeout",
        human(*after),
        count_attempts(*attempts)
    )
}

/// `1 attempt`, `4 attempts`.
pub(crate) fn count_attempts(attempts: u32) -> String {
    if attempts == 1 {
        "1 attempt".to_owned()
    } else {
        format!("{attempts} attempts")
    }
}

fn cancelled_message(url: &str, attempts: &u32, may_have_been_received: &bool) -> String {
    if *may_have_been_received {
        format!(
            "the trigger to `{url}` was cancelled while a request was under way; Make may have received it, check the scenario's history"
        )
    } else if *attempts > 0 {
        // Cancelled during the wait before a retry: what came before was refused.
        format!(
            "the trigger to `{url}` was cancelled while waiting to try again; Make refused the earlier {} (or never got it), so the scenario has not run",
            count_attempts(*attempts)
        )
    } else {
        format!("the trigger to `{url}` was cancelled before Make received anything")
    }
}

/// The text of a transport failure's cause chain, scrubbed of secrets. It
/// replaces the HTTP library's error, whose text can embed the full URL.
#[derive(Clone, PartialEq, Eq)]
pub struct TransportCause(String);

impl TransportCause {
    /// Flattens `error` and its sources into one line, minus the URL and `secrets`.
    pub(crate) fn from_reqwest(error: reqwest::Error, secrets: &[String]) -> Self {
        let error = error.without_url();
        let mut text = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            let cause_text = cause.to_string();
            if !text.contains(&cause_text) {
                text.push_str(": ");
                text.push_str(&cause_text);
            }
            source = cause.source();
        }
        TransportCause(crate::secret::scrub(&text, secrets))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TransportCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for TransportCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TransportCause({:?})", self.0)
    }
}

impl std::error::Error for TransportCause {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WebhookUrl;

    const TOKEN: &str = "k3xq9abcd7efgh2ijkl5mnop8qrsx7k2";

    fn url() -> WebhookUrl {
        WebhookUrl::parse(&format!("http://127.0.0.1:9/{TOKEN}?key=querysecret"))
            .expect("a valid URL")
    }

    fn assert_hidden(text: &str) {
        assert!(!text.contains(TOKEN), "token leaked: {text}");
        assert!(!text.contains("querysecret"), "query leaked: {text}");
    }

    /// The HTTP library's own error names the full URL; ours must not.
    async fn real_transport_cause() -> TransportCause {
        let error = reqwest::Client::new()
            .post(url().expose_secret().clone())
            .send()
            .await
            .expect_err("nothing listens on the discard port");
        assert!(
            format!("{error:?}").contains(TOKEN),
            "reqwest shows the URL"
        );
        TransportCause::from_reqwest(error, &url().secret_fragments())
    }

    #[tokio::test]
    async fn no_error_shows_the_token_in_display_or_debug() {
        let redacted = url().redacted();
        let cause = real_transport_cause().await;
        let errors = [
            TriggerError::InvalidOptions {
                reason: "the timeout must be longer than zero".to_owned(),
            },
            TriggerError::InvalidPayload {
                reason: "key must be a string".to_owned(),
            },
            TriggerError::PayloadTooLarge {
                size: 6_000_000,
                limit: 5_242_880,
            },
            TriggerError::Connect {
                url: redacted.clone(),
                attempts: 4,
                may_have_been_received: false,
                cause: cause.clone(),
            },
            TriggerError::Timeout {
                url: redacted.clone(),
                after: Duration::from_secs(30),
                attempts: 1,
                may_have_been_received: true,
            },
            TriggerError::Request {
                url: redacted.clone(),
                attempts: 1,
                cause,
            },
            TriggerError::Cancelled {
                url: redacted,
                attempts: 2,
                may_have_been_received: false,
            },
        ];
        for error in &errors {
            let mut shown = format!("{error} {error:?}");
            let mut source = error.source();
            while let Some(cause) = source {
                shown.push_str(&format!(" {cause} {cause:?}"));
                source = cause.source();
            }
            assert_hidden(&shown);
        }
        assert_hidden(&format!("{} {:?}", url(), url()));
    }

    #[test]
    fn a_trigger_cancelled_while_waiting_after_a_429_says_make_refused_it() {
        let cancelled = |attempts, may_have_been_received| {
            TriggerError::Cancelled {
                url: "https://hook.eu1.make.com/…x7k2".to_owned(),
                attempts,
                may_have_been_received,
            }
            .to_string()
        };
        let waiting = cancelled(2, false);
        assert!(
            waiting.contains("while waiting to try again; Make refused the earlier 2 attempts"),
            "{waiting}"
        );
        assert!(cancelled(0, false).contains("before Make received anything"));
        assert!(cancelled(1, true).contains("Make may have received it"));
    }
}
