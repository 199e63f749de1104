//! One trigger against a local server that answers like Make: the request
//! sent, and the report or error made of each kind of answer.

mod support;

use std::time::Duration;

use make_core::{TriggerError, TriggerOptions, TriggerStatus};
use serde_json::json;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(template: ResponseTemplate, name: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(webhook_path()))
        .respond_with(template)
        .named(name)
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn make_text(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "text/plain; charset=utf-8")
        .insert_header("make-actual-status", status.to_string().as_str())
        .set_body_string(body)
}

#[tokio::test]
async fn trigger_reports_success_when_make_answers_200_accepted() {
    let server = server_answering(make_text(200, "Accepted"), "make accepts").await;

    let report = client(pinned_options())
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(report.status, TriggerStatus::Success);
    insta::assert_json_snapshot!(report);
}

#[tokio::test]
async fn trigger_sends_the_envelope_as_json_with_its_headers() {
    let server = server_answering(make_text(200, "Accepted"), "make accepts").await;

    client(pinned_options())
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    let [request] = requests.as_slice() else {
        panic!("expected exactly one request, got {}", requests.len());
    };
    let body: serde_json::Value = serde_json::from_slice(&request.body).expect("the body is JSON");
    assert_eq!(
        body,
        json!({
            "scenario_name": "xano-data-sync",
            "triggered_at": TRIGGERED_AT,
            "data": seed_payload(),
        })
    );
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    assert_eq!(
        header("user-agent"),
        Some(format!("runner-cli/{}", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(header("idempotency-key").as_deref(), Some(IDEMPOTENCY_KEY));
    assert_eq!(header("x-make-apikey"), None);
}

#[tokio::test]
async fn trigger_parses_a_json_answer_from_a_webhook_response_module() {
    let answer = ResponseTemplate::new(200).set_body_json(json!({"synced": 3, "ok": true}));
    let server = server_answering(answer, "scenario answers json").await;

    let report = client(pinned_options())
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(report.response_body, json!({"synced": 3, "ok": true}));
    insta::assert_json_snapshot!(report);
}

#[tokio::test]
async fn trigger_reports_rate_limited_when_make_answers_429() {
    let server = server_answering(make_text(429, "Too many requests"), "make rate limits").await;

    let report = client(pinned_options())
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(report.status, TriggerStatus::RateLimited);
    insta::assert_json_snapshot!(report);
}

#[tokio::test]
async fn trigger_explains_410_as_no_scenario_listening() {
    let body = "There is no scenario listening for this webhook.";
    let server = server_answering(make_text(410, body), "no scenario listens").await;

    let report = client(pinned_options())
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(report.status, TriggerStatus::Error);
    insta::assert_json_snapshot!(report);
}

#[tokio::test]
async fn trigger_explains_400_queue_is_full() {
    let server = server_answering(make_text(400, "Queue is full."), "queue is full").await;

    let report = client(pinned_options())
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(report.status, TriggerStatus::Error);
    insta::assert_json_snapshot!(report);
}

#[tokio::test]
async fn trigger_explains_500_as_a_scenario_that_ran_and_failed() {
    let server = server_answering(
        make_text(500, "Scenario failed to complete."),
        "scenario fails",
    )
    .await;

    let report = client(pinned_options())
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(report.status, TriggerStatus::Error);
    insta::assert_json_snapshot!(report);
}

#[tokio::test]
async fn trigger_reports_null_body_when_make_answers_with_no_body() {
    let server = server_answering(ResponseTemplate::new(204), "empty answer").await;

    let report = client(pinned_options())
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(report.status, TriggerStatus::Success);
    assert_eq!(report.response_body, serde_json::Value::Null);
}

#[tokio::test]
async fn trigger_draws_a_fresh_uuid_idempotency_key_when_none_is_set() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(make_text(200, "Accepted"))
        .named("make accepts twice")
        .expect(2)
        .mount(&server)
        .await;
    let client = client(TriggerOptions::default());

    let first = client
        .trigger(&webhook_url(&server), "a", &json!({}))
        .await
        .expect("make answered");
    let second = client
        .trigger(&webhook_url(&server), "a", &json!({}))
        .await
        .expect("make answered");

    let first_key = first.idempotency_key.expect("a key is reported");
    let second_key = second.idempotency_key.expect("a key is reported");
    assert_ne!(first_key, second_key);
    let parsed = uuid::Uuid::parse_str(&first_key).expect("the key is a UUID");
    assert_eq!(parsed.get_version_num(), 4);
}

#[tokio::test]
async fn trigger_times_out_when_make_answers_too_slowly() {
    let server = server_answering(
        make_text(200, "Accepted").set_delay(Duration::from_secs(2)),
        "make is slow",
    )
    .await;
    let options = TriggerOptions {
        timeout: Duration::from_millis(200),
        ..pinned_options()
    };

    let error = client(options)
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect_err("the answer comes after the timeout");

    assert!(
        matches!(
            error,
            TriggerError::Timeout {
                after,
                attempts: 1,
                may_have_been_received: true,
                ..
            } if after == Duration::from_millis(200)
        ),
        "{error:?}"
    );
    assert_no_secret(&format!("{error} {error:?}"));
    insta::assert_snapshot!(without_port(&error.to_string(), server.address().port()));
}

#[tokio::test]
async fn trigger_reports_a_refused_connection_as_a_connect_error() {
    let port = closed_port();
    let url = make_core::WebhookUrl::parse(&format!("http://127.0.0.1:{port}/{TOKEN}"))
        .expect("a valid URL");

    let error = client(pinned_options())
        .trigger(&url, "xano-data-sync", &seed_payload())
        .await
        .expect_err("nothing listens on the port");

    assert!(
        matches!(error, TriggerError::Connect { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(!error.may_have_been_received());
    let chain = error_chain(&error);
    assert_no_secret(&format!("{chain} {error:?}"));
    insta::assert_snapshot!(without_port(&error.to_string(), port));
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str("\ncaused by: ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[tokio::test]
async fn trigger_sends_the_api_key_header_without_ever_showing_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::header("x-make-apikey", API_KEY))
        .respond_with(make_text(200, "Accepted"))
        .named("make checks the api key")
        .expect(1)
        .mount(&server)
        .await;
    let options = TriggerOptions {
        api_key: Some(make_core::ApiKey::new(API_KEY)),
        ..pinned_options()
    };
    let client = client(options);

    let report = client
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(report.status, TriggerStatus::Success);
    assert_no_secret(&format!("{client:?} {report:?}"));
}
