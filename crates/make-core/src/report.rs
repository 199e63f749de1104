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

/// `{status, message, scenario_name, http_status, response_body}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriggerReport {
    pub status: TriggerStatus,
    /// What Make's answer means, for a person.
    pub message: String,
    pub scenario_name: String,
    pub http_status: u16,
    /// Parsed JSON when Make answered JSON, else the text (`"Accepted"`).
    pub response_body: serde_json::Value,
}
