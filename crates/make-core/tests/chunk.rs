//! Arrays in chunks against a local server: how many requests, what each
//! holds, the keys they carry, and where a refused chunk stops the rest.

mod support;

use make_core::{CallOptions, TriggerError, TriggerOptions, TriggerStatus};
use serde_json::{Value, json};
use support::*;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn records(count: usize) -> Vec<Value> {
    (0..count).map(|id| json!({"id": id})).collect()
}

fn accepted() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "text/plain; charset=utf-8")
        .set_body_string("Accepted")
}

fn call_with_key(key: &str) -> CallOptions {
    CallOptions {
        idempotency_key: Some(key.to_owned()),
        cancel: None,
        observer: None,
    }
}

#[tokio::test]
async fn an_array_goes_in_chunks_of_at_most_chunk_size_each_with_its_own_key() {
    let server = MockServer::start().await;
    for (number, expected) in [(1, 100_u64), (2, 100), (3, 50)] {
        Mock::given(method("POST"))
            .and(path(webhook_path()))
            .and(header(
                "idempotency-key",
                format!("batch-7-chunk-{number}").as_str(),
            ))
            .respond_with(accepted())
            .named(format!("chunk {number} of {expected} records"))
            .expect(1)
            .mount(&server)
            .await;
    }

    let report = client(pinned_options())
        .trigger_chunks(
            &webhook_url(&server),
            "sync",
            &records(250),
            100,
            call_with_key("batch-7"),
        )
        .await
        .expect("make answered");

    assert_eq!(report.status, TriggerStatus::Success);
    assert_eq!(report.attempts, 3);
    assert_eq!(report.idempotency_key.as_deref(), Some("batch-7"));
    let sizes: Vec<usize> = server
        .received_requests()
        .await
        .expect("recording")
        .iter()
        .map(|request| {
            let body: Value = serde_json::from_slice(&request.body).expect("json");
            body["data"].as_array().expect("an array").len()
        })
        .collect();
    assert_eq!(sizes, [100, 100, 50]);
    insta::assert_json_snapshot!(report);
}

#[tokio::test]
async fn chunks_stay_under_the_payload_limit_whatever_the_chunk_size() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(accepted())
        .named("two chunks of four 218-byte records")
        .expect(2)
        .mount(&server)
        .await;
    let options = TriggerOptions {
        max_payload_bytes: 1_000,
        ..pinned_options()
    };
    let records: Vec<Value> = (0..8)
        .map(|id| json!({"id": id, "note": "x".repeat(200)}))
        .collect();

    let report = client(options)
        .trigger_chunks(
            &webhook_url(&server),
            "sync",
            &records,
            100,
            CallOptions::default(),
        )
        .await
        .expect("make answered");

    assert_eq!(report.status, TriggerStatus::Success);
    for request in server.received_requests().await.expect("recording") {
        assert!(request.body.len() <= 1_000, "{} bytes", request.body.len());
    }
}

#[tokio::test]
async fn a_refused_chunk_stops_the_ones_after_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("idempotency-key", "k-chunk-1"))
        .respond_with(accepted())
        .named("chunk 1 accepted")
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header("idempotency-key", "k-chunk-2"))
        .respond_with(
            ResponseTemplate::new(410)
                .set_body_string("There is no scenario listening for this webhook."),
        )
        .named("chunk 2 gone")
        .expect(1)
        .mount(&server)
        .await;

    let report = client(pinned_options())
        .trigger_chunks(
            &webhook_url(&server),
            "sync",
            &records(30),
            10,
            call_with_key("k"),
        )
        .await
        .expect("make answered");

    assert_eq!(report.status, TriggerStatus::Error);
    assert_eq!(report.http_status, 410);
    assert!(
        report.message.starts_with("chunk 2 of 3 was not accepted"),
        "{}",
        report.message
    );
    assert_eq!(report.response_body.as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn a_record_too_large_to_send_alone_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(accepted())
        .named("nothing sent")
        .expect(0)
        .mount(&server)
        .await;
    let options = TriggerOptions {
        max_payload_bytes: 500,
        ..pinned_options()
    };
    let records = vec![json!({"id": 1}), json!({"note": "x".repeat(600)})];

    let error = client(options)
        .trigger_chunks(
            &webhook_url(&server),
            "sync",
            &records,
            10,
            CallOptions::default(),
        )
        .await
        .expect_err("too large");

    assert!(
        matches!(error, TriggerError::InvalidPayload { .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("record 1 of the payload is 611 bytes"),
        "{error}"
    );
}
