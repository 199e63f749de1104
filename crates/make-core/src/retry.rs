//! When to try a trigger again, and how long to wait first.
//!
//! Only what Make did not accept is retried: 429, 502/503/504, and
//! connections that failed before anything was sent. A 500 means the scenario
//! ran; a timeout after the body left may mean the same, so those are retried
//! only when the caller says the trigger is idempotent (`retry_ambiguous`).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use rand::Rng;

/// How a client retries. `max_retries: 0` sends exactly one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt. Default 3.
    pub max_retries: u32,
    /// The first backoff; each later one doubles. Default 500 ms.
    pub base_delay: Duration,
    /// No computed backoff is longer than this. Default 30 s.
    pub max_delay: Duration,
    /// The longest time spent waiting between attempts, all waits together;
    /// a wait that would pass it ends the trigger instead. Default 60 s.
    pub max_retry_wait: Duration,
    /// Also retry timeouts and failures after the body was sent, which may
    /// run the scenario twice. Default false.
    pub retry_ambiguous: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_wait: Duration::from_secs(60),
            retry_ambiguous: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The backoff before retry number `retry` (1 for the first), before jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        self.base_delay
            .saturating_mul(1_u32 << doublings)
            .min(self.max_delay)
    }
}

/// Waits between attempts. Injected so tests never sleep for real.
pub trait Sleeper: Send + Sync {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// Sleeps on the tokio timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Returns at once and remembers every wait it was asked for; for tests.
#[derive(Debug, Clone, Default)]
pub struct RecordingSleeper {
    waits: Arc<Mutex<Vec<Duration>>>,
}

impl RecordingSleeper {
    pub fn new() -> Self {
        RecordingSleeper::default()
    }

    /// The waits asked for so far, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.waits
            .lock()
            .map(|waits| waits.clone())
            .unwrap_or_default()
    }
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        if let Ok(mut waits) = self.waits.lock() {
            waits.push(duration);
        }
        Box::pin(std::future::ready(()))
    }
}

/// Spreads backoffs so many clients that failed together do not retry together.
pub trait Jitter: Send + Sync {
    /// The wait to use instead of `backoff`; at most `backoff`.
    fn apply(&self, backoff: Duration) -> Duration;
}

/// A uniform draw between half the backoff and the whole of it.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomJitter;

impl Jitter for RandomJitter {
    fn apply(&self, backoff: Duration) -> Duration {
        let half = backoff / 2;
        let spread = u64::try_from((backoff - half).as_micros()).unwrap_or(u64::MAX);
        half + Duration::from_micros(rand::rng().random_range(0..=spread))
    }
}

/// The backoff unchanged; for tests and reproducible runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoJitter;

impl Jitter for NoJitter {
    fn apply(&self, backoff: Duration) -> Duration {
        backoff
    }
}

/// What a `Retry-After` header asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: 120`.
    Seconds(u64),
    /// A number of seconds too large to count (more than `u64`): an endless
    /// wait, which the wait cap ends; kept as Make sent it, for messages.
    Endless(String),
    /// `Retry-After: Sun, 06 Nov 1994 08:49:37 GMT` (or RFC 850, or asctime).
    Date(SystemTime),
}

impl RetryAfter {
    /// Parses delta-seconds or any of RFC 9110's three HTTP-date forms;
    /// `None` for anything else, which is then ignored.
    pub fn parse(value: &str) -> Option<RetryAfter> {
        let value = value.trim();
        if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
            // Absurdly long numbers wait forever: the wait cap then ends the trigger.
            return Some(match value.parse() {
                Ok(seconds) => RetryAfter::Seconds(seconds),
                Err(_) => RetryAfter::Endless(shortened(value)),
            });
        }
        httpdate::parse_http_date(value).ok().map(RetryAfter::Date)
    }

    /// The wait from `now`; a date in the past means no wait.
    pub fn wait_from(&self, now: SystemTime) -> Duration {
        match self {
            RetryAfter::Seconds(seconds) => Duration::from_secs(*seconds),
            RetryAfter::Endless(_) => Duration::MAX,
            RetryAfter::Date(date) => date.duration_since(now).unwrap_or(Duration::ZERO),
        }
    }
}

