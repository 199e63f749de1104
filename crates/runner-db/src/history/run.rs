//! What one run record holds, as plain data. Every value in it (inputs,
//! response, logs, errors) arrives redacted: this crate stores what it is
//! given and knows nothing of secrets.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// How a run ended, or that it has not yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunState {
    Running,
    Succeeded,
    Failed,
    RateLimited,
    Cancelled,
}

impl RunState {
    pub const ALL: [RunState; 5] = [
        RunState::Running,
        RunState::Succeeded,
        RunState::Failed,
        RunState::RateLimited,
        RunState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RunState::Running => "running",
            RunState::Succeeded => "succeeded",
            RunState::Failed => "failed",
            RunState::RateLimited => "rate_limited",
            RunState::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<RunState> {
        RunState::ALL
            .into_iter()
            .find(|state| state.as_str() == text)
    }
}

impl std::fmt::Display for RunState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What started the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// `runner-cli execute`.
    Cli,
    /// A task's schedule.
    Schedule,
    /// `runner-cli runs replay`.
    Replay,
    /// One record of `execute --each`.
    Batch,
    /// `serve --on-failure`: the alert job, run for a task run that failed
    /// for good ([`Run::alert_for`] names it).
    Alert,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Cli => "cli",
            Trigger::Schedule => "schedule",
            Trigger::Replay => "replay",
            Trigger::Batch => "batch",
            Trigger::Alert => "alert",
        }
    }

    pub fn parse(text: &str) -> Option<Trigger> {
        [
            Trigger::Cli,
            Trigger::Schedule,
            Trigger::Replay,
            Trigger::Batch,
            Trigger::Alert,
        ]
        .into_iter()
        .find(|trigger| trigger.as_str() == text)
    }
}

/// Whether a job or a task ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunKind {
    Job,
    Task,
}

impl RunKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RunKind::Job => "job",
            RunKind::Task => "task",
        }
    }

    pub fn parse(text: &str) -> Option<RunKind> {
        match text {
            "job" => Some(RunKind::Job),
            "task" => Some(RunKind::Task),
            _ => None,
        }
    }
}

/// A run as recorded when it starts; `end` is filled in when it ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    #[serde(with = "uuid_text")]
    pub id: Uuid,
    pub kind: RunKind,
    /// The job's or the task's name.
    pub name: String,
    pub trigger: Trigger,
    /// The run's inputs, sensitive ones already replaced by a placeholder.
    pub inputs: Value,
    /// The names of the inputs whose values were redacted: a replay must
    /// be given them again.
    #[serde(default)]
    pub redacted_inputs: Vec<String>,
    pub started_at_ms: i64,
    /// The key of the run's first Make trigger (a batch record's own key),
    /// when it is known at the start; [`RunEnd::trigger_keys`] has them all.
    pub idempotency_key: Option<String>,
    /// The machine and process that ran it.
    pub host: String,
    pub pid: u32,
    /// The run this one replays.
    #[serde(default, with = "uuid_text_opt")]
    pub replay_of: Option<Uuid>,
    /// Where a batch record came from.
    #[serde(default)]
    pub batch: Option<BatchRef>,
    /// The occurrence of a schedule this run is for.
    #[serde(default)]
    pub scheduled_for_ms: Option<i64>,
    /// The task run this alert job ran for (trigger `alert`). Kept in the
    /// row's JSON context, as every field without a column of its own: no
    /// migration, and older rows read as `None`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "uuid_text_opt"
    )]
    pub alert_for: Option<Uuid>,
    #[serde(default)]
    pub end: Option<RunEnd>,
}

impl Run {
    pub fn state(&self) -> RunState {
        self.end.as_ref().map_or(RunState::Running, |end| end.state)
    }
}

/// A batch record's place: the input (as the batch shows it) and its line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRef {
    pub input: String,
    pub line: u64,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunEnd {
    pub state: RunState,
    pub ended_at_ms: i64,
    /// The process's exit code for this run (a batch record's own: 0 when
    /// delivered, else what a single run of it would have exited with).
    pub exit_code: Option<i32>,
    pub response: Option<Value>,
    pub error: Option<RunFailure>,
    /// The run's `debug.log` lines.
    #[serde(default)]
    pub logs: Vec<LogEntry>,
    /// Every HTTP attempt of every Make trigger, in order.
    #[serde(default)]
    pub attempts: Vec<Attempt>,
    /// The `Idempotency-Key` of each Make trigger the run made, in order
    /// (a chunked trigger's base key): what a replay sends again.
    #[serde(default)]
    pub trigger_keys: Vec<String>,
}

/// The error that ended a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunFailure {
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
    #[serde(default)]
    pub location: Option<String>,
}

/// One `debug.log` line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub location: String,
    pub value: Value,
}

/// One HTTP attempt of a Make trigger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// Which trigger of the run (1 for the first).
    pub trigger: u32,
    /// Which attempt of that trigger (1 for the first).
    pub number: u32,
    pub idempotency_key: String,
    /// Make's HTTP status, when it answered.
    pub status: Option<u16>,
    /// What happened, in words: `answered 429`, `timed out waiting for the answer`.
    pub outcome: String,
    pub duration_ms: u64,
    /// A wait before the attempt (the webhook's rate limit).
    #[serde(default)]
    pub paced: Option<Wait>,
    /// The wait after it, before the next attempt, and why.
    #[serde(default)]
    pub wait: Option<Wait>,
}

/// A wait and its reason: `Retry-After: 5 s, honoured`, `backoff 500 ms before retry 1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wait {
    pub ms: u64,
    pub reason: String,
}

/// Ids as their hyphenated text in JSON.
mod uuid_text {
    use serde::{Deserialize, Deserializer, Serializer};
    use uuid::Uuid;

    pub(super) fn serialize<S: Serializer>(id: &Uuid, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(id)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Uuid, D::Error> {
        let text = String::deserialize(deserializer)?;
        Uuid::parse_str(&text).map_err(serde::de::Error::custom)
    }
}

mod uuid_text_opt {
    use serde::{Deserialize, Deserializer, Serializer};
    use uuid::Uuid;

    pub(super) fn serialize<S: Serializer>(
        id: &Option<Uuid>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match id {
            Some(id) => serializer.collect_str(id),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Uuid>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| Uuid::parse_str(&text).map_err(serde::de::Error::custom))
            .transpose()
    }
}
