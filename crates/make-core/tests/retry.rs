//! Retries: what is tried again, how long the client waits, and when it gives
//! up. Waits are recorded by an injected sleeper, never slept.

mod support;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use make_core::{
    CallOptions, CancellationToken, RetryPolicy, Sleeper, TriggerError, TriggerOptions,
    TriggerStatus,
};
use serde_json::json;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn answer(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "text/plain; charset=utf-8")
        .set_body_string(body)
}

/// Mounts `template` for the next `times` requests only.
async fn answer_first(server: &MockServer, template: ResponseTemplate, times: u64, name: &str) {
    Mock::given(method("POST"))
        .and(path(webhook_path()))
        .respond_with(template)
        .up_to_n_times(times)
        .named(name)
        .expect(times)
        .mount(server)
        .await;
}

async fn then_accept(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(webhook_path()))
        .respond_with(answer(200, "Accepted"))
        .named("make accepts")
        .expect(1)
        .mount(server)
        .await;
}

async fn retry_after_then_success(retry_after: &str) -> Vec<Duration> {
    let server = MockServer::start().await;
    answer_first(
        &server,
        answer(429, "Too many requests").insert_header("retry-after", retry_after),
        1,
        "make rate limits once",
    )
    .await;
    then_accept(&server).await;
    let (options, sleeper) = retrying_options();

    let report = client(options)
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(report.status, TriggerStatus::Success);
    assert_eq!(report.attempts, 2);
    sleeper.waits()
}

#[tokio::test]
async fn trigger_retries_once_after_429_honouring_retry_after_seconds() {
    let waits = retry_after_then_success("2").await;
    assert_eq!(waits, [Duration::from_secs(2)]);
}

/// The pinned clock reads 23:15:04.123, so a date of 23:15:10 is 5.877 s away.
const UNTIL_23_15_10: Duration = Duration::from_millis(5_877);

#[tokio::test]
async fn trigger_honours_retry_after_as_an_imf_fixdate() {
    let waits = retry_after_then_success("Sun, 29 Nov 2026 23:15:10 GMT").await;
    assert_eq!(waits, [UNTIL_23_15_10]);
}

#[tokio::test]
async fn trigger_honours_retry_after_as_an_rfc_850_date() {
    let waits = retry_after_then_success("Sunday, 29-Nov-26 23:15:10 GMT").await;
    assert_eq!(waits, [UNTIL_23_15_10]);
}

#[tokio::test]
async fn trigger_honours_retry_after_as_an_asctime_date() {
    let waits = retry_after_then_success("Sun Nov 29 23:15:10 2026").await;
    assert_eq!(waits, [UNTIL_23_15_10]);
}

#[tokio::test]
async fn trigger_backs_off_after_429_without_retry_after() {
    let server = MockServer::start().await;
    answer_first(
        &server,
        answer(429, "Too many requests"),
        1,
        "make rate limits once",
    )
    .await;
    then_accept(&server).await;
    let (options, sleeper) = retrying_options();

    let report = client(options)
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(
        (report.status, report.attempts),
        (TriggerStatus::Success, 2)
    );
    assert_eq!(sleeper.waits(), [RetryPolicy::default().base_delay]);
}

#[tokio::test]
async fn trigger_retries_503_twice_with_growing_waits_and_one_idempotency_key() {
    let server = MockServer::start().await;
    answer_first(
        &server,
        answer(503, "Service Unavailable"),
        2,
        "gateway fails twice",
    )
    .await;
    then_accept(&server).await;
    let (options, sleeper) = retrying_options();
    let options = TriggerOptions {
        idempotency_key: None,
        ..options
    };

    let report = client(options)
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(
        (report.status, report.attempts),
        (TriggerStatus::Success, 3)
    );
    assert_eq!(
        sleeper.waits(),
        [Duration::from_millis(500), Duration::from_secs(1)]
    );
    let key = report.idempotency_key.expect("the key is reported");
    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    let keys: Vec<_> = requests
        .iter()
        .map(|request| request.headers.get("idempotency-key").cloned())
        .collect();
    assert_eq!(keys.len(), 3);
    for sent in keys {
        assert_eq!(
            sent.as_ref().and_then(|v| v.to_str().ok()),
            Some(key.as_str())
        );
    }
    let bodies: Vec<_> = requests.iter().map(|request| &request.body).collect();
    assert!(
        bodies.windows(2).all(|pair| pair[0] == pair[1]),
        "every attempt sends the same body"
    );
}

