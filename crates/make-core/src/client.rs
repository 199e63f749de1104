//! [`MakeClient`]: sends a trigger to a webhook and reports what Make said.

use std::sync::Arc;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use crate::attempt::{Answer, AttemptRequest, Outcome, attempt};
use crate::body::{body_text, body_value};
use crate::classify::classify;
use crate::duration::human;
use crate::envelope::envelope;
use crate::{TriggerError, TriggerOptions, TriggerReport, WebhookUrl};

/// The header that carries the same key on every attempt of one trigger.
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
/// The header Make reads the webhook's API key from.
pub const API_KEY_HEADER: &str = "x-make-apikey";

/// Triggers Make scenarios. Cheap to clone; clones share one connection pool,
/// so one client can serve many tasks at once.
#[derive(Clone, Debug)]
pub struct MakeClient {
    inner: Arc<ClientInner>,
}

#[derive(Debug)]
struct ClientInner {
    http: reqwest::Client,
    options: TriggerOptions,
}

impl MakeClient {
    pub fn new(options: TriggerOptions) -> Result<Self, TriggerError> {
        validate(&options)?;
        let http = reqwest::Client::builder()
            .user_agent(options.user_agent.clone())
            .timeout(options.timeout)
            // Following a redirect would hand the payload to another URL.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| TriggerError::InvalidOptions {
                reason: format!(
                    "the HTTP client could not be built: {}",
                    error.without_url()
                ),
            })?;
        Ok(MakeClient {
            inner: Arc::new(ClientInner { http, options }),
        })
    }

    pub fn options(&self) -> &TriggerOptions {
        &self.inner.options
    }

    /// POSTs the envelope of `payload` to `url` and classifies Make's answer.
    /// Any answer, even 4xx or 5xx, is a report; only a missing answer is an error.
    pub async fn trigger(
        &self,
        url: &WebhookUrl,
        scenario_name: &str,
        payload: &Value,
    ) -> Result<TriggerReport, TriggerError> {
        let options = &self.inner.options;
        let idempotency_key = options
            .idempotency_key
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let triggered_at = options.clock.now();
        let body = serde_json::to_vec(&envelope(scenario_name, triggered_at, payload)).map_err(
            |error| TriggerError::InvalidPayload {
                reason: error.to_string(),
            },
        )?;
        if body.len() > options.max_payload_bytes {
            return Err(TriggerError::PayloadTooLarge {
                size: body.len(),
                limit: options.max_payload_bytes,
            });
        }
        let headers = self.request_headers(&idempotency_key)?;
        let secrets = self.secrets(url);

        tracing::debug!(webhook = %url, scenario_name, bytes = body.len(), "triggering scenario");
        let attempts = 1;
        let (outcome, elapsed) = attempt(AttemptRequest {
            http: &self.inner.http,
            url: url.expose_secret(),
            headers,
            body,
            timeout: options.timeout,
            response_cap: options.max_response_bytes,
            secrets: &secrets,
        })
        .await;
        let redacted = url.redacted();
        match outcome {
            Outcome::Answered(answer) => {
                tracing::debug!(
                    webhook = %url,
                    attempt = attempts,
                    status = answer.status,
                    make_actual_status = ?header_text(&answer.headers, "make-actual-status"),
                    duration = %human(elapsed),
                    "make answered"
                );
                Ok(report(
                    answer,
                    scenario_name,
                    attempts,
                    idempotency_key,
                    &secrets,
                ))
            }
            Outcome::NotSent(cause) => {
                tracing::debug!(webhook = %url, attempt = attempts, %cause, "could not connect");
                Err(TriggerError::Connect {
                    url: redacted,
                    attempts,
                    cause,
                })
            }
            Outcome::TimedOut { sent } => {
                tracing::debug!(webhook = %url, attempt = attempts, duration = %human(elapsed), "timed out");
                Err(TriggerError::Timeout {
                    url: redacted,
                    after: options.timeout,
                    attempts,
                    may_have_been_received: sent,
                })
            }
            Outcome::Failed(cause) => {
                tracing::debug!(webhook = %url, attempt = attempts, %cause, "request failed");
                Err(TriggerError::Request {
                    url: redacted,
                    attempts,
                    cause,
                })
            }
        }
    }

    fn request_headers(&self, idempotency_key: &str) -> Result<HeaderMap, TriggerError> {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let key = HeaderValue::from_str(idempotency_key).map_err(|_| {
            TriggerError::InvalidOptions {
                reason: format!(
                    "the idempotency key `{idempotency_key}` is not a valid header value; use visible ASCII characters"
                ),
            }
        })?;
        headers.insert(HeaderName::from_static(IDEMPOTENCY_KEY_HEADER), key);
        if let Some(api_key) = &self.inner.options.api_key {
            let mut value = HeaderValue::from_str(api_key.expose_secret()).map_err(|_| {
                TriggerError::InvalidOptions {
                    reason: "the API key is not a valid header value; use ASCII characters only"
                        .to_owned(),
                }
            })?;
            value.set_sensitive(true);
            headers.insert(HeaderName::from_static(API_KEY_HEADER), value);
        }
        Ok(headers)
    }

    /// Text that must never appear in a message: the URL's secret parts and the API key.
    fn secrets(&self, url: &WebhookUrl) -> Vec<String> {
        let mut secrets = url.secret_fragments();
        secrets.push(url.expose_secret().as_str().to_owned());
        if let Some(api_key) = &self.inner.options.api_key {
            secrets.push(api_key.expose_secret().to_owned());
        }
        secrets
    }
}

fn validate(options: &TriggerOptions) -> Result<(), TriggerError> {
    let invalid = |reason: &str| {
        Err(TriggerError::InvalidOptions {
            reason: reason.to_owned(),
        })
    };
    if options.timeout.is_zero() {
        return invalid("the timeout must be longer than zero");
    }
    if HeaderValue::from_str(&options.user_agent).is_err() {
        return invalid("the user agent must be visible ASCII text");
    }
    if options.max_response_bytes == 0 {
        return invalid("the response cap must be at least one byte");
    }
    Ok(())
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

fn report(
    answer: Answer,
    scenario_name: &str,
    attempts: u32,
    idempotency_key: String,
    secrets: &[String],
) -> TriggerReport {
    if let Some(cause) = &answer.body.read_error {
        tracing::warn!(%cause, "the answer's body could not be read to its end; keeping what arrived");
    }
    let text = body_text(&answer.body.bytes);
    let (status, message) = classify(answer.status, &text);
    TriggerReport {
        status,
        message: crate::secret::scrub(&message, secrets),
        scenario_name: scenario_name.to_owned(),
        http_status: answer.status,
        response_body: body_value(&answer.body.bytes, answer.content_type()),
        response_truncated: answer.body.truncated,
        attempts,
        idempotency_key: Some(idempotency_key),
    }
}
