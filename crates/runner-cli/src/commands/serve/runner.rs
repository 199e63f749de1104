//! Running one attempt of a task for `serve`: its inputs (the task's
//! defaults), a host whose Make triggers carry the occurrence's key, the
//! interpreter on a thread of its own, and the run's record in the history
//! (trigger `schedule`) from start to end. Recording never changes a run's
//! outcome: when the history cannot be written, stderr says so and the run
//! goes on.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use job_runner::job::{Function, Job, Task};
use job_runner::run::{RunResult, RunState as EvalState};
use job_runner::value::Object;
use runner_db::history::{
    Claim, History, LogEntry, Run, RunEnd, RunFailure, RunKind, RunState, Trigger, new_run_id,
};
use tokio_util::sync::CancellationToken;

use super::scheduler::{Outcome, Reason, Runner, Stop};
use crate::batch::RecordHost;
use crate::clock::Clock;
use crate::host::{Driver, LiveHost};
use crate::output;
use crate::prepare::Prepared;
use crate::redact::{PLACEHOLDER, Redactor, Secrets};

/// How long a cancelled run has to end and be recorded before it is
/// recorded as cancelled anyway (a statement that ignores cancellation).
const CANCEL_GRACE: Duration = Duration::from_secs(5);

/// Why a run stopped by its own serve for a lost lease failed.
const LEASE_LOST_HERE: &str = "stopped by its serve, which lost the run's lease (a renewal found the run taken over, or none got through in time): another serve may run it, so this one stopped rather than overlap";

/// A host of the run's own, stopped by `cancel` alone; the Make client's
/// settings (its rate limiter too) and the database are the job's. `None`
/// when it cannot be built: the run then uses the job's host.
fn run_host(prepared: &Prepared<'_>, cancel: CancellationToken) -> Option<LiveHost> {
    let make = make_core::MakeClient::new(prepared.host.make_options()).ok()?;
    let mut host = LiveHost::driven_by(
        Driver::Shared(prepared.runtime.handle().clone()),
        make,
        cancel,
        prepared.host.redactor(),
    )
    .ok()?;
    host.set_database(prepared.host.database_session());
    Some(host)
}

/// A task and what its job needs to run it.
pub(crate) struct TaskContext {
    pub(crate) job: &'static Job,
    pub(crate) task: &'static Arc<Task>,
    pub(crate) prepared: Arc<Prepared<'static>>,
}

/// The job `--on-failure` runs, prepared once.
pub(crate) struct OnFailure {
    pub(crate) job: &'static Job,
    pub(crate) prepared: Arc<Prepared<'static>>,
}

pub(crate) struct LiveRunner {
    pub(crate) tasks: HashMap<String, TaskContext>,
    pub(crate) history: Option<History>,
    pub(crate) on_failure: Option<OnFailure>,
    pub(crate) redactor: Redactor,
    pub(crate) clock: Clock,
    pub(crate) host_name: String,
}

impl LiveRunner {
    async fn record_start(&self, run: &Run) {
        if let Some(history) = &self.history
            && let Err(error) = history.start(run).await
        {
            self.log(&format!(
                "warning: the start of run {} was not recorded in the history: {error}",
                run.id
            ));
        }
    }

    async fn record_end(&self, id: uuid::Uuid, end: &RunEnd) {
        if let Some(history) = &self.history
            && let Err(error) = history.finish(id, end).await
        {
            self.log(&format!(
                "warning: the end of run {id} was not recorded in the history: {error}"
            ));
        }
    }
}

impl LiveRunner {
    /// The inputs as recorded (sensitive ones as the placeholder, named in
    /// the second value, every known secret redacted), and the sensitive
    /// values, to hide wherever else the run shows them.
    fn recorded_inputs(
        &self,
        function: &Function,
        inputs: &Object,
    ) -> (serde_json::Value, Vec<String>, Secrets) {
        let mut secrets = Secrets::default();
        let mut shown = serde_json::Map::new();
        let mut redacted = Vec::new();
        for (name, value) in inputs {
            let sensitive = function
                .inputs
                .iter()
                .any(|spec| spec.sensitive && &spec.name == name);
            let json = value.to_json();
            if sensitive {
                secrets.add_value(&json);
                redacted.push(name.clone());
                shown.insert(name.clone(), serde_json::json!(PLACEHOLDER));
            } else {
                shown.insert(name.clone(), json);
            }
        }
        let mut shown = serde_json::Value::Object(shown);
        self.redactor.redact_json(&mut shown);
        (shown, redacted, secrets)
    }