#[tokio::test]
async fn trigger_never_retries_500_because_the_scenario_ran() {
    let server = MockServer::start().await;
    answer_first(
        &server,
        answer(500, "Scenario failed to complete."),
        1,
        "scenario fails",
    )
    .await;
    let (options, sleeper) = retrying_options();

    let report = client(options)
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!((report.status, report.attempts), (TriggerStatus::Error, 1));
    assert!(sleeper.waits().is_empty());
}

#[tokio::test]
async fn trigger_never_retries_other_4xx() {
    let server = MockServer::start().await;
    answer_first(
        &server,
        answer(410, "Webhook not found."),
        1,
        "unknown hook",
    )
    .await;
    let (options, sleeper) = retrying_options();

    let report = client(options)
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!((report.http_status, report.attempts), (410, 1));
    assert!(sleeper.waits().is_empty());
}

fn slow(template: ResponseTemplate) -> ResponseTemplate {
    template.set_delay(Duration::from_secs(2))
}

fn short_timeout(options: TriggerOptions) -> TriggerOptions {
    TriggerOptions {
        timeout: Duration::from_millis(200),
        ..options
    }
}

#[tokio::test]
async fn trigger_does_not_retry_a_timeout_after_the_body_was_sent() {
    let server = MockServer::start().await;
    answer_first(&server, slow(answer(200, "Accepted")), 1, "make is slow").await;
    let (options, sleeper) = retrying_options();

    let error = client(short_timeout(options))
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect_err("the answer comes too late");

    assert!(
        matches!(error, TriggerError::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(error.may_have_been_received());
    assert!(sleeper.waits().is_empty());
}

#[tokio::test]
async fn trigger_retries_a_timeout_when_told_the_trigger_is_idempotent() {
    let server = MockServer::start().await;
    answer_first(
        &server,
        slow(answer(200, "Accepted")),
        1,
        "make is slow once",
    )
    .await;
    then_accept(&server).await;
    let (mut options, sleeper) = retrying_options();
    options.retry.retry_ambiguous = true;

    let report = client(short_timeout(options))
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("the second attempt is answered");

    assert_eq!(
        (report.status, report.attempts),
        (TriggerStatus::Success, 2)
    );
    assert_eq!(sleeper.waits().len(), 1);
}

#[tokio::test]
async fn trigger_retries_a_refused_connection_then_reports_it() {
    let port = closed_port();
    let url = make_core::WebhookUrl::parse(&format!("http://127.0.0.1:{port}/{TOKEN}"))
        .expect("a valid URL");
    let (mut options, sleeper) = retrying_options();
    options.retry.max_retries = 2;

    let error = client(options)
        .trigger(&url, "xano-data-sync", &seed_payload())
        .await
        .expect_err("nothing listens");

    assert!(
        matches!(
            error,
            TriggerError::Connect {
                attempts: 3,
                may_have_been_received: false,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        sleeper.waits(),
        [Duration::from_millis(500), Duration::from_secs(1)]
    );
    insta::assert_snapshot!(without_port(&error.to_string(), port));
}

#[tokio::test]
async fn trigger_gives_up_as_rate_limited_after_its_retries() {
    let server = MockServer::start().await;
    answer_first(
        &server,
        answer(429, "Too many requests"),
        4,
        "make keeps rate limiting",
    )
    .await;
    let (options, sleeper) = retrying_options();

    let report = client(options)
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(
        (report.status, report.attempts),
        (TriggerStatus::RateLimited, 4)
    );
    assert_eq!(sleeper.waits().len(), 3);
    insta::assert_json_snapshot!(report);
}

#[tokio::test]
async fn trigger_gives_up_when_make_asks_to_wait_past_the_cap() {
    let server = MockServer::start().await;
    answer_first(
        &server,
        answer(429, "Too many requests").insert_header("retry-after", "120"),
        1,
        "make asks for two minutes",
    )
    .await;
    let (options, sleeper) = retrying_options();

    let report = client(options)
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(
        (report.status, report.attempts),
        (TriggerStatus::RateLimited, 1)
    );
    assert!(sleeper.waits().is_empty());
    insta::assert_json_snapshot!(report);
}

#[tokio::test]
async fn trigger_with_no_retries_sends_exactly_one_request() {
    let server = MockServer::start().await;
    answer_first(
        &server,
        answer(503, "Service Unavailable"),
        1,
        "gateway fails",
    )
    .await;
    let (mut options, sleeper) = retrying_options();
    options.retry = RetryPolicy::none();

    let report = client(options)
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!((report.http_status, report.attempts), (503, 1));
    assert!(sleeper.waits().is_empty());
}

/// A sleeper that cancels the trigger when asked to wait, and never wakes.
struct CancelOnSleep(CancellationToken);

impl Sleeper for CancelOnSleep {
    fn sleep(&self, _: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        self.0.cancel();
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn cancelling_during_a_wait_stops_at_once_and_says_make_did_not_receive_it() {
    let server = MockServer::start().await;
    answer_first(
        &server,
        answer(429, "Too many requests"),
        1,
        "make rate limits",
    )
    .await;
    let cancel = CancellationToken::new();
    let (options, _) = retrying_options();
    let options = TriggerOptions {
        sleeper: std::sync::Arc::new(CancelOnSleep(cancel.clone())),
        ..options
    };
    let call = CallOptions {
        cancel: Some(cancel),
        ..CallOptions::default()
    };

    let error = client(options)
        .trigger_with(
            &webhook_url(&server),
            "xano-data-sync",
            &seed_payload(),
            call,
        )
        .await
        .expect_err("the trigger is cancelled");

    assert!(
        matches!(
            error,
            TriggerError::Cancelled {
                attempts: 1,
                may_have_been_received: false,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn cancelling_during_a_request_says_make_may_have_received_it() {
    let server = MockServer::start().await;
    answer_first(&server, slow(answer(200, "Accepted")), 1, "make is slow").await;
    let cancel = CancellationToken::new();
    let call = CallOptions {
        cancel: Some(cancel.clone()),
        ..CallOptions::default()
    };
    let canceller = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        cancel.cancel();
    });

    let error = client(pinned_options())
        .trigger_with(
            &webhook_url(&server),
            "xano-data-sync",
            &seed_payload(),
            call,
        )
        .await
        .expect_err("the trigger is cancelled");

    canceller.await.expect("the canceller ran");
    assert!(error.may_have_been_received(), "{error:?}");
    assert_no_secret(&format!("{error} {error:?}"));
}

#[tokio::test]
async fn a_per_trigger_idempotency_key_overrides_the_options() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::header("idempotency-key", "record-42"))
        .respond_with(answer(200, "Accepted"))
        .named("make accepts the record's key")
        .expect(1)
        .mount(&server)
        .await;
    let call = CallOptions {
        idempotency_key: Some("record-42".to_owned()),
        ..CallOptions::default()
    };

    let report = client(pinned_options())
        .trigger_with(&webhook_url(&server), "sync", &json!({"id": 42}), call)
        .await
        .expect("make answered");

    assert_eq!(report.idempotency_key.as_deref(), Some("record-42"));
}

/// Counts the 429s a client reports, with the waits they asked for.
#[derive(Default)]
struct CountingObserver(std::sync::Mutex<Vec<(Option<Duration>, u32)>>);

impl make_core::RateLimitObserver for CountingObserver {
    fn rate_limited(&self, retry_after: Option<Duration>, attempt: u32) -> Duration {
        self.0.lock().expect("lock").push((retry_after, attempt));
        Duration::from_secs(7)
    }
}

#[tokio::test]
async fn every_429_is_reported_to_the_observer_with_its_retry_after() {
    let server = MockServer::start().await;
    answer_first(
        &server,
        answer(429, "Too many requests").insert_header("retry-after", "2"),
        1,
        "rate limited with a wait",
    )
    .await;
    answer_first(&server, answer(429, "Too many requests"), 1, "rate limited").await;
    then_accept(&server).await;
    let observer = std::sync::Arc::new(CountingObserver::default());
    let (options, sleeper) = retrying_options();
    let options = TriggerOptions {
        on_rate_limited: Some(observer.clone()),
        retry: make_core::RetryPolicy {
            max_retry_wait: Duration::from_secs(60),
            ..make_core::RetryPolicy::default()
        },
        ..options
    };
    let report = client(options)
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");
    assert_eq!(report.status, TriggerStatus::Success);
    assert_eq!(
        *observer.0.lock().expect("lock"),
        [(Some(Duration::from_secs(2)), 1), (None, 2)]
    );
    // Each retry waited its turn in the observer's pace, longer than asked.
    assert_eq!(
        sleeper.waits(),
        [Duration::from_secs(7), Duration::from_secs(7)]
    );
}
