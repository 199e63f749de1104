//! The workers: each runs records one at a time on the interpreter, in
//! the batch's pace, with a host (and a runtime) of its own.

use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};

use make_core::RateLimiter;
use tokio_util::sync::CancellationToken;

use super::outcome::Outcome;
use super::pacer::Pacer;
use super::record_host::RecordHost;
use super::work::{Done, POLL, Ran, Work};
use crate::history::TriggerLog;
use crate::host::{Driver, LiveHost};
use crate::prepare::Prepared;

/// Runs records, one at a time, on the interpreter.
pub(super) struct Worker<'a, 'p> {
    pub(super) prepared: &'a Prepared<'p>,
    pub(super) rate: Option<&'a RateLimiter>,
    pub(super) pacer: &'a Arc<Pacer>,
    pub(super) stopping: &'a CancellationToken,
}

impl Worker<'_, '_> {
    pub(super) fn run(&self, work: &Mutex<Receiver<Work>>, done: &SyncSender<Done>) {
        let prepared = self.prepared;
        let own_host = own_host(&prepared.host, self.pacer);
        let live = own_host.as_ref().unwrap_or(&prepared.host);
        loop {
            let next = {
                let receiver = work.lock().unwrap_or_else(|poison| poison.into_inner());
                receiver.recv_timeout(POLL)
            };
            let item = match next {
                Ok(item) => item,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return,
            };
            // Taken but not started: not journaled, so `--resume` runs it.
            if self.stopping.is_cancelled() || !self.wait_for_rate() {
                continue;
            }
            let log = TriggerLog::new(Vec::new());
            let host = RecordHost::new(live, &item.key, &item.secrets, &log);
            let started_at_ms = crate::history::now_ms();
            let result = job_runner::eval::execute(
                prepared.job,
                item.inputs.clone(),
                &prepared.env_values,
                &host,
                &prepared.limits,
            );
            if Outcome::delivered(&result) {
                self.pacer.went_through();
            }
            let ran = Done::Ran {
                work: item,
                result: Box::new(result),
                ran: Ran {
                    started_at_ms,
                    ended_at_ms: crate::history::now_ms(),
                    log,
                },
            };
            if done.send(ran).is_err() {
                return;
            }
        }
    }

    /// Waits for the pace 429s set, then for the `--rate` window; false
    /// when Ctrl-C came first.
    pub(super) fn wait_for_rate(&self) -> bool {
        let paced = self.pacer.reserve();
        if self.rate.is_none() && paced.is_zero() {
            return true;
        }
        self.prepared.runtime.block_on(async {
            tokio::select! {
                biased;
                () = self.stopping.cancelled() => false,
                () = async {
                    tokio::time::sleep(paced).await;
                    if let Some(limiter) = self.rate {
                        limiter.acquire("batch").await;
                    }
                } => true,
            }
        })
    }
}

/// A host for one worker, on a single-threaded runtime of its own: a
/// record's requests then run on the thread that waits for them, which
/// spares two thread wake-ups per request. The Make client's settings, its
/// rate limiter included, are shared. `None` (the shared host is used) if
/// the runtime cannot start.
pub(super) fn own_host(shared: &LiveHost, pacer: &Arc<Pacer>) -> Option<LiveHost> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    let observer: Arc<dyn make_core::RateLimitObserver> = pacer.clone();
    let options = make_core::TriggerOptions {
        on_rate_limited: Some(observer),
        ..shared.make_options()
    };
    let make = make_core::MakeClient::new(options).ok()?;
    LiveHost::driven_by(
        Driver::Own(std::sync::Arc::new(runtime)),
        make,
        shared.cancel_token(),
        shared.redactor(),
    )
    .ok()
    .map(|mut host| {
        host.set_database(shared.database_session());
        host
    })
}
