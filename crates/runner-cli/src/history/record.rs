//! A run's history record, built from what the CLI knows of it and
//! redacted as everything it prints is: sensitive inputs by name, then
//! every registered secret (env values, sensitive inputs, sensitive
//! database fields) as values and in text, through the same [`Secrets`].

use job_runner::job::model::Function;
use job_runner::run::{RunResult, RunState as Ended};
use job_runner::value::{Object, Value};
use runner_db::history::{LogEntry, Run, RunEnd, RunFailure, RunKind, RunState, Trigger};
use serde_json::Value as Json;

use super::attempts::TriggerLog;
use crate::redact::{PLACEHOLDER, Secrets};

/// What starts a record besides its inputs.
pub(crate) struct Origin {
    pub(crate) kind: RunKind,
    pub(crate) trigger: Trigger,
    pub(crate) replay_of: Option<uuid::Uuid>,
    pub(crate) batch: Option<runner_db::history::BatchRef>,
    pub(crate) idempotency_key: Option<String>,
}

/// The record of a run of `name` starting now with `inputs`.
pub(crate) fn started(
    name: &str,
    function: &Function,
    inputs: &Object,
    origin: Origin,
    secrets: &Secrets,
    started_at_ms: i64,
) -> Run {
    let (inputs, redacted_inputs) = redacted_inputs(function, inputs, secrets);
    Run {
        id: runner_db::history::new_run_id(started_at_ms),
        kind: origin.kind,
        name: name.to_owned(),
        trigger: origin.trigger,
        inputs,
        redacted_inputs,
        started_at_ms,
        idempotency_key: origin.idempotency_key,
        host: super::host_name(),
        pid: std::process::id(),
        replay_of: origin.replay_of,
        batch: origin.batch,
        scheduled_for_ms: None,
        alert_for: None,
        end: None,
    }
}

/// The inputs as stored: each sensitive one replaced by the placeholder
/// (and named, so a replay can ask for it), then every known secret
/// redacted wherever else it appears.
pub(crate) fn redacted_inputs(
    function: &Function,
    inputs: &Object,
    secrets: &Secrets,
) -> (Json, Vec<String>) {
    let mut json = Value::object(inputs.clone()).to_json();
    let mut names = Vec::new();
    if let Json::Object(fields) = &mut json {
        for spec in function.inputs.iter().filter(|spec| spec.sensitive) {
            if let Some(value) = fields.get_mut(&spec.name) {
                *value = Json::String(PLACEHOLDER.to_owned());
                names.push(spec.name.clone());
            }
        }
    }
    (redacted(json, secrets), names)
}

/// `json` as the redactor would print it, read back as a value.
pub(crate) fn redacted(json: Json, secrets: &Secrets) -> Json {
    if secrets.is_empty() {
        return json;
    }
    let text = crate::redact::json_text(secrets, &json, false);
    serde_json::from_str(&text).unwrap_or(Json::String(PLACEHOLDER.to_owned()))
}

/// How a run ended, from its result and the exit code it gave.
pub(crate) fn ended(
    result: &RunResult,
    exit_code: i32,
    triggers: Option<&TriggerLog>,
    secrets: &Secrets,
    ended_at_ms: i64,
) -> RunEnd {
    let (trigger_keys, mut attempts) = triggers.map(TriggerLog::take).unwrap_or_default();
    for attempt in &mut attempts {
        attempt.outcome = secrets.redact_text(&attempt.outcome).into_owned();
    }
    let response = result
        .response
        .as_ref()
        .map(|response| redacted(response.to_json(), secrets));
    RunEnd {
        state: state_of(result),
        ended_at_ms,
        exit_code: Some(exit_code),
        response,
        error: result.error.as_ref().map(|error| RunFailure {
            kind: error.kind.as_str().to_owned(),
            message: secrets.redact_text(&error.message).into_owned(),
            location: error.location.clone(),
        }),
        logs: result
            .logs
            .iter()
            .map(|line| LogEntry {
                location: line.location.clone(),
                value: redacted(line.value.to_json(), secrets),
            })
            .collect(),
        attempts,
        trigger_keys,
    }
}

/// A response's `status` says whether the work it reports succeeded, as
/// the exit code does.
pub(crate) fn state_of(result: &RunResult) -> RunState {
    match result.state {
        Ended::Complete => {
            let status = result
                .response
                .as_ref()
                .and_then(Value::as_object)
                .and_then(|object| object.get("status"))
                .and_then(Value::as_str);
            match status {
                None | Some("success") => RunState::Succeeded,
                Some("rate_limited") => RunState::RateLimited,
                Some(_) => RunState::Failed,
            }
        }
        Ended::Error => RunState::Failed,
        Ended::Cancelled => RunState::Cancelled,
    }
}
