//! The calling thread's part: every outcome journaled, then
//! dead-lettered, then printed, in that order.

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError};

use tokio_util::sync::CancellationToken;

use super::dead_letter::DeadLetters;
use super::journal::Journal;
use super::outcome::Outcome;
use super::outcome::State;
use super::progress::{Progress, Tally};
use super::work::{Done, LineKept, POLL, Ran};
use crate::error::CliError;
use crate::exit_codes;
use crate::history::BatchHistory;
use crate::history::record::{self, Origin};
use crate::redact::{Redactor, Secrets};
use job_runner::job::model::Function;
use job_runner::run::RunResult;
use job_runner::value::Object;
use runner_db::history::{BatchRef, Run, RunEnd, RunFailure, RunKind, RunState, Trigger};
use std::sync::Arc;

/// Writes each outcome to the journal, then the dead-letter file, then
/// stdout, in that order: what was reported is always journaled.
pub(super) struct Recorder<'a> {
    pub(super) journal: &'a mut Journal,
    pub(super) dead_letters: &'a mut DeadLetters,
    pub(super) progress: Progress,
    pub(super) tally: Tally,
    pub(super) redactor: &'a Redactor,
    pub(super) failure: Option<CliError>,
    pub(super) stopping: &'a CancellationToken,
    /// stdout was closed (`| head`): no new runs start, those in flight are journaled.
    pub(super) stdout_closed: bool,
    /// Where each record's run is recorded, when there is a history.
    pub(super) history: Option<&'a BatchHistory<Ended>>,
}

/// What a record's history entry needs beyond the record.
pub(crate) struct Recording {
    pub(crate) job: String,
    pub(crate) function: Arc<Function>,
    /// The input as the batch shows it (`records.jsonl`, `stdin`).
    pub(crate) input: String,
}

/// A record as it ended, on its way to the history's writer, which makes
/// its run there ([`Recording::run_of`]).
pub(crate) struct Ended {
    line: u64,
    key: String,
    outcome: Outcome,
    ran: Option<(Object, Box<RunResult>, Ran)>,
    secrets: Secrets,
}

impl Recorder<'_> {
    pub(super) fn record_all(&mut self, done: &Receiver<Done>) {
        // Lines are redacted by `record`, which knows each record's own secrets.
        let mut stdout = std::io::stdout().lock();
        loop {
            let next = match done.recv_timeout(POLL) {
                Ok(next) => next,
                Err(RecvTimeoutError::Timeout) => {
                    self.progress.tick(&self.tally);
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            if let Err(error) = self.record(next, &mut stdout) {
                // Without a journal nothing more may be reported as done.
                self.progress.message(&error.to_string());
                self.failure.get_or_insert(error);
                self.stopping.cancel();
            }
            self.progress.tick(&self.tally);
        }
        let _ = stdout.flush();
    }

    pub(super) fn record(&mut self, done: Done, stdout: &mut impl Write) -> Result<(), CliError> {
        let (place, key, text, secrets, outcome, ran) = match done {
            Done::Skipped => {
                self.tally.skipped += 1;
                return Ok(());
            }
            Done::Ran { work, result, ran } => {
                let outcome = Outcome::of_run(&result);
                (
                    work.place,
                    work.key,
                    LineKept::Text(work.text),
                    work.secrets,
                    outcome,
                    Some((work.inputs, result, ran)),
                )
            }
            Done::Invalid {
                place,
                key,
                line,
                reason,
            } => (
                place,
                key,
                line,
                Secrets::default(),
                Outcome::invalid(&reason),
                None,
            ),
        };
        if self.failure.is_some() {
            return Ok(());
        }
        self.journal.append(
            place.line,
            place.hash,
            &key,
            outcome.state,
            outcome.attempts,
        )?;
        let line = place.shown_line;
        let mut secrets_here = self.redactor.snapshot();
        secrets_here.extend(&secrets);
        if outcome.state.is_dead_letter() {
            let reason = secrets_here.redact_text(&outcome.reason()).into_owned();
            self.dead_letters.append(
                line,
                outcome.state,
                text.as_original(),
                &reason,
                outcome.attempts,
                &secrets_here,
            )?;
        }
        self.tally.count(outcome.state);
        let shown = crate::redact::json_text(&secrets_here, &outcome.to_json(line, &key), false);
        if let Some(history) = self.history {
            history.record(Ended {
                line,
                key,
                outcome,
                ran,
                secrets: secrets_here,
            });
        }
        self.progress.clear();
        if !self.stdout_closed {
            let written = writeln!(stdout, "{shown}").and_then(|()| stdout.flush());
            if written.is_err() {
                self.stdout_closed = true;
                self.stopping.cancel();
            }
        }
        Ok(())
    }
}

impl Recording {
    /// The history entry of the record on `line`: its run, or, for a line
    /// that never ran, its refusal (without the line, which may hold secrets).
    pub(crate) fn run_of(&self, ended: Ended) -> Run {
        let Ended {
            line,
            key,
            outcome,
            ran,
            secrets,
        } = ended;
        let (key, outcome, secrets) = (key.as_str(), &outcome, &secrets);
        let origin = Origin {
            kind: RunKind::Job,
            trigger: Trigger::Batch,
            replay_of: None,
            batch: Some(BatchRef {
                input: self.input.clone(),
                line,
            }),
            idempotency_key: Some(key.to_owned()),
        };
        let code = exit_code(outcome);
        match ran {
            Some((inputs, result, ran)) => {
                let mut run = record::started(
                    &self.job,
                    &self.function,
                    &inputs,
                    origin,
                    secrets,
                    ran.started_at_ms,
                );
                run.end = Some(record::ended(
                    &result,
                    code,
                    Some(&ran.log),
                    secrets,
                    ran.ended_at_ms,
                ));
                run
            }
            None => {
                let now = crate::history::now_ms();
                let mut run = record::started(
                    &self.job,
                    &self.function,
                    &Object::default(),
                    origin,
                    secrets,
                    now,
                );
                run.inputs = serde_json::Value::Null;
                run.end = Some(RunEnd {
                    state: RunState::Failed,
                    ended_at_ms: now,
                    exit_code: Some(code),
                    response: None,
                    error: Some(RunFailure {
                        kind: "inputerror".to_owned(),
                        message: secrets.redact_text(&outcome.reason()).into_owned(),
                        location: None,
                    }),
                    logs: Vec::new(),
                    attempts: Vec::new(),
                    trigger_keys: Vec::new(),
                });
                run
            }
        }
    }
}

/// The exit code a single run of the record would have given.
fn exit_code(outcome: &Outcome) -> i32 {
    let error_type = outcome
        .error
        .as_ref()
        .and_then(|error| error.get("type"))
        .and_then(serde_json::Value::as_str);
    match (outcome.state, error_type) {
        (State::Delivered, _) => exit_codes::SUCCESS,
        (State::RateLimited, _) => exit_codes::RATE_LIMITED,
        (State::Invalid, _) | (State::Failed, Some("inputerror")) => exit_codes::INVALID_INPUT,
        (State::Failed, Some("database_unavailable")) => exit_codes::DATABASE_UNAVAILABLE,
        (State::Failed, _) => exit_codes::JOB_FAILED,
        (State::Cancelled, _) => crate::signals::stop_code(),
    }
}
