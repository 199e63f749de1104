//! Shared test helpers: a webhook URL on a local mock server, clients with a
//! pinned clock, and checks that no secret leaks.

#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use make_core::{
    FixedClock, MakeClient, NoJitter, RecordingSleeper, RetryPolicy, TriggerOptions, WebhookUrl,
};
use serde_json::{Value, json};
use wiremock::MockServer;

/// A token shaped like Make's: 32 lowercase letters and digits.
pub const TOKEN: &str = "k3xq9abcd7efgh2ijkl5mnop8qrsx7k2";
pub const API_KEY: &str = "secret-api-key-do-not-print";
pub const IDEMPOTENCY_KEY: &str = "test-idempotency-key";
pub const TRIGGERED_AT: &str = "2026-11-29T23:15:04.123Z";

pub fn webhook_path() -> String {
    format!("/{TOKEN}")
}

pub fn webhook_url(server: &MockServer) -> WebhookUrl {
    WebhookUrl::parse(&format!("{}/{TOKEN}", server.uri())).expect("the mock server's URL is valid")
}

/// Options with a pinned clock and idempotency key, so bodies are exact,
/// and no retries.
pub fn pinned_options() -> TriggerOptions {
    TriggerOptions {
        retry: RetryPolicy::none(),
        clock: std::sync::Arc::new(FixedClock(TRIGGERED_AT.parse().expect("a valid timestamp"))),
        idempotency_key: Some(IDEMPOTENCY_KEY.to_owned()),
        timeout: Duration::from_secs(5),
        ..TriggerOptions::default()
    }
}

/// Pinned options that retry like the defaults but never sleep: the waits
/// asked for are recorded by the returned sleeper.
pub fn retrying_options() -> (TriggerOptions, RecordingSleeper) {
    let sleeper = RecordingSleeper::new();
    let options = TriggerOptions {
        retry: RetryPolicy::default(),
        sleeper: std::sync::Arc::new(sleeper.clone()),
        jitter: std::sync::Arc::new(NoJitter),
        ..pinned_options()
    };
    (options, sleeper)
}

pub fn client(options: TriggerOptions) -> MakeClient {
    MakeClient::new(options).expect("the test options are valid")
}

pub fn seed_payload() -> Value {
    json!({
        "event": "user_signup",
        "user_id": 12345,
        "email": "user@example.com",
        "plan": "premium",
        "timestamp": "2024-01-15T10:30:00Z"
    })
}

/// Panics when `text` holds the token, the whole URL's path or the API key.
pub fn assert_no_secret(text: &str) {
    for secret in [TOKEN, API_KEY, &TOKEN[..16], &TOKEN[TOKEN.len() - 16..]] {
        assert!(
            !text.contains(secret),
            "secret `{secret}` leaked in: {text}"
        );
    }
}

/// A port on 127.0.0.1 where nothing listens.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("a bound address").port()
}

/// The error's text with the mock server's port replaced, for snapshots.
pub fn without_port(text: &str, server_port: u16) -> String {
    text.replace(&server_port.to_string(), "[port]")
}
