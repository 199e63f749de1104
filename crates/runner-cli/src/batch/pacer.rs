//! The batch's own pace, which 429s slow down. When Make answers a first
//! attempt with 429 (say, another sender shares the webhook), every
//! worker's next start waits: the pace is halved, at most once a second
//! however many 429s one burst brings; a `Retry-After` is honoured by every
//! worker, not only by the trigger that got it; and each record that goes
//! through speeds the pace up again by a twentieth of the pace the batch
//! had before its first 429, until it is back there (and `--rate`, if
//! given, alone paces it again). Halving on trouble and climbing back in
//! steps settles where Make stops refusing; until the first 429 the pacer
//! costs nothing.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The 429s of one burst (every worker hit at once) halve the pace once:
/// within this long of a slowdown, another only renews the `Retry-After`.
const ONE_BURST: Duration = Duration::from_secs(1);
/// The pace before the first 429, when starts came too fast to measure.
const FASTEST: f64 = 1000.0;
/// The slowest the pace ever gets: one start a minute.
const SLOWEST: f64 = 1.0 / 60.0;
/// Successes it takes to climb back from nothing to the pace before the 429s.
const CLIMB_STEPS: f64 = 20.0;
/// The longest a `Retry-After` holds the batch.
const LONGEST_HOLD: Duration = Duration::from_secs(60);

#[derive(Debug)]
struct State {
    /// Starts per second while slowed; `None` when the batch is not slowed.
    rate: Option<f64>,
    /// The pace before the first 429, where the climb back stops.
    before: f64,
    next_start: Instant,
    last_start: Option<Instant>,
    /// The gap starts were actually made at, smoothed, for `before`.
    seen_gap: Duration,
    last_slowdown: Option<Instant>,
    slowdowns: u64,
}

#[derive(Debug)]
pub(crate) struct Pacer {
    state: Mutex<State>,
}

impl Pacer {
    pub(crate) fn new() -> Pacer {
        Pacer {
            state: Mutex::new(State {
                rate: None,
                before: FASTEST,
                next_start: Instant::now(),
                last_start: None,
                seen_gap: Duration::ZERO,
                last_slowdown: None,
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
        let start = state.next_start.max(now);
        if let Some(rate) = state.rate {
            state.next_start = start + Duration::from_secs_f64(1.0 / rate);
        }
        start - now
    }

    /// Make refused a first attempt: halve the pace (once per burst), and
    /// hold every start for what it asked.
    pub(crate) fn slow_down(&self, retry_after: Option<Duration>) {
        let now = Instant::now();
        let mut state = self.state();
        state.slowdowns += 1;
        hold_until(&mut state, now, retry_after);
        if state
            .last_slowdown
            .is_some_and(|last| now.duration_since(last) < ONE_BURST)
        {
            return;
        }
        let current = state.rate.unwrap_or_else(|| {
            let seen = state.seen_gap.as_secs_f64();
            let before = if seen > 0.0 {
                (1.0 / seen).min(FASTEST)
            } else {
                FASTEST
            };
            state.before = before;
            before
        });
        state.rate = Some((current / 2.0).max(SLOWEST));
        state.next_start = state.next_start.max(now);
        state.last_slowdown = Some(now);
    }

    /// Make still refuses a retry: the pace stays, the `Retry-After` holds.
    fn hold(&self, retry_after: Option<Duration>) {
        let now = Instant::now();
        hold_until(&mut self.state(), now, retry_after);
    }

    /// A record went through: climb back a step.
    pub(crate) fn went_through(&self) {
        let mut state = self.state();
        let Some(rate) = state.rate else {
            return;
        };
        let climbed = rate + state.before / CLIMB_STEPS;
        state.rate = (climbed < state.before).then_some(climbed);
    }

    /// How many 429s the batch met.
    pub(crate) fn slowdowns(&self) -> u64 {
        self.state().slowdowns
    }
}

fn hold_until(state: &mut State, now: Instant, retry_after: Option<Duration>) {
    if let Some(wait) = retry_after {
        let until = now + wait.min(LONGEST_HOLD);
        state.next_start = state.next_start.max(until);
    }
}

impl make_core::RateLimitObserver for Pacer {
    /// A first attempt refused means the pace is too fast; a retry refused
    /// only that Make still limits (one record refused forever must not
    /// slow the batch on every retry). Either way the retry takes its turn
    /// in the pace like a new start, and a `Retry-After` holds everyone.
    fn rate_limited(&self, retry_after: Option<Duration>, attempt: u32) -> Duration {
        if attempt <= 1 {
            self.slow_down(retry_after);
        } else {
            self.hold(retry_after);
        }
        self.reserve()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unslowed_batch_never_waits() {
        let pacer = Pacer::new();
        for _ in 0..100 {
            assert_eq!(pacer.reserve(), Duration::ZERO);
        }
    }

    #[test]
    fn a_429_halves_the_pace_once_per_burst_and_its_retry_after_holds_every_start() {
        let pacer = Pacer::new();
        pacer.slow_down(Some(Duration::from_secs(2)));
        assert_eq!(pacer.state().rate, Some(FASTEST / 2.0));
        let first = pacer.reserve();
        assert!(first > Duration::from_millis(1900), "{first:?}");
        let second = pacer.reserve();
        assert!(second > first, "the next start waits its turn after it");
        pacer.slow_down(None);
        assert_eq!(
            pacer.state().rate,
            Some(FASTEST / 2.0),
            "the same burst halves once"
        );
        pacer.state().last_slowdown = Some(Instant::now() - ONE_BURST);
        pacer.slow_down(None);
        assert_eq!(
            pacer.state().rate,
            Some(FASTEST / 4.0),
            "a later 429 halves again"
        );
        assert_eq!(pacer.slowdowns(), 3);
    }

    #[test]
    fn each_record_that_goes_through_climbs_back_a_step_to_the_pace_before() {
        let pacer = Pacer::new();
        pacer.slow_down(None);
        pacer.went_through();
        assert_eq!(
            pacer.state().rate,
            Some(FASTEST / 2.0 + FASTEST / CLIMB_STEPS)
        );
        for _ in 0..10 {
            pacer.went_through();
        }
        assert_eq!(pacer.state().rate, None, "back to the pace before the 429s");
        assert_eq!(pacer.reserve(), Duration::ZERO);
    }

    #[test]
    fn a_retry_refused_again_holds_but_does_not_slow_down() {
        use make_core::RateLimitObserver as _;
        let pacer = Pacer::new();
        pacer.rate_limited(None, 2);
        assert_eq!(pacer.state().rate, None);
        pacer.rate_limited(Some(Duration::from_secs(1)), 3);
        assert!(pacer.reserve() > Duration::from_millis(900));
    }
}
