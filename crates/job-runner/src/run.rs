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

/// The type of a run error: what `$error.name` holds in a `catch` block and
/// what the JSON report shows as `type`. Xano's own types and this runner's
/// are variants; a `throw` or `precondition` may name any other.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `standard`: Xano's type for an error without a more specific one.
    Standard,
    /// `inputerror`: a value does not fit what a statement or function takes.
    InputError,
    /// `accessdenied`
    AccessDenied,
    /// `notfound`: a function, record or job that does not exist.
    NotFound,
    /// `limit`: a step, loop, depth, time or memory limit ended the run.
    Limit,
    /// `cancelled`: Ctrl-C or SIGTERM stopped the run.
    Cancelled,
    /// `internal`: the interpreter failed; a bug to report.
    Internal,
    /// `http`: a request could not be sent or answered.
    Http,
    /// `database`: the database refused a statement.
    Database,
    /// `database_unavailable`: the database is locked or unreachable.
    DatabaseUnavailable,
    /// Any other type, as a job names it (`throw { name = "payment_declined" }`).
    Named(String),
}

impl ErrorKind {
    /// The kind a name stands for: one of the known types, or a name of the
    /// job's own. An empty name is `standard`, as Xano's is.
    pub fn from_name(name: &str) -> ErrorKind {
        match name {
            "" | "standard" => ErrorKind::Standard,
            "inputerror" => ErrorKind::InputError,
            "accessdenied" => ErrorKind::AccessDenied,
            "notfound" => ErrorKind::NotFound,
            "limit" => ErrorKind::Limit,
            "cancelled" => ErrorKind::Cancelled,
            "internal" => ErrorKind::Internal,
            "http" => ErrorKind::Http,
            "database" => ErrorKind::Database,
            "database_unavailable" => ErrorKind::DatabaseUnavailable,
            other => ErrorKind::Named(other.to_owned()),
        }
    }

    /// The type's name, as XanoScript and the JSON report spell it.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorKind::Standard => "standard",
            ErrorKind::InputError => "inputerror",
            ErrorKind::AccessDenied => "accessdenied",
            ErrorKind::NotFound => "notfound",
            ErrorKind::Limit => "limit",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::Internal => "internal",
            ErrorKind::Http => "http",
            ErrorKind::Database => "database",
            ErrorKind::DatabaseUnavailable => "database_unavailable",
            ErrorKind::Named(name) => name,
        }
    }

    /// `$error.code` in a `catch` block: Xano's code for its own types, the
    /// type itself for the others.
    pub fn code(&self) -> &str {
        match self {
            ErrorKind::InputError => "ERROR_CODE_INPUT_ERROR",
            ErrorKind::AccessDenied => "ERROR_CODE_ACCESS_DENIED",
            ErrorKind::NotFound => "ERROR_CODE_NOT_FOUND",
            ErrorKind::Standard => "ERROR_FATAL",
            other => other.as_str(),
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl From<&str> for ErrorKind {
    fn from(name: &str) -> Self {
        ErrorKind::from_name(name)
    }
}

/// An error that ended a run, as XanoScript reports it: a type and a message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunError {
    #[serde(rename = "type")]
    pub kind: ErrorKind,
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
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> RunError {
        RunError {
            kind,
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