/// A header's digits as sent, cut to a readable length.
fn shortened(digits: &str) -> String {
    const SHOWN: usize = 32;
    if digits.len() <= SHOWN {
        digits.to_owned()
    } else {
        format!("{}… ({} digits)", &digits[..SHOWN], digits.len())
    }
}

impl fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryAfter::Seconds(seconds) => write!(f, "{seconds}"),
            RetryAfter::Endless(digits) => f.write_str(digits),
            RetryAfter::Date(date) => f.write_str(&httpdate::fmt_http_date(*date)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> SystemTime {
        httpdate::parse_http_date(text).expect("a valid date")
    }

    #[test]
    fn backoff_doubles_from_the_base_up_to_the_cap() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(3),
            ..RetryPolicy::default()
        };
        let waits: Vec<_> = (1..=5).map(|retry| policy.backoff(retry)).collect();
        assert_eq!(
            waits,
            [500, 1_000, 2_000, 3_000, 3_000].map(Duration::from_millis)
        );
        assert_eq!(policy.backoff(u32::MAX), Duration::from_secs(3));
    }

    #[test]
    fn random_jitter_stays_between_half_and_the_whole_backoff() {
        for _ in 0..100 {
            let wait = RandomJitter.apply(Duration::from_secs(2));
            assert!(wait >= Duration::from_secs(1) && wait <= Duration::from_secs(2));
        }
        assert_eq!(RandomJitter.apply(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn retry_after_reads_delta_seconds() {
        assert_eq!(RetryAfter::parse(" 2 "), Some(RetryAfter::Seconds(2)));
        assert_eq!(
            RetryAfter::parse("99999999999999999999999"),
            Some(RetryAfter::Endless("99999999999999999999999".to_owned()))
        );
    }

    #[test]
    fn retry_after_reads_all_three_http_date_forms() {
        let expected = Some(RetryAfter::Date(at("Sun, 06 Nov 1994 08:49:37 GMT")));
        assert_eq!(RetryAfter::parse("Sun, 06 Nov 1994 08:49:37 GMT"), expected);
        assert_eq!(
            RetryAfter::parse("Sunday, 06-Nov-94 08:49:37 GMT"),
            expected
        );
        assert_eq!(RetryAfter::parse("Sun Nov  6 08:49:37 1994"), expected);
    }

    #[test]
    fn a_retry_after_too_large_to_count_is_shown_as_make_sent_it() {
        let huge = "99999999999999999999999";
        let retry_after = RetryAfter::parse(huge).expect("digits");
        assert_eq!(retry_after.to_string(), huge);
        assert_eq!(retry_after.wait_from(SystemTime::now()), Duration::MAX);
        let longer = "9".repeat(50);
        assert!(
            RetryAfter::parse(&longer)
                .expect("digits")
                .to_string()
                .ends_with("… (50 digits)")
        );
    }

    #[test]
    fn retry_after_ignores_what_it_cannot_read() {
        for value in ["", "-1", "1.5", "soon", "Sun, 06 Nov 1994"] {
            assert_eq!(RetryAfter::parse(value), None, "{value}");
        }
    }

    #[test]
    fn retry_after_dates_count_from_now_and_past_dates_mean_no_wait() {
        let date = RetryAfter::Date(at("Sun, 06 Nov 1994 08:49:37 GMT"));
        assert_eq!(
            date.wait_from(at("Sun, 06 Nov 1994 08:49:35 GMT")),
            Duration::from_secs(2)
        );
        assert_eq!(
            date.wait_from(at("Sun, 06 Nov 1994 08:50:00 GMT")),
            Duration::ZERO
        );
    }
}
