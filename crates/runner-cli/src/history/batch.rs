//! A batch's records in the history: handed, as they are, to a thread of
//! their own, which builds and redacts each record there (off the batch's
//! recorder, which every record passes through) and writes them a few
//! hundred per transaction, so a million records cost a few thousand
//! commits rather than a million, and the batch never waits for the
//! database unless it falls a thousand records behind.

use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use runner_db::history::Run;

use super::RunHistory;
use crate::output;

/// Records waiting for the writer: enough to ride out a slow commit,
/// few enough to keep memory flat (and small).
const QUEUE: usize = 1024;
/// Records per transaction.
const PER_TRANSACTION: usize = 500;
/// The longest a record waits to be written when records come slowly.
const LINGER: Duration = Duration::from_millis(250);

/// The writer of records of type `T`, which it turns into runs.
pub(crate) struct BatchHistory<T> {
    sender: Option<SyncSender<T>>,
    writer: Option<JoinHandle<Written>>,
}

#[derive(Default)]
struct Written {
    recorded: u64,
    lost: u64,
    first_error: Option<String>,
}

impl<T: Send + 'static> BatchHistory<T> {
    /// Starts the writer, which makes each record's run with `build`;
    /// `None` without a history, or when it did not open (which it has
    /// already said).
    pub(crate) fn start(
        history: Option<RunHistory>,
        build: impl Fn(T) -> Run + Send + 'static,
    ) -> Option<BatchHistory<T>> {
        let history = history.filter(RunHistory::is_open)?;
        let (sender, receiver) = sync_channel(QUEUE);
        let writer = std::thread::Builder::new()
            .name("run-history".to_owned())
            .spawn(move || write_all(&history, &receiver, build))
            .ok()?;
        Some(BatchHistory {
            sender: Some(sender),
            writer: Some(writer),
        })
    }

    /// Queues one record; blocks only while the queue is full.
    pub(crate) fn record(&self, record: T) {
        if let Some(sender) = &self.sender {
            let _ = sender.send(record);
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

impl<T> Drop for BatchHistory<T> {
    fn drop(&mut self) {
        drop(self.sender.take());
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

fn write_all<T>(history: &RunHistory, receiver: &Receiver<T>, build: impl Fn(T) -> Run) -> Written {
    let mut written = Written::default();
    let mut pending: Vec<Run> = Vec::with_capacity(PER_TRANSACTION);
    let mut oldest = Instant::now();
    loop {
        let next = receiver.recv_timeout(LINGER);
        let closed = matches!(next, Err(RecvTimeoutError::Disconnected));
        if let Ok(record) = next {
            if pending.is_empty() {
                oldest = Instant::now();
            }
            pending.push(build(record));
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
