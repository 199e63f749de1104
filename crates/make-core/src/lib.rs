//! Trigger Make.com scenarios through their custom webhooks.
//!
//! The webhook URL is a bearer credential, so [`WebhookUrl`] never shows it
//! whole, and no error, log line or `Debug` output of this crate holds more
//! than its redacted form. [`MakeClient::trigger`] POSTs a JSON [`envelope`]
//! and classifies Make's answer into a [`TriggerReport`]; only a missing
//! answer (refused connection, timeout, cancellation) is a [`TriggerError`].
//!
//! What a careful sender does is built in: retries of what Make did not
//! accept ([`RetryPolicy`]), `Retry-After`, one `Idempotency-Key` per
//! trigger, no redirects, the 5 MB payload limit, a capped answer, and a
//! per-webhook [`RateLimiter`]. Time, waits and jitter are injected through
//! [`TriggerOptions`] so tests never sleep. [`http::HttpEngine`] is the same
//! careful transport for XanoScript's `api.request`, without retries.
//!
//! This crate does not know XanoScript.

mod attempt;
mod body;
mod chunk;
mod classify;
mod client;
mod clock;
mod duration;
mod envelope;
mod error;
mod finish;
pub mod http;
mod observe;
mod options;
mod rate_limit;
mod report;
mod retry;
mod secret;
mod webhook_url;

pub use chunk::{ChunkError, plan_chunks};
pub use client::{API_KEY_HEADER, CallOptions, IDEMPOTENCY_KEY_HEADER, MakeClient};
pub use clock::{Clock, FixedClock, SystemClock};
pub use envelope::{envelope, format_triggered_at};
pub use error::{TransportCause, TriggerError};
pub use observe::{AttemptObserver, AttemptReport, AttemptWait, SharedObserver};
pub use options::{
    DEFAULT_RESPONSE_CAP, MAKE_PAYLOAD_LIMIT, RateLimitObserver, TriggerOptions, default_user_agent,
};
pub use rate_limit::{InstantClock, InvalidRateLimit, MonotonicClock, RateLimit, RateLimiter};
pub use report::{TriggerReport, TriggerStatus};
pub use retry::{
    Jitter, NoJitter, RandomJitter, RecordingSleeper, RetryAfter, RetryPolicy, Sleeper,
    TokioSleeper,
};
pub use secret::ApiKey;
pub use tokio_util::sync::CancellationToken;
pub use webhook_url::{InvalidWebhookUrl, WebhookUrl};
