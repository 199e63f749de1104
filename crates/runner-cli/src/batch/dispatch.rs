//! The thread that turns lines into work: skips what the journal shows
//! delivered, dead-letters what cannot run, stops at the first Ctrl-C.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};

use tokio_util::sync::CancellationToken;

use super::record;
use super::resume::{Class, Resume};
use super::source::{self, Body, Line};
use super::work::{Done, LineKept, POLL, Place, Work};
use crate::prepare::Prepared;

/// Turns lines into work: skips what the journal shows delivered,
/// dead-letters what cannot run, and stops at the first Ctrl-C.
pub(super) struct Dispatch<'a, 'p> {
    pub(super) prepared: &'a Prepared<'p>,
    pub(super) identity: &'a str,
    pub(super) resume: Option<&'a Resume>,
    /// Lines sent though the journal shows another record on them (`--force-mismatch`).
    pub(super) differing: &'a AtomicU64,
    pub(super) stopping: &'a CancellationToken,
}

impl Dispatch<'_, '_> {
    /// `held` are the lines read while comparing the input with the journal.
    pub(super) fn run(
        &self,
        held: Vec<Line>,
        lines: &Receiver<Line>,
        work: &SyncSender<Work>,
        done: &SyncSender<Done>,
    ) {
        for line in held {
            if self.stopping.is_cancelled() || self.dispatch(line, work, done).is_err() {
                return;
            }
        }
        loop {
            if self.stopping.is_cancelled() {
                return;
            }
            let line = match lines.recv_timeout(POLL) {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if self.dispatch(line, work, done).is_err() {
                return;
            }
        }
    }

    /// Sends one line on its way; `Err` when the other side hung up.
    pub(super) fn dispatch(
        &self,
        line: Line,
        work: &SyncSender<Work>,
        done: &SyncSender<Done>,
    ) -> Result<(), ()> {
        match self.resume.map(|resume| resume.classify(&line)) {
            Some(Class::Skip) => return done.send(Done::Skipped).map_err(|_| ()),
            Some(Class::Differs) => {
                self.differing.fetch_add(1, Ordering::SeqCst);
            }
            Some(Class::Run) | None => {}
        }
        let job = self.prepared.job;
        let mut place = Place {
            line: line.number,
            hash: line.hash,
            shown_line: line.number,
        };
        let key_of =
            |text: &str| record::idempotency_key(&job.name, self.identity, line.number, text);
        let next = match line.body {
            Body::Text(text) => {
                let key = key_of(&text);
                let record = record::read(job, self.prepared.function, &text);
                place.shown_line = record.original_line.unwrap_or(line.number);
                match record.inputs {
                    Ok(inputs) => {
                        let item = Work {
                            place,
                            key,
                            text,
                            inputs: inputs.values,
                            secrets: inputs.secrets,
                        };
                        return self.send_work(work, item);
                    }
                    Err(reason) => Done::Invalid {
                        place,
                        key,
                        line: LineKept::Text(text),
                        reason,
                    },
                }
            }
            Body::TooLong(spooled) => {
                place.shown_line = spooled.original_line.unwrap_or(line.number);
                Done::Invalid {
                    place,
                    key: key_of(""),
                    reason: format!(
                        "the line is {} bytes long; a record must be under {} bytes (Make takes at most 5 MB)",
                        spooled.spool.len(),
                        source::MAX_LINE_BYTES
                    ),
                    line: LineKept::Spooled(spooled.spool),
                }
            }
            Body::NotUtf8(bytes) => Done::Invalid {
                place,
                key: key_of(""),
                line: LineKept::Raw(bytes),
                reason: "the line is not UTF-8 text".to_owned(),
            },
        };
        done.send(next).map_err(|_| ())
    }

    /// Waits for a free worker. It cannot wait forever: workers keep
    /// taking work after Ctrl-C (and drop it) until this side hangs up.
    pub(super) fn send_work(&self, work: &SyncSender<Work>, item: Work) -> Result<(), ()> {
        work.send(item).map_err(|_| ())
    }
}
