//! [`MakeClient`]: sends a trigger to a webhook, retries what Make did not
//! accept, and reports what Make said.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use crate::attempt::{AttemptRequest, Outcome, attempt};
use crate::duration::human;
use crate::envelope::envelope;
use crate::finish::{Context, GaveUp, finish};
use crate::observe::{AttemptReport, AttemptWait, SharedObserver};
use crate::retry::RetryAfter;
use crate::{TriggerError, TriggerOptions, TriggerReport, WebhookUrl};

/// The header that carries the same key on every attempt of one trigger.
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
/// The header Make reads the webhook's API key from.
pub const API_KEY_HEADER: &str = "x-make-apikey";

/// The longest wait for a TCP and TLS connection, within the attempt's timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Triggers Make scenarios. Cheap to clone; clones share one connection pool,
/// so one client can serve many tasks at once.
#[derive(Clone, Debug)]
pub struct MakeClient {
    inner: Arc<ClientInner>,
}

#[derive(Debug)]
struct ClientInner {
    /// Built on the first trigger: it loads the system's root certificates,
    /// milliseconds that every run which never triggers Make would pay at start.
    http: OnceLock<reqwest::Client>,
    options: TriggerOptions,
}

/// What one trigger may set beyond the client's options.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// Overrides the options' key; e.g. derived from a record so a resumed
    /// batch sends the same key again.
    pub idempotency_key: Option<String>,
    /// Cancelling stops the trigger at once, during a request or a wait, with
    /// [`TriggerError::Cancelled`]. Dropping the future also cancels, silently.
    pub cancel: Option<CancellationToken>,
    /// Told of every attempt of this trigger (each chunk's, for chunks) as it ends.
    pub observer: Option<SharedObserver>,
}

impl std::fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallOptions")
            .field("idempotency_key", &self.idempotency_key)
            .field("cancel", &self.cancel)
            .field("observer", &self.observer.is_some())
            .finish()
    }
}

/// Tells a trigger's observer, if it has one, of each attempt.
struct Tell<'a> {
    observer: Option<&'a SharedObserver>,
    key: &'a str,
}

impl Tell<'_> {
    fn attempt(
        &self,
        number: u32,
        outcome: Option<&Outcome>,
        elapsed: Duration,
        paced: Option<&AttemptWait>,
        wait: Option<AttemptWait>,
    ) {
        let Some(observer) = self.observer else {
            return;
        };
        let (status, described) = match outcome {
            Some(outcome @ Outcome::Answered(answer)) => (Some(answer.status), describe(outcome)),
            Some(outcome) => (None, describe(outcome)),
            None => (None, "cancelled while under way".to_owned()),
        };
        observer.attempt_ended(&AttemptReport {
            number,
            idempotency_key: self.key.to_owned(),
            status,
            outcome: described,
            duration: elapsed,
            paced: paced.cloned(),
            wait,
        });
    }
}

/// A trigger ready to send: the same body and headers on every attempt.
struct Prepared {
    idempotency_key: String,
    body: Vec<u8>,
    headers: HeaderMap,
    secrets: Vec<String>,
}

impl MakeClient {
    pub fn new(options: TriggerOptions) -> Result<Self, TriggerError> {
        validate(&options)?;
        Ok(MakeClient {
            inner: Arc::new(ClientInner {
                http: OnceLock::new(),
                options,
            }),
        })
    }

