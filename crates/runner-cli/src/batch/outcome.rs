//! What became of one record, from its run's result: the state the journal,
//! the dead-letter file, stdout and the summary share.

use job_runner::run::{RunResult, RunState};
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum State {
    /// The run completed and its response's `status`, if any, is `success`.
    Delivered,
    /// The run failed, or Make refused the trigger (410, 400, 500...).
    Failed,
    /// Make still answered 429 when the retries were used up.
    RateLimited,
    /// The line is not valid JSON or not valid inputs: it never ran.
    Invalid,
    /// A second Ctrl-C stopped the run; `--resume` runs it again.
    Cancelled,
}

impl State {
    /// Whether the record goes to the dead-letter file.
    pub(crate) fn is_dead_letter(self) -> bool {
        matches!(self, State::Failed | State::RateLimited | State::Invalid)
    }
}

pub(crate) struct Outcome {
    pub(crate) state: State,
    /// Requests sent for the record (0 when it never ran).
    pub(crate) attempts: u32,
    /// The job's response, when it completed.
    pub(crate) response: Option<Json>,
    /// `{type, message}` when the record failed without a response.
    pub(crate) error: Option<Json>,
}

impl Outcome {
    pub(crate) fn invalid(reason: &str) -> Outcome {
        Outcome {
            state: State::Invalid,
            attempts: 0,
            response: None,
            error: Some(json!({"type": "inputerror", "message": reason})),
        }
    }

    /// Whether a run delivered its record, without building its outcome.
    pub(crate) fn delivered(result: &RunResult) -> bool {
        let status = result
            .response
            .as_ref()
            .and_then(job_runner::value::Value::as_object)
            .and_then(|object| object.get("status"))
            .map(|status| status.as_str());
        result.state == RunState::Complete && matches!(status, None | Some(Some("success")))
    }

    pub(crate) fn of_run(result: &RunResult) -> Outcome {
        match result.state {
            RunState::Complete => {
                let response = result
                    .response
                    .as_ref()
                    .map_or(Json::Null, job_runner::value::Value::to_json);
                let state = match response.get("status").and_then(Json::as_str) {
                    None | Some("success") => State::Delivered,
                    Some("rate_limited") => State::RateLimited,
                    Some(_) => State::Failed,
                };
                let attempts = response
                    .get("attempts")
                    .and_then(Json::as_u64)
                    .and_then(|count| u32::try_from(count).ok())
                    .unwrap_or(1);
                Outcome {
                    state,
                    attempts,
                    response: Some(response),
                    error: None,
                }
            }
            RunState::Error | RunState::Cancelled => {
                let error = result.error.as_ref().map_or_else(
                    || json!({"type": "standard", "message": "the run was cancelled"}),
                    |error| json!({"type": error.kind, "message": error.message}),
                );
                let state = if result.state == RunState::Cancelled {
                    State::Cancelled
                } else {
                    State::Failed
                };
                Outcome {
                    state,
                    attempts: 1,
                    response: None,
                    error: Some(error),
                }
            }
        }
    }

    /// Why the record was not delivered, in one line, for the dead-letter file.
    pub(crate) fn reason(&self) -> String {
        let message = |value: &Json| {
            value
                .get("message")
                .and_then(Json::as_str)
                .map(str::to_owned)
        };
        self.error
            .as_ref()
            .and_then(message)
            // make-core's messages already name Make's status and answer.
            .or_else(|| self.response.as_ref().and_then(message))
            .unwrap_or_else(|| "the job's response says it did not succeed".to_owned())
    }

    /// The record's line on stdout.
    pub(crate) fn to_json(&self, line: u64, key: &str) -> Json {
        let mut out = serde_json::Map::new();
        out.insert("line".to_owned(), json!(line));
        out.insert("state".to_owned(), json!(self.state));
        out.insert("idempotency_key".to_owned(), json!(key));
        if let Some(response) = &self.response {
            out.insert("response".to_owned(), response.clone());
        }
        if let Some(error) = &self.error {
            out.insert("error".to_owned(), error.clone());
        }
        Json::Object(out)
    }
}
