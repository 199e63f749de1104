//! The per-webhook rate limiter: never more than N starts in any window of
//! length P. Simulated time runs hours in milliseconds; one test uses the
//! real clock with a tiny window to check concurrent callers.

mod support;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use make_core::{MonotonicClock, RateLimit, RateLimiter, Sleeper, TriggerOptions};
use serde_json::json;
use support::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Simulated time: sleeping moves the clock forward at once.
#[derive(Debug, Default)]
struct SimulatedTime {
    now: Mutex<Duration>,
}

impl SimulatedTime {
    fn now(&self) -> Duration {
        *self.now.lock().expect("the clock lock is never poisoned")
    }

    fn advance(&self, by: Duration) {
        *self.now.lock().expect("the clock lock is never poisoned") += by;
    }
}

impl MonotonicClock for SimulatedTime {
    fn elapsed(&self) -> Duration {
        self.now()
    }
}

impl Sleeper for SimulatedTime {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        self.advance(duration);
        Box::pin(std::future::ready(()))
    }
}

fn simulated(limit: RateLimit) -> (Arc<RateLimiter>, Arc<SimulatedTime>) {
    let time = Arc::new(SimulatedTime::default());
    let limiter = RateLimiter::with_time(limit, time.clone(), time.clone());
    (Arc::new(limiter), time)
}

/// Panics when some window of `period` holds more than `max` of the sorted `starts`.
fn assert_sliding_window<T>(
    starts: &[T],
    max: usize,
    period: Duration,
    gap: impl Fn(&T, &T) -> Duration,
) {
    for (index, pair_start) in starts.iter().enumerate() {
        if let Some(later) = starts.get(index + max) {
            let spread = gap(pair_start, later);
            assert!(
                spread >= period,
                "starts {index} and {} are only {spread:?} apart",
                index + max
            );
        }
    }
}

#[tokio::test]
async fn a_thousand_starts_never_exceed_300_in_any_10_second_window() {
    let (limiter, time) = simulated(RateLimit::MAKE_WEBHOOK);

    let mut starts = Vec::new();
    for _ in 0..1_000 {
        limiter.acquire("hook").await;
        starts.push(time.now());
    }

    assert_sliding_window(&starts, 300, Duration::from_secs(10), |a, b| *b - *a);
    // As fast as allowed: 300 at 0 s, 10 s, 20 s, then the last 100 at 30 s.
    assert_eq!(starts[999], Duration::from_secs(30));
}

#[tokio::test]
async fn a_full_window_does_not_refill_early_like_a_token_bucket() {
    let limit = RateLimit {
        max_starts: 3,
        period: Duration::from_secs(10),
    };
    let (limiter, time) = simulated(limit);
    limiter.acquire("hook").await;
    time.advance(Duration::from_millis(9_900));

    let immediate = (0..3)
        .filter(|_| limiter.try_acquire("hook").is_ok())
        .count();

    assert_eq!(immediate, 2, "one start 9.9 s ago still counts");
    assert_eq!(limiter.try_acquire("hook"), Err(Duration::from_millis(100)));
}

#[tokio::test]
async fn each_webhook_has_its_own_window() {
    let limit = RateLimit {
        max_starts: 2,
        period: Duration::from_secs(10),
    };
    let (limiter, _) = simulated(limit);

    let first = (0..3)
        .filter(|_| limiter.try_acquire("hook-a").is_ok())
        .count();
    let second = (0..3)
        .filter(|_| limiter.try_acquire("hook-b").is_ok())
        .count();

    assert_eq!((first, second), (2, 2));
}

#[tokio::test]
async fn concurrent_callers_share_one_window_on_the_real_clock() {
    let limit = RateLimit {
        max_starts: 5,
        period: Duration::from_millis(150),
    };
    let limiter = Arc::new(RateLimiter::new(limit));
    let tasks: Vec<_> = (0..15)
        .map(|_| {
            let limiter = limiter.clone();
            tokio::spawn(async move {
                limiter.acquire("hook").await;
                Instant::now()
            })
        })
        .collect();

    let mut starts = Vec::new();
    for task in tasks {
        starts.push(task.await.expect("the task finished"));
    }
    starts.sort();

    // Each time is read just after its start was recorded, a few microseconds
    // late; allow for that, the simulated tests check the exact bound.
    let tolerance = Duration::from_millis(1);
    assert_sliding_window(&starts, 5, limit.period - tolerance, |a, b| {
        b.duration_since(*a)
    });
}

#[tokio::test]
async fn make_client_waits_for_the_webhooks_window_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("Accepted"))
        .named("make accepts three")
        .expect(3)
        .mount(&server)
        .await;
    let limit = RateLimit {
        max_starts: 2,
        period: Duration::from_secs(10),
    };
    let (limiter, time) = simulated(limit);
    let client = client(TriggerOptions {
        rate_limiter: Some(limiter),
        ..pinned_options()
    });

    for record in 0..3 {
        let report = client
            .trigger(&webhook_url(&server), "sync", &json!({ "record": record }))
            .await
            .expect("make answered");
        assert_eq!(report.http_status, 200);
    }

    assert_eq!(
        time.now(),
        Duration::from_secs(10),
        "the third trigger waited a window"
    );
}