    /// Records how run `id` ended (`None`: it was cancelled or never
    /// answered), with its triggers' keys and Make attempts; returns what
    /// the scheduler makes of it and when it ended. `stopped_for_lost_lease`
    /// (the message) when it was stopped because its lease was lost: then
    /// it failed, whatever it got to.
    async fn record_end_of(
        &self,
        id: uuid::Uuid,
        result: Option<RunResult>,
        secrets: &Secrets,
        triggers: &crate::history::TriggerLog,
        stopped_for_lost_lease: Option<&str>,
    ) -> (Outcome, i64) {
        let ended_at_ms = self.clock.now_ms();
        let (mut end, mut outcome) = self.end_of(result, ended_at_ms, secrets);
        if let Some(message) = stopped_for_lost_lease {
            end.state = RunState::Failed;
            end.exit_code = Some(crate::exit_codes::JOB_FAILED);
            end.error = Some(RunFailure {
                kind: "lease_lost".to_owned(),
                message: message.to_owned(),
                location: None,
            });
            outcome = Outcome::Failed(message.to_owned());
        }
        let (keys, mut attempts) = triggers.take();
        for attempt in &mut attempts {
            attempt.outcome = secrets.redact_text(&attempt.outcome).into_owned();
        }
        end.attempts = attempts;
        if !keys.is_empty() {
            end.trigger_keys = keys;
        }
        self.record_end(id, &end).await;
        (outcome, ended_at_ms)
    }
}

impl Runner for LiveRunner {
    async fn run(&self, claim: Claim, reason: Reason, stop: Stop) -> Outcome {
        let Some(context) = self.tasks.get(&claim.task) else {
            return Outcome::Failed(format!("task `{}` is not loaded", claim.task));
        };
        let task = context.task;
        let started_at_ms = self.clock.now_ms();
        let inputs = job_runner::job::validate_inputs(&task.function.inputs, &Object::default());
        let (shown_inputs, redacted_inputs, secrets) = match &inputs {
            Ok(inputs) => self.recorded_inputs(&task.function, inputs),
            Err(_) => (serde_json::json!({}), Vec::new(), Secrets::default()),
        };
        let run = Run {
            id: claim.run_id,
            kind: RunKind::Task,
            name: task.name.clone(),
            trigger: Trigger::Schedule,
            inputs: shown_inputs,
            redacted_inputs,
            started_at_ms,
            idempotency_key: Some(claim.idempotency_key.clone()),
            host: self.host_name.clone(),
            pid: std::process::id(),
            replay_of: None,
            batch: None,
            scheduled_for_ms: Some(claim.scheduled_for_ms),
            alert_for: None,
            end: None,
        };
        self.record_start(&run).await;
        let why = match reason {
            Reason::OnTime => String::new(),
            Reason::CatchUp { missed } => format!(", catching up {missed} missed"),
            Reason::Retry => format!(", retry {}", claim.attempt - 1),
        };
        self.log(&format!(
            "serve: running task `{}` for {} (run {}, key {}{why})",
            task.name,
            job_runner::schedule::utc_text(claim.scheduled_for_ms),
            claim.run_id,
            claim.idempotency_key
        ));

        // The keys and Make attempts of the run's triggers, for its record.
        let triggers = crate::history::TriggerLog::new(Vec::new());
        let result = match inputs {
            Err(errors) => Some(RunResult::failed(
                job_runner::run::RunError::new(
                    job_runner::run::ErrorKind::InputError,
                    format!("the task's inputs are not valid: {errors}"),
                ),
                Vec::new(),
            )),
            Ok(inputs) => {
                let (sender, receiver) = tokio::sync::oneshot::channel();
                let job = context.job;
                let prepared = Arc::clone(&context.prepared);
                let key = claim.idempotency_key.clone();
                let thread_secrets = secrets.clone();
                let thread_triggers = Arc::clone(&triggers);
                // This run's own cancellation: a child of the job's (which
                // serve's shutdown reaches), and cancelled alone when the
                // lease is lost, leaving the job's other runs alone.
                let run_cancel = context.prepared.cancel.child_token();
                let thread_cancel = run_cancel.clone();
                let spawned = std::thread::Builder::new()
                    .name(format!("task {}", task.name))
                    .spawn(move || {
                        let own = run_host(&prepared, thread_cancel);
                        let live = own.as_ref().unwrap_or(&prepared.host);
                        let host = RecordHost::new(live, &key, &thread_secrets, &thread_triggers);
                        let result = job_runner::eval::execute_task(
                            job,
                            task,
                            inputs,
                            &prepared.env_values,
                            &host,
                            &prepared.limits,
                        );
                        let _ = sender.send(result);
                    });
                match spawned {
                    Err(error) => Some(RunResult::failed(
                        job_runner::run::RunError::new(
                            job_runner::run::ErrorKind::Internal,
                            format!("could not start the task's thread: {error}"),
                        ),
                        Vec::new(),
                    )),
                    Ok(_) => {
                        let job_cancel = context.prepared.cancel.clone();
                        tokio::select! {
                            result = receiver => result.ok(),
                            () = async {
                                tokio::select! {
                                    // serve is stopping: every run of the job goes (the
                                    // job's host too, in case the run has none of its own).
                                    () = stop.shutdown.cancelled() => job_cancel.cancel(),
                                    () = stop.lease_lost.cancelled() => run_cancel.cancel(),
                                }
                                // Stops the run's requests and waits; it then ends as cancelled.
                                tokio::time::sleep(CANCEL_GRACE).await;
                            } => None,
                        }
                    }
                }
            }
        };
        let stopped = if stop.lease_lost.is_cancelled() {
            Some(LEASE_LOST_HERE)
        } else {
            None
        };
        let (outcome, ended_at_ms) = self
            .record_end_of(claim.run_id, result, &secrets, &triggers, stopped)
            .await;
        let took = Duration::from_millis(u64::try_from(ended_at_ms - started_at_ms).unwrap_or(0));
        self.log(&match &outcome {
            Outcome::Succeeded => format!(
                "serve: task `{}` succeeded in {:.1} s (run {})",
                task.name,
                took.as_secs_f64(),
                claim.run_id
            ),
            Outcome::Failed(error) => format!(
                "serve: task `{}` failed in {:.1} s (run {}): {error}",
                task.name,
                took.as_secs_f64(),
                claim.run_id
            ),
            Outcome::Cancelled => format!(
                "serve: task `{}` was cancelled (run {})",
                task.name, claim.run_id
            ),
        });
        outcome
    }

