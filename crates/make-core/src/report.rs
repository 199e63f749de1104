//! The report of one trigger: what Make answered and what it means.

use serde::Serialize;

/// How the trigger went, in the words of the job's response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerStatus {
    /// Make accepted the request (2xx).
    Success,
    /// Make answered 429: too many requests for this webhook.
    RateLimited,
    /// Make refused the request or failed.
    Error,
}

/// `{status, message, scenario_name, http_status, response_body, attempts, idempotency_key}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriggerReport {
    pub status: TriggerStatus,
    /// What Make's answer means, for a person.
    pub message: String,
    pub scenario_name: String,
    pub http_status: u16,
    /// Parsed JSON when Make answered JSON, else the text (`"Accepted"`);
    /// `null` when the answer had no body at all.
    pub response_body: serde_json::Value,
    /// True when the answer was longer than the cap and only its start is kept.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub response_truncated: bool,
    /// How many requests were sent, retries included.
    pub attempts: u32,
    /// The `Idempotency-Key` header every attempt carried.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

impl TriggerReport {
    /// A report of one attempt without an idempotency key; for fakes and tests.
    pub fn new(
        status: TriggerStatus,
        message: impl Into<String>,
        scenario_name: impl Into<String>,
        http_status: u16,
        response_body: serde_json::Value,
    ) -> Self {
        TriggerReport {
            status,
            message: message.into(),
            scenario_name: scenario_name.into(),
            http_status,
            response_body,
            response_truncated: false,
            attempts: 1,
            idempotency_key: None,
        }
    }
}
