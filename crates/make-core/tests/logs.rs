//! Logs at the most verbose level, from this crate and the HTTP stack under
//! it, never show the webhook token or the API key.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use make_core::{ApiKey, TriggerOptions};
use support::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Collects everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        let bytes = self.0.lock().map(|bytes| bytes.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut bytes) = self.0.lock() {
            bytes.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn trace_logs_of_every_kind_of_trigger_hide_the_token_and_api_key() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_string("Too many requests"),
        )
        .up_to_n_times(1)
        .named("rate limited once")
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("Accepted"))
        .up_to_n_times(1)
        .named("accepted")
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .named("slow")
        .expect(1)
        .mount(&server)
        .await;
    let (options, _) = retrying_options();
    let client = client(TriggerOptions {
        api_key: Some(ApiKey::new(API_KEY)),
        timeout: Duration::from_millis(200),
        ..options
    });
    let refused =
        make_core::WebhookUrl::parse(&format!("http://127.0.0.1:{}/{TOKEN}", closed_port()))
            .expect("a valid URL");

    let accepted = client
        .trigger(&webhook_url(&server), "logs", &seed_payload())
        .await;
    let timed_out = client
        .trigger(&webhook_url(&server), "logs", &seed_payload())
        .await;
    let not_connected = client.trigger(&refused, "logs", &seed_payload()).await;

    assert!(accepted.is_ok() && timed_out.is_err() && not_connected.is_err());
    let logs = captured.text();
    assert!(
        logs.contains("…x7k2"),
        "the redacted URL is logged:\n{logs}"
    );
    assert!(logs.contains("Retry-After: 1 s, honoured"), "{logs}");
    assert_no_secret(&logs);
}