    async fn lease_lost(&self, claim: &Claim, now_ms: i64) {
        let end = RunEnd {
            state: RunState::Failed,
            ended_at_ms: now_ms,
            exit_code: Some(crate::exit_codes::JOB_FAILED),
            response: None,
            error: Some(RunFailure {
                kind: "lease_lost".to_owned(),
                message: format!(
                    "its serve process ({}) stopped renewing its lease mid-run: it died or lost the database",
                    claim.owner
                ),
                location: None,
            }),
            logs: Vec::new(),
            attempts: Vec::new(),
            trigger_keys: vec![claim.idempotency_key.clone()],
        };
        // Only while the record says running: a holder still alive stopped
        // the run itself and recorded that, and its record stands.
        if let Some(history) = &self.history
            && let Err(error) = history.finish_running(claim.run_id, &end).await
        {
            self.log(&format!(
                "warning: the end of run {} was not recorded in the history: {error}",
                claim.run_id
            ));
        }
    }

    async fn failed_for_good(&self, claim: &Claim, error: &str) {
        let Some(on_failure) = &self.on_failure else {
            return;
        };
        let function = on_failure.prepared.function;
        let mut given = Object::default();
        given.insert("run_id".to_owned(), claim.run_id.to_string().into());
        given.insert("task".to_owned(), claim.task.as_str().into());
        given.insert("error".to_owned(), error.into());
        let mut provided = on_failure.job.main_input.clone();
        // Only the inputs the alert job declares are given to it.
        for (name, value) in given {
            if function.inputs.iter().any(|spec| spec.name == name) {
                provided.insert(name, value);
            }
        }
        let inputs = match job_runner::job::validate_inputs(&function.inputs, &provided) {
            Ok(inputs) => inputs,
            Err(errors) => {
                self.log(&format!(
                    "warning: --on-failure job `{}` cannot take the failed run's inputs: {errors}",
                    on_failure.job.name
                ));
                return;
            }
        };
        let job = on_failure.job;
        // Recorded like any run, as the alert for the failed one. Its Make
        // triggers carry a key of that run, so a scenario that drops
        // duplicates gets one alert per failure, whoever sends it.
        let (shown_inputs, redacted_inputs, secrets) = self.recorded_inputs(function, &inputs);
        let started_at_ms = self.clock.now_ms();
        let key = format!("alert-{}", claim.run_id);
        let run = Run {
            id: new_run_id(started_at_ms),
            kind: RunKind::Job,
            name: job.name.clone(),
            trigger: Trigger::Alert,
            inputs: shown_inputs,
            redacted_inputs,
            started_at_ms,
            idempotency_key: Some(key.clone()),
            host: self.host_name.clone(),
            pid: std::process::id(),
            replay_of: None,
            batch: None,
            scheduled_for_ms: None,
            alert_for: Some(claim.run_id),
            end: None,
        };
        self.record_start(&run).await;
        let triggers = crate::history::TriggerLog::new(Vec::new());
        let prepared = Arc::clone(&on_failure.prepared);
        let (thread_secrets, thread_triggers) = (secrets.clone(), Arc::clone(&triggers));
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let spawned = std::thread::Builder::new()
            .name("on-failure".to_owned())
            .spawn(move || {
                let host = RecordHost::new(&prepared.host, &key, &thread_secrets, &thread_triggers);
                let result = job_runner::eval::execute(
                    job,
                    inputs,
                    &prepared.env_values,
                    &host,
                    &prepared.limits,
                );
                let _ = sender.send(result);
            });
        let result = match spawned {
            Ok(_) => receiver.await.ok(),
            Err(error) => Some(RunResult::failed(
                job_runner::run::RunError::new(
                    job_runner::run::ErrorKind::Internal,
                    format!("could not start the alert job's thread: {error}"),
                ),
                Vec::new(),
            )),
        };
        let (outcome, _) = self
            .record_end_of(run.id, result, &secrets, &triggers, None)
            .await;
        self.log(&match outcome {
            Outcome::Succeeded => format!(
                "serve: --on-failure job `{}` ran for run {} (recorded as run {})",
                job.name, claim.run_id, run.id
            ),
            Outcome::Failed(error) => format!(
                "warning: --on-failure job `{}` failed for run {} (recorded as run {}): {error}",
                job.name, claim.run_id, run.id
            ),
            Outcome::Cancelled => format!(
                "warning: --on-failure job `{}` could not run for run {} (recorded as run {})",
                job.name, claim.run_id, run.id
            ),
        });
    }

