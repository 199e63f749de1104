//! The effects a running job has on the world, behind one trait, so the
//! interpreter stays synchronous and testable: the CLI plugs in real HTTP and
//! Make triggers, tests plug in fakes that never touch the network.

use std::time::Duration;

use crate::run::ErrorKind;
use crate::value::{Object, Value};

/// A generic HTTP request, as `api.request` describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub url: String,
    pub method: String,
    /// `(name, value)` pairs, from `"Name: value"` strings.
    pub headers: Vec<(String, String)>,
    /// The body (sent as JSON for POST/PUT/PATCH/DELETE); `None` for no body.
    pub params: Option<Value>,
    pub timeout: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Object,
    /// Parsed JSON body, or the raw text when the body is not JSON.
    pub result: Value,
}

/// A `make.trigger_scenario` call, with its inputs evaluated.
#[derive(Debug, Clone)]
pub struct MakeTrigger {
    pub webhook_url: make_core::WebhookUrl,
    pub scenario_name: String,
    pub payload: serde_json::Value,
    /// `chunk_size = N`: an array payload goes in triggers of at most N
    /// records each (and under Make's 5 MB); `None` sends it whole.
    pub chunk_size: Option<usize>,
}

/// Why an effect failed; the interpreter turns it into a catchable error.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HostError {
    /// The request could not be sent or answered (refused, DNS, timeout...).
    #[error("{message}")]
    Transport { message: String },
    /// The effect refused its input before sending anything (e.g. a payload
    /// over Make's 5 MB limit); `kind` is the run error's type, e.g. `inputerror`.
    #[error("{message}")]
    Rejected { kind: ErrorKind, message: String },
    /// The run was cancelled (Ctrl-C) while the effect was under way.
    #[error("the run was cancelled")]
    Cancelled,
}

impl HostError {
    /// A database failure as the run sees it: its kind is the error type a
    /// `try_catch` reads: `inputerror`, `notfound`, `database_unavailable`
    /// (locked or unreachable: trying later may work), or `database` (the
    /// database refused the statement).
    pub fn from_db(error: &runner_db::DbError) -> HostError {
        let kind = match error.kind() {
            runner_db::ErrorKind::Input => ErrorKind::InputError,
            runner_db::ErrorKind::NotFound => ErrorKind::NotFound,
            runner_db::ErrorKind::Unavailable => ErrorKind::DatabaseUnavailable,
            runner_db::ErrorKind::Schema | runner_db::ErrorKind::Backend => ErrorKind::Database,
        };
        HostError::Rejected {
            kind,
            message: error.to_string(),
        }
    }
}

/// A database of its own for each inline test, made by whoever runs the
/// tests (the CLI opens one in memory): the interpreter never opens one.
pub trait TestDatabases: Send + Sync {
    /// A fresh database holding `tables`, seeded from their items.
    fn fresh(&self, tables: &[runner_db::Table]) -> Result<Box<dyn Database>, HostError>;
}

/// One database a host (or a test) serves `db.*` requests from.
pub trait Database: Send + Sync {
    fn run(&self, request: runner_db::Request, now_ms: i64)
    -> Result<serde_json::Value, HostError>;
}

pub trait Host: Send + Sync {
    fn http_request(&self, request: HttpRequest) -> Result<HttpResponse, HostError>;
    fn trigger_make(&self, trigger: MakeTrigger) -> Result<make_core::TriggerReport, HostError>;
    fn sleep(&self, duration: Duration) -> Result<(), HostError>;
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;

    /// Bytes of memory the process has in use, when the host can tell; the
    /// interpreter checks it every step against `Limits::max_memory_bytes`,
    /// so a value that keeps doubling ends the run instead of the machine.
    fn memory_in_use(&self) -> Option<u64> {
        None
    }

    /// Runs one `db.*` request. Hosts without a database refuse it.
    fn db(&self, request: runner_db::Request) -> Result<serde_json::Value, HostError> {
        let _ = request;
        Err(HostError::Rejected {
            kind: ErrorKind::Database,
            message: "this run has no database; `db.*` statements need one".to_owned(),
        })
    }

    /// Hides this run's own secrets (a batch record's sensitive inputs, say)
    /// in text the interpreter is about to log. The process-wide secrets are
    /// the logger's business; this is for values only the host knows.
    fn redact<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        std::borrow::Cow::Borrowed(text)
    }

    /// The value a `debug.log` is about to print, with the secrets the host
    /// knows replaced as values (before it becomes text, so no escaping can
    /// hide them and short ones are found too); `None` when it holds none.
    fn redact_value(&self, value: &Value) -> Option<Value> {
        let _ = value;
        None
    }
}
