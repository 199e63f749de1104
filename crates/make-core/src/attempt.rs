//! One HTTP attempt of a trigger, and what it tells about whether Make got it.

use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, HeaderMap};

use crate::body::{CappedBody, read_capped};
use crate::error::TransportCause;

/// Everything one attempt needs.
pub(crate) struct AttemptRequest<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) url: &'a url::Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) timeout: Duration,
    pub(crate) response_cap: usize,
    pub(crate) secrets: &'a [String],
}

/// Make's answer to one attempt.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: CappedBody,
}

impl Answer {
    pub(crate) fn content_type(&self) -> Option<&str> {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }
}

/// How an attempt ended.
#[derive(Debug)]
pub(crate) enum Outcome {
    Answered(Answer),
    /// The connection failed: nothing was sent.
    NotSent(TransportCause),
    /// No answer within the timeout; `sent` says whether the connection was up.
    TimedOut {
        sent: bool,
    },
    /// The request failed after the connection was made: Make may have it.
    Failed(TransportCause),
}

pub(crate) async fn attempt(request: AttemptRequest<'_>) -> (Outcome, Duration) {
    let started = Instant::now();
    let sent = request
        .http
        .post(request.url.clone())
        .headers(request.headers)
        .timeout(request.timeout)
        .body(request.body)
        .send()
        .await;
    let outcome = match sent {
        Ok(mut response) => {
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = read_capped(&mut response, request.response_cap, request.secrets).await;
            Outcome::Answered(Answer {
                status,
                headers,
                body,
            })
        }
        Err(error) if error.is_timeout() => Outcome::TimedOut {
            sent: !error.is_connect(),
        },
        Err(error) if error.is_connect() => {
            Outcome::NotSent(TransportCause::from_reqwest(error, request.secrets))
        }
        Err(error) => Outcome::Failed(TransportCause::from_reqwest(error, request.secrets)),
    };
    (outcome, started.elapsed())
}
