//! Never more than N starts in any window of length P, per key: a sliding
//! window log. A token bucket that bursts N and refills could start 2N within
//! one window; keeping the start times themselves cannot.
//!
//! Windows are half-open: starts at `t` and `t + P` are in different windows.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::retry::{Sleeper, TokioSleeper};

/// `N` starts per `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max_starts: u32,
    pub period: Duration,
}

impl RateLimit {
    /// Make's limit for one webhook: 300 requests per 10 s.
    pub const MAKE_WEBHOOK: RateLimit = RateLimit {
        max_starts: 300,
        period: Duration::from_secs(10),
    };
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}",
            self.max_starts,
            crate::duration::human(self.period).replace(' ', "")
        )
    }
}

/// Why a text is not a rate like `300/10s`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}` is not a rate: {reason}; write it as N/PERIOD, e.g. `300/10s`, `30/1s` or `5/500ms`"
)]
pub struct InvalidRateLimit {
    text: String,
    reason: &'static str,
}

impl FromStr for RateLimit {
    type Err = InvalidRateLimit;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = |reason| InvalidRateLimit {
            text: text.to_owned(),
            reason,
        };
        let (count, period) = text
            .trim()
            .split_once('/')
            .ok_or(invalid("it has no `/`"))?;
        let max_starts: u32 = count
            .trim()
            .parse()
            .map_err(|_| invalid("N is not a whole number"))?;
        if max_starts == 0 {
            return Err(invalid("N must be at least 1"));
        }
        let period =
            parse_period(period.trim()).ok_or(invalid("PERIOD needs a unit: ms, s, m or h"))?;
        if period.is_zero() {
            return Err(invalid("PERIOD must be longer than zero"));
        }
        Ok(RateLimit { max_starts, period })
    }
}

/// `10s`, `500ms`, `1m`, `1h`; a bare unit means one of it (`300/s`).
fn parse_period(text: &str) -> Option<Duration> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (amount, unit) = text.split_at(split);
    let amount: u64 = if amount.is_empty() {
        1
    } else {
        amount.parse().ok()?
    };
    let unit_length = match unit.trim() {
        "ms" => Duration::from_millis(1),
        "s" => Duration::from_secs(1),
        "m" | "min" => Duration::from_secs(60),
        "h" => Duration::from_secs(3_600),
        _ => return None,
    };
    unit_length.checked_mul(u32::try_from(amount).ok()?)
}

/// Monotonic time since some fixed origin. Injected so tests can run an hour
/// of rate limiting in milliseconds.
pub trait MonotonicClock: Send + Sync {
    fn elapsed(&self) -> Duration;
}

/// Real monotonic time since the limiter was made.
#[derive(Debug, Clone, Copy)]
pub struct InstantClock {
    origin: Instant,
}

impl Default for InstantClock {
    fn default() -> Self {
        InstantClock {
            origin: Instant::now(),
        }
    }
}

impl MonotonicClock for InstantClock {
    fn elapsed(&self) -> Duration {
        self.origin.elapsed()
    }
}

/// Limits starts per key. Shared by reference; all methods take `&self`.
pub struct RateLimiter {
    limit: RateLimit,
    clock: Arc<dyn MonotonicClock>,
    sleeper: Arc<dyn Sleeper>,
    /// Start times within the last period, oldest first, per hashed key; keys
    /// are hashed so the limiter never holds a webhook URL.
    logs: Mutex<HashMap<u64, VecDeque<Duration>>>,
}

impl RateLimiter {
    pub fn new(limit: RateLimit) -> Self {
        RateLimiter::with_time(
            limit,
            Arc::new(InstantClock::default()),
            Arc::new(TokioSleeper),
        )
    }

    pub fn with_time(
        limit: RateLimit,
        clock: Arc<dyn MonotonicClock>,
        sleeper: Arc<dyn Sleeper>,
    ) -> Self {
        RateLimiter {
            limit,
            clock,
            sleeper,
            logs: Mutex::new(HashMap::new()),
        }
    }

    /// The limiter every [`crate::MakeClient`] of this process shares by
    /// default: Make's 300 requests per 10 s per webhook.
    pub fn process_default() -> Arc<RateLimiter> {
        static SHARED: OnceLock<Arc<RateLimiter>> = OnceLock::new();
        SHARED
            .get_or_init(|| Arc::new(RateLimiter::new(RateLimit::MAKE_WEBHOOK)))
            .clone()
    }

    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Records a start for `key` now if the window has room; otherwise
    /// returns how long until it will.
    pub fn try_acquire(&self, key: &str) -> Result<(), Duration> {
        let now = self.clock.elapsed();
        let period = self.limit.period;
        let mut logs = match self.logs.lock() {
            Ok(logs) => logs,
            // A panic elsewhere cannot leave the log inconsistent: use it as it is.
            Err(poisoned) => poisoned.into_inner(),
        };
        let log = logs.entry(hash_key(key)).or_default();
        while log
            .front()
            .is_some_and(|start| now.saturating_sub(*start) >= period)
        {
            log.pop_front();
        }
        if log.len() < self.limit.max_starts as usize {
            log.push_back(now);
            return Ok(());
        }
        let oldest = log.front().copied().unwrap_or(now);
        Err((oldest + period)
            .saturating_sub(now)
            .max(Duration::from_micros(1)))
    }

    /// Waits until `key` may start, records the start, and returns the time waited.
    pub async fn acquire(&self, key: &str) -> Duration {
        let mut waited = Duration::ZERO;
        loop {
            match self.try_acquire(key) {
                Ok(()) => return waited,
                Err(wait) => {
                    self.sleeper.sleep(wait).await;
                    waited += wait;
                }
            }
        }
    }
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

fn hash_key(key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_with_units() {
        let rate = |text: &str| text.parse::<RateLimit>().expect("a valid rate");
        assert_eq!(rate("300/10s"), RateLimit::MAKE_WEBHOOK);
        assert_eq!(rate("5/500ms").period, Duration::from_millis(500));
        assert_eq!(rate(" 30 / s ").period, Duration::from_secs(1));
        assert_eq!(rate("100/2m").period, Duration::from_secs(120));
        assert_eq!(rate("300/10s").to_string(), "300/10s");
    }

    #[test]
    fn bad_rates_say_how_to_write_one() {
        for text in [
            "300",
            "0/10s",
            "x/10s",
            "300/10",
            "300/0s",
            "300/10 parsecs",
        ] {
            let error = text.parse::<RateLimit>().expect_err(text).to_string();
            assert!(error.contains("N/PERIOD"), "{error}");
        }
    }
}
