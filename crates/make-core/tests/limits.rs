//! Safety limits: redirects are not followed, oversize payloads are refused
//! before sending, and huge answers are kept only in part.

mod support;

use make_core::{MAKE_PAYLOAD_LIMIT, TriggerError, TriggerStatus};
use serde_json::json;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn trigger_does_not_follow_a_302_and_reports_it_as_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(webhook_path()))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/elsewhere"))
        .named("make redirects")
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/elsewhere"))
        .respond_with(ResponseTemplate::new(200))
        .named("redirect target")
        .expect(0)
        .mount(&server)
        .await;

    let report = client(pinned_options())
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert_eq!(
        (report.status, report.http_status),
        (TriggerStatus::Error, 302)
    );
    insta::assert_json_snapshot!(report);
}

#[tokio::test]
async fn trigger_refuses_a_payload_over_five_megabytes_without_sending_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .named("nothing may arrive")
        .expect(0)
        .mount(&server)
        .await;
    let payload = json!({ "blob": "x".repeat(MAKE_PAYLOAD_LIMIT) });

    let error = client(pinned_options())
        .trigger(&webhook_url(&server), "xano-data-sync", &payload)
        .await
        .expect_err("the payload is too large");

    let TriggerError::PayloadTooLarge { size, limit } = error else {
        panic!("expected PayloadTooLarge, got {error:?}");
    };
    assert_eq!(limit, MAKE_PAYLOAD_LIMIT);
    assert!(size > MAKE_PAYLOAD_LIMIT);
    assert_eq!(error.attempts(), 0);
    insta::assert_snapshot!(error.to_string(), @"the payload is 5242975 bytes, over Make's limit of 5242880 bytes; send fewer or smaller records per trigger");
}

#[tokio::test]
async fn trigger_keeps_only_the_first_64_kib_of_a_12_mib_answer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/plain")
                .set_body_string("a".repeat(12 * 1024 * 1024)),
        )
        .named("scenario answers 12 MiB")
        .expect(1)
        .mount(&server)
        .await;

    let report = client(pinned_options())
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    assert!(report.response_truncated);
    let body = report.response_body.as_str().expect("the body is text");
    assert_eq!(body.len(), 64 * 1024);
    let shown = serde_json::to_value(&report).expect("the report serializes");
    assert_eq!(shown["response_truncated"], json!(true));
}

#[tokio::test]
async fn a_complete_answer_does_not_mention_truncation() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("Accepted"))
        .named("make accepts")
        .expect(1)
        .mount(&server)
        .await;

    let report = client(pinned_options())
        .trigger(&webhook_url(&server), "xano-data-sync", &seed_payload())
        .await
        .expect("make answered");

    let shown = serde_json::to_value(&report).expect("the report serializes");
    assert!(shown.get("response_truncated").is_none());
}
