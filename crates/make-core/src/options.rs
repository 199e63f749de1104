//! How a [`crate::MakeClient`] behaves: timeouts, identity, limits, and the
//! clock, all injectable so tests are fast and deterministic.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::clock::{Clock, SystemClock};
use crate::rate_limit::RateLimiter;
use crate::retry::{Jitter, RandomJitter, RetryPolicy, Sleeper, TokioSleeper};
use crate::secret::ApiKey;

/// Make's payload limit on every plan: 5 MB of Content-Length.
pub const MAKE_PAYLOAD_LIMIT: usize = 5_242_880;

/// How much of Make's answer the report keeps: 64 KiB.
pub const DEFAULT_RESPONSE_CAP: usize = 64 * 1024;

/// Settings of a [`crate::MakeClient`]. Build with struct update syntax over
/// `TriggerOptions::default()`.
#[derive(Clone)]
pub struct TriggerOptions {
    /// Per attempt, from connecting to the end of the answer. Default 30 s.
    pub timeout: Duration,
    /// Default `runner-cli/<version>`.
    pub user_agent: String,
    /// Where `triggered_at` comes from, and `now` for `Retry-After` dates.
    pub clock: Arc<dyn Clock>,
    /// What is retried and how long to wait.
    pub retry: RetryPolicy,
    /// How waits between attempts happen (tests record them instead).
    pub sleeper: Arc<dyn Sleeper>,
    /// How backoffs are spread (tests use [`crate::NoJitter`]).
    pub jitter: Arc<dyn Jitter>,
    /// Paces attempts per webhook; by default one limiter for the whole
    /// process keeps under Make's 300 requests per 10 s. `None` disables it.
    pub rate_limiter: Option<Arc<RateLimiter>>,
    /// Sent as `x-make-apikey` when the webhook requires it.
    pub api_key: Option<ApiKey>,
    /// The `Idempotency-Key` of every trigger; `None` draws a fresh UUID v4 per trigger.
    pub idempotency_key: Option<String>,
    /// Bodies over this many bytes are refused before sending. Default 5,242,880.
    pub max_payload_bytes: usize,
    /// Bytes of the answer kept in the report. Default 64 KiB.
    pub max_response_bytes: usize,
    /// Told of every 429 Make answers, so a caller sending many triggers
    /// (a batch) can slow down for all of them, not only this one.
    pub on_rate_limited: Option<Arc<dyn RateLimitObserver>>,
}

/// Hears of each 429: `retry_after` is the wait Make asked for, if it did,
/// and `attempt` which attempt of the trigger it answered (1 for the first).
/// Returns the least the retry of that trigger should wait: its turn in
/// the caller's pace, so retries slow down with everything else.
pub trait RateLimitObserver: Send + Sync {
    fn rate_limited(&self, retry_after: Option<Duration>, attempt: u32) -> Duration;
}

impl Default for TriggerOptions {
    fn default() -> Self {
        TriggerOptions {
            timeout: Duration::from_secs(30),
            user_agent: default_user_agent(),
            clock: Arc::new(SystemClock),
            retry: RetryPolicy::default(),
            sleeper: Arc::new(TokioSleeper),
            jitter: Arc::new(RandomJitter),
            rate_limiter: Some(RateLimiter::process_default()),
            api_key: None,
            idempotency_key: None,
            max_payload_bytes: MAKE_PAYLOAD_LIMIT,
            max_response_bytes: DEFAULT_RESPONSE_CAP,
            on_rate_limited: None,
        }
    }
}

/// `runner-cli/0.1.0`: the tool Make sees in its logs.
pub fn default_user_agent() -> String {
    format!("runner-cli/{}", env!("CARGO_PKG_VERSION"))
}

impl fmt::Debug for TriggerOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TriggerOptions")
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("rate_limiter", &self.rate_limiter)
            .field("api_key", &self.api_key)
            .field("idempotency_key", &self.idempotency_key)
            .field("max_payload_bytes", &self.max_payload_bytes)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("on_rate_limited", &self.on_rate_limited.is_some())
            .finish_non_exhaustive()
    }
}
