//! A batch's records in the history: sent to a thread of their own and
//! written a few hundred per transaction, so a million records cost a
//! few thousand commits rather than a million, and the batch never waits
//! for the database unless it falls thousands of records behind.

use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use runner_db::history::Run;

use super::RunHistory;
use crate::output;

/// Records waiting for the writer: enough to ride out a slow commit,
/// few enough to keep memory flat.
const QUEUE: usize = 4096;
/// Records per transaction.
const PER_TRANSACTION: usize = 500;
/// The longest a record waits to be written when records come slowly.
const LINGER: Duration = Duration::from_millis(250);

pub(crate) struct BatchHistory {
    sender: Option<SyncSender<Run>>,
    writer: Option<JoinHandle<Written>>,
}

#[derive(Default)]
struct Written {
    recorded: u64,
    lost: u64,
    first_error: Option<String>,
}

impl BatchHistory {
    /// Starts the writer; `None` without a history, or when it did not open
    /// (which it has already said).
    pub(crate) fn start(history: Option<RunHistory>) -> Option<BatchHistory> {
        let history = history.filter(RunHistory::is_open)?;
        let (sender, receiver) = sync_channel(QUEUE);
        let writer = std::thread::Builder::new()
            .name("run-history".to_owned())
            .spawn(move || write_all(&history, &receiver))
            .ok()?;
        Some(BatchHistory {
            sender: Some(sender),
            writer: Some(writer),
        })
    }

    /// Queues one record's run; blocks only while the queue is full.
    pub(crate) fn record(&self, run: Run) {
        if let Some(sender) = &self.sender {
            let _ = sender.send(run);
        }
    }

    /// Writes what is queued, then says on stderr what could not be recorded.
    pub(crate) fn finish(mut self, redactor: &crate::redact::Redactor) {
        drop(self.sender.take());
        let Some(written) = self.writer.take().and_then(|writer| writer.join().ok()) else {
            return;
        };
        if written.lost > 0 {
            output::eprint(
                redactor,
                &format!(
                    "warning: the run history could not record {} of {} batch records ({}); the batch itself is not affected",
                    written.lost,
                    written.lost + written.recorded,
                    written.first_error.unwrap_or_default()
                ),
            );
        }
    }
}

impl Drop for BatchHistory {
    fn drop(&mut self) {
        drop(self.sender.take());
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

fn write_all(history: &RunHistory, receiver: &Receiver<Run>) -> Written {
    let mut written = Written::default();
    let mut pending: Vec<Run> = Vec::with_capacity(PER_TRANSACTION);
    let mut oldest = Instant::now();
    loop {
        let next = receiver.recv_timeout(LINGER);
        let closed = matches!(next, Err(RecvTimeoutError::Disconnected));
        if let Ok(run) = next {
            if pending.is_empty() {
                oldest = Instant::now();
            }
            pending.push(run);
        }
        let due = pending.len() >= PER_TRANSACTION || oldest.elapsed() >= LINGER || closed;
        if due && !pending.is_empty() {
            let count = pending.len() as u64;
            match history.record_many(&pending) {
                Ok(()) => written.recorded += count,
                Err(error) => {
                    written.lost += count;
                    written.first_error.get_or_insert_with(|| {
                        history.redactor().redact(&error.to_string()).into_owned()
                    });
                }
            }
            pending.clear();
        }
        if closed {
            return written;
        }
    }
}
