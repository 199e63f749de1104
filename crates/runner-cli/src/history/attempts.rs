//! A run's Make triggers as they happen: the key each one sent and every
//! HTTP attempt make-core reports, for the run's history record. A replay
//! hands it the original run's keys, so trigger N sends the key that
//! trigger N sent then.

use std::sync::{Arc, Mutex};

use make_core::{AttemptObserver, AttemptReport, SharedObserver};
use runner_db::history::{Attempt, Wait};

#[derive(Debug, Default)]
pub(crate) struct TriggerLog {
    /// The keys to send again, by trigger (a replay's), unless `--new-key`.
    reuse: Vec<String>,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    keys: Vec<String>,
    attempts: Vec<Attempt>,
}

impl TriggerLog {
    pub(crate) fn new(reuse: Vec<String>) -> Arc<TriggerLog> {
        Arc::new(TriggerLog {
            reuse,
            seen: Mutex::default(),
        })
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// A trigger is about to be sent: its key (the one `given`, else the
    /// one to reuse, else `fallback`'s) and the observer of its attempts.
    pub(crate) fn begin(
        self: &Arc<Self>,
        given: Option<String>,
        fallback: impl FnOnce() -> String,
    ) -> (String, SharedObserver) {
        let mut seen = self.seen();
        let index = seen.keys.len();
        let key = given
            .or_else(|| self.reuse.get(index).cloned())
            .unwrap_or_else(fallback);
        seen.keys.push(key.clone());
        let observer = Arc::new(Observer {
            log: Arc::clone(self),
            trigger: u32::try_from(index + 1).unwrap_or(u32::MAX),
        });
        (key, observer)
    }

    /// The keys sent and the attempts made so far.
    pub(crate) fn take(&self) -> (Vec<String>, Vec<Attempt>) {
        let mut seen = self.seen();
        (
            std::mem::take(&mut seen.keys),
            std::mem::take(&mut seen.attempts),
        )
    }
}

struct Observer {
    log: Arc<TriggerLog>,
    trigger: u32,
}

impl AttemptObserver for Observer {
    fn attempt_ended(&self, attempt: &AttemptReport) {
        let wait = |wait: &make_core::AttemptWait| Wait {
            ms: millis(wait.duration),
            reason: wait.reason.clone(),
        };
        self.log.seen().attempts.push(Attempt {
            trigger: self.trigger,
            number: attempt.number,
            idempotency_key: attempt.idempotency_key.clone(),
            status: attempt.status,
            outcome: attempt.outcome.clone(),
            duration_ms: millis(attempt.duration),
            paced: attempt.paced.as_ref().map(wait),
            wait: attempt.wait.as_ref().map(wait),
        });
    }
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_key_wins_then_the_one_to_reuse_then_a_fresh_one() {
        let log = TriggerLog::new(vec!["old-1".to_owned(), "old-2".to_owned()]);
        assert_eq!(log.begin(None, || "fresh".to_owned()).0, "old-1");
        assert_eq!(
            log.begin(Some("given".to_owned()), || "fresh".to_owned()).0,
            "given"
        );
        assert_eq!(log.begin(None, || "fresh".to_owned()).0, "fresh");
        let (keys, attempts) = log.take();
        assert_eq!(keys, ["old-1", "given", "fresh"]);
        assert!(attempts.is_empty());
    }
}