    fn log(&self, line: &str) {
        output::info(&self.redactor, line);
    }
}

impl LiveRunner {
    /// The record of how a run ended (every value redacted) and what the
    /// scheduler makes of it.
    fn end_of(
        &self,
        result: Option<RunResult>,
        ended_at_ms: i64,
        secrets: &Secrets,
    ) -> (RunEnd, Outcome) {
        let redact = |json: &mut serde_json::Value| {
            self.redactor.redact_json(json);
            secrets.redact_json(json);
        };
        let Some(result) = result else {
            let end = RunEnd {
                state: RunState::Cancelled,
                ended_at_ms,
                exit_code: Some(crate::signals::stop_code()),
                response: None,
                error: Some(RunFailure {
                    kind: "cancelled".to_owned(),
                    message: "serve stopped before the run ended".to_owned(),
                    location: None,
                }),
                logs: Vec::new(),
                attempts: Vec::new(),
                trigger_keys: Vec::new(),
            };
            return (end, Outcome::Cancelled);
        };
        let logs = result
            .logs
            .iter()
            .map(|line| {
                let mut value = line.value.to_json();
                redact(&mut value);
                LogEntry {
                    location: line.location.clone(),
                    value,
                }
            })
            .collect();
        let response = result.response.as_ref().map(|response| {
            let mut json = response.to_json();
            redact(&mut json);
            json
        });
        let status = response
            .as_ref()
            .and_then(|json| json.get("status"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        let error = result.error.as_ref().map(|error| RunFailure {
            kind: error.kind.as_str().to_owned(),
            message: self
                .redactor
                .redact(&secrets.redact_text(&error.message))
                .into_owned(),
            location: error.location.clone(),
        });
        let (state, exit_code, outcome) = match (result.state, status.as_deref()) {
            (EvalState::Complete, None | Some("success")) => (
                RunState::Succeeded,
                crate::exit_codes::SUCCESS,
                Outcome::Succeeded,
            ),
            (EvalState::Complete, Some("rate_limited")) => (
                RunState::RateLimited,
                crate::exit_codes::RATE_LIMITED,
                Outcome::Failed("Make rate limited the trigger".to_owned()),
            ),
            (EvalState::Complete, Some(other)) => (
                RunState::Failed,
                crate::exit_codes::JOB_FAILED,
                Outcome::Failed(format!("the response's status is `{other}`")),
            ),
            (EvalState::Error, _) => (
                RunState::Failed,
                crate::exit_codes::JOB_FAILED,
                Outcome::Failed(error.as_ref().map_or_else(
                    || "the run failed".to_owned(),
                    |error| error.message.clone(),
                )),
            ),
            (EvalState::Cancelled, _) => (
                RunState::Cancelled,
                crate::signals::stop_code(),
                Outcome::Cancelled,
            ),
        };
        let end = RunEnd {
            state,
            ended_at_ms,
            exit_code: Some(exit_code),
            response,
            error,
            logs,
            attempts: Vec::new(),
            trigger_keys: Vec::new(),
        };
        (end, outcome)
    }
}
