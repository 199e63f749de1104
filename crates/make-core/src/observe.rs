//! Hearing of every HTTP attempt of a trigger, as it ends: what Make said,
//! how long it took, and whether (and why) the client waits before the
//! next one. A caller that keeps a history of its runs records these;
//! this crate only tells, and never waits on the listener.

use std::sync::Arc;
use std::time::Duration;

/// One attempt, as it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptReport {
    /// 1 for the first attempt of the trigger.
    pub number: u32,
    /// The `Idempotency-Key` the attempt carried.
    pub idempotency_key: String,
    /// Make's HTTP status, when it answered.
    pub status: Option<u16>,
    /// What happened, in words: `answered 429`, `timed out waiting for the answer`.
    pub outcome: String,
    pub duration: Duration,
    /// The wait before the attempt, when the webhook's rate limit made one.
    pub paced: Option<AttemptWait>,
    /// The wait after it, before the next attempt; `None` when it was the last.
    pub wait: Option<AttemptWait>,
}

/// A wait between attempts and why: `Retry-After: 5 s, honoured`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptWait {
    pub duration: Duration,
    pub reason: String,
}

/// Told of each attempt of the triggers it is given to (see
/// [`crate::CallOptions::observer`]). Called on the trigger's task: keep it quick.
pub trait AttemptObserver: Send + Sync {
    fn attempt_ended(&self, attempt: &AttemptReport);
}

/// A listener as [`crate::CallOptions`] holds it.
pub type SharedObserver = Arc<dyn AttemptObserver>;
