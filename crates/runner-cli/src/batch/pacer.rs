//! The batch's own pace, which 429s slow down. When Make answers 429 (say,
//! another sender shares the webhook), every worker's next start waits:
//! the pace is halved (the gap between starts doubled), a `Retry-After` is
//! honoured by all of them, not only by the trigger that got it, and the
//! pace recovers slowly (a tenth faster per second without a 429) back to
//! `--rate` or to no pace at all. Until the first 429 it costs nothing.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The gap between starts the first 429 sets when the batch had no pace:
/// twice the gap it was actually starting records at.
const FIRST_GAP_FLOOR: Duration = Duration::from_millis(10);
/// The slowest the pace ever gets: one start a minute.
const SLOWEST_GAP: Duration = Duration::from_secs(60);
/// How often the pace may speed up again.
const RECOVER_EVERY: Duration = Duration::from_secs(1);
/// The 429s of one burst (every worker hit at once) halve the pace once:
/// within this long of a slowdown, another only renews the `Retry-After`.
const ONE_BURST: Duration = Duration::from_millis(250);

#[derive(Debug)]
struct State {
    /// The gap between starts; zero while the batch is not slowed.
    gap: Duration,
    /// The gap `--rate` asks for (zero without it): recovery stops there.
    floor: Duration,
    next_start: Instant,
    last_start: Option<Instant>,
    /// The gap starts were actually made at, smoothed.
    seen_gap: Duration,
    last_change: Instant,
    slowdowns: u64,
}

#[derive(Debug)]
pub(crate) struct Pacer {
    state: Mutex<State>,
}

impl Pacer {
    pub(crate) fn new(rate: Option<make_core::RateLimit>) -> Pacer {
        let floor = rate.map_or(Duration::ZERO, |rate| rate.period / rate.max_starts.max(1));
        let now = Instant::now();
        Pacer {
            state: Mutex::new(State {
                gap: Duration::ZERO,
                floor,
                next_start: now,
                last_start: None,
                seen_gap: Duration::ZERO,
                last_change: now,
                slowdowns: 0,
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// Takes the next start: how long to wait before it.
    pub(crate) fn reserve(&self) -> Duration {
        let now = Instant::now();
        let mut state = self.state();
        if let Some(last) = state.last_start {
            let gap = now.saturating_duration_since(last);
            state.seen_gap = (state.seen_gap * 7 + gap) / 8;
        }
        state.last_start = Some(now);
        if state.gap.is_zero() && state.next_start <= now {
            return Duration::ZERO;
        }
        let start = state.next_start.max(now);
        state.next_start = start + state.gap;
        start - now
    }

    /// Make answered 429: halve the pace, and wait what it asked, all of us.
    pub(crate) fn slow_down(&self, retry_after: Option<Duration>) {
        let now = Instant::now();
        let mut state = self.state();
        state.slowdowns += 1;
        if let Some(wait) = retry_after {
            let until = now + wait.min(SLOWEST_GAP);
            state.next_start = state.next_start.max(until);
        }
        let same_burst = !state.gap.is_zero()
            && now.duration_since(state.last_change) < ONE_BURST.max(state.gap);
        if same_burst {
            return;
        }
        let base = if state.gap.is_zero() {
            state.seen_gap.max(state.floor).max(FIRST_GAP_FLOOR)
        } else {
            state.gap
        };
        state.gap = (base * 2).min(SLOWEST_GAP);
        state.last_change = now;
    }

    /// A record went through without a 429: speed up a little, at most once a second.
    pub(crate) fn went_through(&self) {
        let now = Instant::now();
        let mut state = self.state();
        if state.gap.is_zero() || now.duration_since(state.last_change) < RECOVER_EVERY {
            return;
        }
        state.gap = state.gap.mul_f64(0.9);
        if state.gap <= state.floor || state.gap < Duration::from_micros(100) {
            // Back to the pace the batch was given: `--rate` keeps it from here.
            state.gap = Duration::ZERO;
        }
        state.last_change = now;
    }

    /// How many 429s slowed the batch down.
    pub(crate) fn slowdowns(&self) -> u64 {
        self.state().slowdowns
    }
}

impl make_core::RateLimitObserver for Pacer {
    /// The retry takes its turn in the pace like a new start.
    fn rate_limited(&self, retry_after: Option<Duration>) -> Duration {
        self.slow_down(retry_after);
        self.reserve()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unslowed_batch_never_waits() {
        let pacer = Pacer::new(None);
        for _ in 0..100 {
            assert_eq!(pacer.reserve(), Duration::ZERO);
        }
    }

    #[test]
    fn a_429_halves_the_pace_and_its_retry_after_holds_every_start() {
        let pacer = Pacer::new(None);
        pacer.slow_down(Some(Duration::from_secs(2)));
        let first = pacer.reserve();
        assert!(first > Duration::from_millis(1900), "{first:?}");
        let second = pacer.reserve();
        assert!(second > first, "the next start waits one gap more");
        let gap = pacer.state().gap;
        pacer.slow_down(None);
        assert_eq!(pacer.state().gap, gap, "the same burst halves once");
        pacer.state().last_change -= ONE_BURST.max(gap);
        pacer.slow_down(None);
        assert_eq!(pacer.state().gap, gap * 2, "a later 429 halves again");
        assert_eq!(pacer.slowdowns(), 3);
    }

    #[test]
    fn the_pace_recovers_toward_the_rate_it_was_given() {
        let pacer = Pacer::new(Some(make_core::RateLimit {
            max_starts: 10,
            period: Duration::from_secs(1),
        }));
        pacer.slow_down(None);
        assert_eq!(pacer.state().gap, Duration::from_millis(200));
        pacer.state().last_change -= RECOVER_EVERY;
        pacer.went_through();
        assert_eq!(pacer.state().gap, Duration::from_millis(180));
        // Right after a change, no second speed-up.
        pacer.went_through();
        assert_eq!(pacer.state().gap, Duration::from_millis(180));
        for _ in 0..20 {
            pacer.state().last_change -= RECOVER_EVERY;
            pacer.went_through();
        }
        assert_eq!(pacer.state().gap, Duration::ZERO, "back to --rate alone");
    }
}
