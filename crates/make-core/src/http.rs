//! A generic HTTP engine for XanoScript's `api.request`: one request, a
//! timeout, no redirects, a cap on the answer kept, and no retries (Xano has
//! none). Errors name only the scheme, host and port: the path and query of an
//! API URL often carry keys.

use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::body::{body_text, read_capped};
use crate::duration::human;
use crate::error::TransportCause;

/// How much of an `api.request` answer is kept: 10 MiB.
pub const DEFAULT_HTTP_RESPONSE_CAP: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct HttpEngineOptions {
    /// Default `runner-cli/<version>`.
    pub user_agent: String,
    /// Bytes of an answer kept; the rest is not read. Default 10 MiB.
    pub max_response_bytes: usize,
}

impl Default for HttpEngineOptions {
    fn default() -> Self {
        HttpEngineOptions {
            user_agent: crate::default_user_agent(),
            max_response_bytes: DEFAULT_HTTP_RESPONSE_CAP,
        }
    }
}

/// One request, as `api.request` describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpCall {
    /// `GET`, `post`, ...: any case.
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// Sent as JSON with `Content-Type: application/json` unless a header sets another type.
    pub json_body: Option<serde_json::Value>,
    pub timeout: Duration,
}

/// The answer, whatever its status: a 4xx or 5xx is not an error here.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpReply {
    pub status: u16,
    /// In the order received; repeated names stay repeated.
    pub headers: Vec<(String, String)>,
    /// The body as text (invalid UTF-8 replaced), at most the cap.
    pub body_text: String,
    /// The body parsed, when it is JSON.
    pub body_json: Option<serde_json::Value>,
    /// The answer was longer than the cap; `body_text` is its start.
    pub truncated: bool,
}

/// Why a request got no answer. `target` is `scheme://host:port`, never the path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    #[error("invalid request: {reason}")]
    InvalidRequest { reason: String },
    #[error("could not connect to `{target}`; check the host name and your network")]
    Connect {
        target: String,
        #[source]
        cause: TransportCause,
    },
    #[error("no answer from `{target}` within {}; raise the request's timeout", human(*.after))]
    Timeout { target: String, after: Duration },
    #[error("the request to `{target}` failed")]
    Request {
        target: String,
        #[source]
        cause: TransportCause,
    },
}

/// Sends `api.request` calls. Cheap to clone; clones share connections.
#[derive(Debug, Clone)]
pub struct HttpEngine {
    http: reqwest::Client,
    options: HttpEngineOptions,
}

impl HttpEngine {
    pub fn new(options: HttpEngineOptions) -> Result<Self, TransportError> {
        let http = reqwest::Client::builder()
            .user_agent(options.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| TransportError::InvalidRequest {
                reason: format!(
                    "the HTTP client could not be built: {}",
                    error.without_url()
                ),
            })?;
        Ok(HttpEngine { http, options })
    }

    pub async fn send(&self, call: HttpCall) -> Result<HttpReply, TransportError> {
        let url = url::Url::parse(call.url.trim()).map_err(|error| invalid(format!(
            "the URL is not an absolute URL ({error}); write it with its scheme, e.g. `https://api.example.com/items`"
        )))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid(format!(
                "the URL must use http or https, not `{}`",
                url.scheme()
            )));
        }
        let target = target_of(&url);
        let secrets = secrets_of(&url);
        let method = reqwest::Method::from_bytes(call.method.trim().to_uppercase().as_bytes())
            .map_err(|_| invalid(format!("`{}` is not an HTTP method", call.method)))?;
        if call.timeout.is_zero() {
            return Err(invalid("the timeout must be longer than zero".to_owned()));
        }

        let mut request = self.http.request(method, url).timeout(call.timeout);
        let mut has_content_type = false;
        for (name, value) in &call.headers {
            let header_name = HeaderName::from_bytes(name.trim().as_bytes())
                .map_err(|_| invalid(format!("`{name}` is not a valid header name")))?;
            let header_value = HeaderValue::from_str(value.trim()).map_err(|_| {
                invalid(format!(
                    "the value of header `{name}` is not valid; use visible ASCII characters"
                ))
            })?;
            has_content_type |= header_name == reqwest::header::CONTENT_TYPE;
            request = request.header(header_name, header_value);
        }
        if let Some(body) = &call.json_body {
            if !has_content_type {
                request = request.header(reqwest::header::CONTENT_TYPE, "application/json");
            }
            request = request.body(body.to_string());
        }

        let mut response = request.send().await.map_err(|error| {
            if error.is_timeout() {
                TransportError::Timeout {
                    target: target.clone(),
                    after: call.timeout,
                }
            } else if error.is_connect() {
                TransportError::Connect {
                    target: target.clone(),
                    cause: TransportCause::from_reqwest(error, &secrets),
                }
            } else {
                TransportError::Request {
                    target: target.clone(),
                    cause: TransportCause::from_reqwest(error, &secrets),
                }
            }
        })?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = read_capped(&mut response, self.options.max_response_bytes, &secrets).await;
        if let Some(cause) = body.read_error {
            if body.bytes.is_empty() {
                return Err(TransportError::Request { target, cause });
            }
            tracing::warn!(%target, %cause, "the answer's body could not be read to its end; keeping what arrived");
        }
        let body_text = body_text(&body.bytes);
        let body_json = if body.truncated {
            None
        } else {
            serde_json::from_str(&body_text).ok()
        };
        tracing::debug!(%target, status, bytes = body.bytes.len(), truncated = body.truncated, "api request answered");
        Ok(HttpReply {
            status,
            headers,
            body_text,
            body_json,
            truncated: body.truncated,
        })
    }
}

fn invalid(reason: String) -> TransportError {
    TransportError::InvalidRequest { reason }
}

/// `https://api.example.com:8443`: what messages may show.
fn target_of(url: &url::Url) -> String {
    let mut target = format!("{}://{}", url.scheme(), url.host_str().unwrap_or(""));
    if let Some(port) = url.port() {
        target.push_str(&format!(":{port}"));
    }
    target
}

fn secrets_of(url: &url::Url) -> Vec<String> {
    let mut secrets = vec![url.as_str().to_owned()];
    let path = url.path().trim_matches('/');
    if !path.is_empty() {
        secrets.push(path.to_owned());
    }
    secrets.extend(url.query().map(str::to_owned));
    secrets.extend(url.password().map(str::to_owned));
    secrets
}
