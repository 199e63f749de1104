//! The outcome of one run: what a caller (the CLI, a test, a batch) needs to report.

use serde::Serialize;

use crate::value::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RunState {
    Complete,
    Error,
    Cancelled,
}

/// An error that ended a run, as XanoScript reports it: a type and a message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunError {
    /// `inputerror`, `accessdenied`, `notfound`, `standard`, a `throw` name, `limit`...
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
    /// The value given to `throw`, when it carried more than a message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// `file:line:col` of the statement that raised it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

impl RunError {
    /// An error with no value and no location, e.g. from outside any statement.
    pub fn new(kind: impl Into<String>, message: impl Into<String>) -> RunError {
        RunError {
            kind: kind.into(),
            message: message.into(),
            value: None,
            location: None,
        }
    }
}

/// A `debug.log` line: the value logged and where.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogLine {
    pub location: String,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunResult {
    pub state: RunState,
    pub response: Option<Value>,
    pub error: Option<RunError>,
    pub logs: Vec<LogLine>,
}

impl RunResult {
    /// A run that ended with `error` before (or without) a response.
    pub fn failed(error: RunError, logs: Vec<LogLine>) -> RunResult {
        RunResult {
            state: RunState::Error,
            response: None,
            error: Some(error),
            logs,
        }
    }

    /// A run that completed with `response`.
    pub fn completed(response: Value, logs: Vec<LogLine>) -> RunResult {
        RunResult {
            state: RunState::Complete,
            response: Some(response),
            error: None,
            logs,
        }
    }
}
