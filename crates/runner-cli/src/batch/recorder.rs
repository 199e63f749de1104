//! The calling thread's part: every outcome journaled, then
//! dead-lettered, then printed, in that order.

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError};

use tokio_util::sync::CancellationToken;

use super::dead_letter::DeadLetters;
use super::journal::Journal;
use super::outcome::Outcome;
use super::progress::{Progress, Tally};
use super::work::{Done, LineKept, POLL};
use crate::error::CliError;
use crate::redact::{Redactor, Secrets};

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
        let (place, key, text, secrets, outcome) = match done {
            Done::Skipped => {
                self.tally.skipped += 1;
                return Ok(());
            }
            Done::Ran { work, result } => {
                let outcome = Outcome::of_run(&result);
                (
                    work.place,
                    work.key,
                    LineKept::Text(work.text),
                    work.secrets,
                    outcome,
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