    /// The HTTP client, built the first time a trigger needs it.
    fn http(&self) -> Result<&reqwest::Client, TriggerError> {
        if let Some(http) = self.inner.http.get() {
            return Ok(http);
        }
        let options = &self.inner.options;
        let http = reqwest::Client::builder()
            .user_agent(options.user_agent.clone())
            .timeout(options.timeout)
            // A connect that times out sent nothing, so it may be retried;
            // without its own timeout it would look like an ambiguous one.
            .connect_timeout(options.timeout.min(CONNECT_TIMEOUT))
            // Following a redirect would hand the payload to another URL.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| TriggerError::InvalidOptions {
                reason: format!(
                    "the HTTP client could not be built: {}",
                    error.without_url()
                ),
            })?;
        Ok(self.inner.http.get_or_init(|| http))
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
        self.trigger_with(url, scenario_name, payload, CallOptions::default())
            .await
    }

    /// [`MakeClient::trigger`] with a per-trigger idempotency key and a cancel signal.
    pub async fn trigger_with(
        &self,
        url: &WebhookUrl,
        scenario_name: &str,
        payload: &Value,
        call: CallOptions,
    ) -> Result<TriggerReport, TriggerError> {
        let options = &self.inner.options;
        let prepared = self.prepare(url, scenario_name, payload, call.idempotency_key)?;
        // Built before any wait for the rate limit, so that a first trigger
        // goes out when its turn comes, not a client build later.
        let http = self.http()?;
        let cancel = call.cancel.unwrap_or_default();
        let policy = &options.retry;
        tracing::debug!(
            webhook = %url,
            scenario_name,
            bytes = prepared.body.len(),
            idempotency_key = %prepared.idempotency_key,
            "triggering scenario"
        );

        let tell = Tell {
            observer: call.observer.as_ref(),
            key: &prepared.idempotency_key,
        };
        let mut attempts = 0_u32;
        let mut waited = Duration::ZERO;
        let mut earlier_ambiguous = false;
        loop {
            let mut paced_wait = None;
            if cancel.is_cancelled() {
                return Err(cancelled(url, attempts, earlier_ambiguous));
            }
            if let Some(limiter) = &options.rate_limiter {
                let paced = tokio::select! {
                    biased;
                    () = cancel.cancelled() => return Err(cancelled(url, attempts, earlier_ambiguous)),
                    waited = limiter.acquire(url.expose_secret().as_str()) => waited,
                };
                if !paced.is_zero() {
                    paced_wait = Some(AttemptWait {
                        duration: paced,
                        reason: format!("the webhook's rate limit ({})", limiter.limit()),
                    });
                    tracing::info!(
                        webhook = %url,
                        wait = %human(paced),
                        limit = %limiter.limit(),
                        "waited to keep under the webhook's rate limit"
                    );
                }
            }
            attempts += 1;
            let request = AttemptRequest {
                http,
                url: url.expose_secret(),
                headers: prepared.headers.clone(),
                body: prepared.body.clone(),
                timeout: options.timeout,
                response_cap: options.max_response_bytes,
                secrets: &prepared.secrets,
            };
            let started = std::time::Instant::now();
            let (outcome, elapsed) = tokio::select! {
                biased;
                () = cancel.cancelled() => {
                    tell.attempt(attempts, None, started.elapsed(), paced_wait.as_ref(), None);
                    return Err(cancelled(url, attempts, true));
                }
                ended = attempt(request) => ended,
            };
            tracing::info!(
                webhook = %url,
                attempt = attempts,
                outcome = %describe(&outcome),
                duration = %human(elapsed),
                "attempt ended"
            );

            let context = Context {
                scenario_name,
                redacted_url: url.redacted(),
                idempotency_key: &prepared.idempotency_key,
                timeout: options.timeout,
                attempts,
                earlier_ambiguous,
                secrets: &prepared.secrets,
            };
            // A caller that paces many triggers slows down on every 429, and
            // this trigger's retry waits its turn in that pace.
            let mut paced = Duration::ZERO;
            if let (Some(observer), Outcome::Answered(answer)) =
                (&options.on_rate_limited, &outcome)
                && answer.status == 429
            {
                paced = observer.rate_limited(self.asked_wait(&outcome), attempts);
            }
            let ambiguous = is_ambiguous(&outcome);
            let last = |outcome: &Outcome| {
                tell.attempt(attempts, Some(outcome), elapsed, paced_wait.as_ref(), None);
            };
            if !is_retryable(&outcome, policy.retry_ambiguous) {
                last(&outcome);
                return finish(outcome, context, None);
            }
            if attempts > policy.max_retries {
                last(&outcome);
                // With retries switched off there is nothing to explain.
                let gave_up = (policy.max_retries > 0).then_some(GaveUp::RetriesUsed);
                return finish(outcome, context, gave_up);
            }
            let (wait, asked) = self.wait_before_retry(&outcome, attempts);
            let wait = wait.max(paced);
            if waited.saturating_add(wait) > policy.max_retry_wait {
                last(&outcome);
                let gave_up = GaveUp::WaitTooLong {
                    wait,
                    cap: policy.max_retry_wait,
                    asked,
                };
                return finish(outcome, context, Some(gave_up));
            }
            let why = match &asked {
                Some(_) => format!("Retry-After: {}, honoured", human(wait)),
                None => format!("backoff {} before retry {attempts}", human(wait)),
            };
            tell.attempt(
                attempts,
                Some(&outcome),
                elapsed,
                paced_wait.as_ref(),
                Some(AttemptWait {
                    duration: wait,
                    reason: why.clone(),
                }),
            );
            tracing::info!(webhook = %url, attempt = attempts, wait = %human(wait), why, "retrying");
            earlier_ambiguous |= ambiguous;
            tokio::select! {
                biased;
                () = cancel.cancelled() => return Err(cancelled(url, attempts, earlier_ambiguous)),
                () = options.sleeper.sleep(wait) => {}
            }
            waited += wait;
        }
    }

    fn prepare(
        &self,
        url: &WebhookUrl,
        scenario_name: &str,
        payload: &Value,
        idempotency_key: Option<String>,
    ) -> Result<Prepared, TriggerError> {
        let options = &self.inner.options;
        let idempotency_key = idempotency_key
            .or_else(|| options.idempotency_key.clone())
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
        Ok(Prepared {
            idempotency_key,
            body,
            headers,
            secrets: self.secrets(url),
        })
    }

    /// The wait before the next attempt, and the `Retry-After` text when
    /// Make asked for it. A `Retry-After` is honoured as given, without jitter.
    fn wait_before_retry(&self, outcome: &Outcome, attempts: u32) -> (Duration, Option<String>) {
        let options = &self.inner.options;
        match retry_after_of(outcome) {
            Some(retry_after) => {
                let now = SystemTime::from(options.clock.now());
                (retry_after.wait_from(now), Some(retry_after.to_string()))
            }
            None => {
                let backoff = options.retry.backoff(attempts);
                (options.jitter.apply(backoff).min(backoff), None)
            }
        }
    }

    /// The wait a `Retry-After` of this outcome asks for, from now.
    fn asked_wait(&self, outcome: &Outcome) -> Option<Duration> {
        let now = SystemTime::from(self.inner.options.clock.now());
        retry_after_of(outcome).map(|retry_after| retry_after.wait_from(now))
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
        let mut secrets = vec![url.expose_secret().as_str().to_owned()];
        secrets.extend(url.secret_fragments());
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

/// Make did not take the request: retrying cannot run the scenario twice.
fn is_retryable(outcome: &Outcome, retry_ambiguous: bool) -> bool {
    match outcome {
        Outcome::Answered(answer) => matches!(answer.status, 429 | 502 | 503 | 504),
        Outcome::NotSent(_) | Outcome::TimedOut { sent: false } => true,
        Outcome::TimedOut { sent: true } | Outcome::Failed(_) => retry_ambiguous,
    }
}

/// The request may have reached Make although no answer came back.
fn is_ambiguous(outcome: &Outcome) -> bool {
    matches!(
        outcome,
        Outcome::TimedOut { sent: true } | Outcome::Failed(_)
    )
}

fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Answered(answer) => {
            let make_status = answer
                .headers
                .get("make-actual-status")
                .and_then(|value| value.to_str().ok());
            match make_status {
                Some(make_status) if make_status != answer.status.to_string() => format!(
                    "answered {} (Make-Actual-Status: {make_status})",
                    answer.status
                ),
                _ => format!("answered {}", answer.status),
            }
        }
        Outcome::NotSent(cause) => format!("could not connect: {cause}"),
        Outcome::TimedOut { sent: false } => "timed out while connecting".to_owned(),
        Outcome::TimedOut { sent: true } => "timed out waiting for the answer".to_owned(),
        Outcome::Failed(cause) => format!("failed after sending: {cause}"),
    }
}

/// The `Retry-After` of an answer, when it has one that can be read.
fn retry_after_of(outcome: &Outcome) -> Option<RetryAfter> {
    match outcome {
        Outcome::Answered(answer) => answer
            .headers
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(RetryAfter::parse),
        _ => None,
    }
}

fn cancelled(url: &WebhookUrl, attempts: u32, may_have_been_received: bool) -> TriggerError {
    TriggerError::Cancelled {
        url: url.redacted(),
        attempts,
        may_have_been_received,
    }
}
