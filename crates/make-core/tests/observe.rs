//! The attempt observer: every attempt of a trigger, with Make's status,
//! the idempotency key, and the wait before the next one and its reason.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use make_core::{AttemptObserver, AttemptReport, CallOptions, TriggerStatus};
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Default)]
struct Heard(Mutex<Vec<AttemptReport>>);

impl AttemptObserver for Heard {
    fn attempt_ended(&self, attempt: &AttemptReport) {
        self.0.lock().unwrap().push(attempt.clone());
    }
}

async fn server_answering(first: ResponseTemplate, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(webhook_path()))
        .respond_with(first)
        .up_to_n_times(times)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(webhook_path()))
        .respond_with(ResponseTemplate::new(200).set_body_string("Accepted"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn each_attempt_is_told_with_its_status_key_and_the_wait_after_it() {
    let server = server_answering(
        ResponseTemplate::new(429).insert_header("retry-after", "2"),
        1,
    )
    .await;
    let (options, _sleeper) = retrying_options();
    let heard = Arc::new(Heard::default());
    let call = CallOptions {
        idempotency_key: Some("key-7".to_owned()),
        observer: Some(heard.clone()),
        ..CallOptions::default()
    };
    let report = client(options)
        .trigger_with(&webhook_url(&server), "s", &seed_payload(), call)
        .await
        .expect("make answered");
    assert_eq!(report.status, TriggerStatus::Success);

    let heard = heard.0.lock().unwrap().clone();
    assert_eq!(heard.len(), 2, "{heard:?}");
    assert_eq!(
        (
            heard[0].number,
            heard[0].status,
            heard[0].idempotency_key.as_str()
        ),
        (1, Some(429), "key-7")
    );
    let wait = heard[0].wait.as_ref().expect("a wait before the retry");
    assert_eq!(wait.duration, Duration::from_secs(2));
    assert!(wait.reason.contains("Retry-After"), "{}", wait.reason);
    assert_eq!((heard[1].number, heard[1].status), (2, Some(200)));
    assert_eq!(heard[1].wait, None, "the last attempt has no wait after it");
    assert_eq!(heard[1].outcome, "answered 200");
}

#[tokio::test]
async fn a_500_is_one_attempt_without_a_wait() {
    let server = server_answering(ResponseTemplate::new(500), 1).await;
    let (options, _sleeper) = retrying_options();
    let heard = Arc::new(Heard::default());
    let call = CallOptions {
        observer: Some(heard.clone()),
        ..CallOptions::default()
    };
    let _ = client(options)
        .trigger_with(&webhook_url(&server), "s", &seed_payload(), call)
        .await;
    let heard = heard.0.lock().unwrap().clone();
    assert_eq!(heard.len(), 1);
    assert_eq!((heard[0].status, heard[0].wait.as_ref()), (Some(500), None));
}
