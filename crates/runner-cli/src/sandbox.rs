//! An embedded stand-in for a Make custom webhook, on 127.0.0.1, so a
//! newcomer can run the Make job without an account and see exactly what
//! Make would receive. By default it answers as Make does when a scenario is
//! listening: 200, `text/plain; charset=utf-8`, `Accepted`. A [`Plan`] makes it
//! answer like Make in trouble, to rehearse rate limits and errors.

use std::convert::Infallible;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::redact::Redactor;

/// Make refuses bodies over 5 MB; the sandbox keeps no more than that of one request.
const MAX_RECORDED_BODY: usize = 5 * 1024 * 1024;

/// One request the sandbox received.
#[derive(Debug, Clone)]
pub(crate) struct ReceivedRequest {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
}

type Log = Arc<Mutex<Vec<ReceivedRequest>>>;

/// How the sandbox answers, written `--sandbox MODE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    /// `accept`: 200 `Accepted`, every time.
    Accept,
    /// `rate-limited[:N][:retry-after=S]`: 429 for the first N requests (default 1), then 200.
    RateLimited {
        times: u32,
        retry_after: Option<u32>,
    },
    /// `unavailable[:N]`: 503 for the first N requests (default 1), then 200.
    Unavailable { times: u32 },
    /// `gone`: 410, no scenario listening.
    Gone,
    /// `queue-full`: 400 `Queue is full.`
    QueueFull,
    /// `scenario-failed`: 500 `Scenario failed to complete.`
    ScenarioFailed,
    /// `slow[:SECONDS]`: waits (default 35 s, past the default timeout), then 200.
    Slow { delay: Duration },
}

pub(crate) const PLAN_HELP: &str = "accept, rate-limited[:N][:retry-after=S], unavailable[:N], gone, queue-full, scenario-failed, slow[:SECONDS]";

impl FromStr for Plan {
    type Err = String;

    fn from_str(text: &str) -> Result<Plan, String> {
        let mut parts = text.split(':');
        let mode = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        let count = |rest: &[&str]| -> Result<u32, String> {
            match rest.iter().find(|part| !part.contains('=')) {
                None => Ok(1),
                Some(n) => n
                    .parse()
                    .map_err(|_| format!("`{n}` is not a count in `{text}`")),
            }
        };
        let plan = match mode {
            "accept" => Plan::Accept,
            "rate-limited" => {
                let retry_after = rest
                    .iter()
                    .find_map(|part| part.strip_prefix("retry-after="))
                    .map(|seconds| {
                        seconds
                            .parse()
                            .map_err(|_| format!("`{seconds}` is not a number of seconds"))
                    })
                    .transpose()?;
                Plan::RateLimited {
                    times: count(&rest)?,
                    retry_after,
                }
            }
            "unavailable" => Plan::Unavailable {
                times: count(&rest)?,
            },
            "gone" => Plan::Gone,
            "queue-full" => Plan::QueueFull,
            "scenario-failed" => Plan::ScenarioFailed,
            "slow" => {
                let seconds: f64 = match rest.first() {
                    None => 35.0,
                    Some(seconds) => seconds
                        .trim_end_matches('s')
                        .parse()
                        .map_err(|_| format!("`{seconds}` is not a number of seconds"))?,
                };
                Plan::Slow {
                    delay: Duration::from_secs_f64(seconds.max(0.0)),
                }
            }
            other => {
                return Err(format!(
                    "unknown sandbox mode `{other}`; modes: {PLAN_HELP}"
                ));
            }
        };
        Ok(plan)
    }
}

/// One canned answer: status, body, and optional extra header.
struct Answer {
    status: u16,
    body: &'static str,
    retry_after: Option<u32>,
    delay: Duration,
}

impl Plan {
    /// The answer to the request numbered `index` (0-based).
    fn answer(&self, index: u32) -> Answer {
        let accepted = Answer {
            status: 200,
            body: "Accepted",
            retry_after: None,
            delay: Duration::ZERO,
        };
        match self {
            Plan::Accept => accepted,
            Plan::RateLimited { times, retry_after } if index < *times => Answer {
                status: 429,
                body: "Too many requests",
                retry_after: *retry_after,
                ..accepted
            },
            Plan::Unavailable { times } if index < *times => Answer {
                status: 503,
                body: "Service Unavailable",
                ..accepted
            },
            Plan::RateLimited { .. } | Plan::Unavailable { .. } => accepted,
            Plan::Gone => Answer {
                status: 410,
                body: "There is no scenario listening for this webhook.",
                ..accepted
            },
            Plan::QueueFull => Answer {
                status: 400,
                body: "Queue is full.",
                ..accepted
            },
            Plan::ScenarioFailed => Answer {
                status: 500,
                body: "Scenario failed to complete.",
                ..accepted
            },
            Plan::Slow { delay } => Answer {
                delay: *delay,
                ..accepted
            },
        }
    }
}

pub(crate) struct Sandbox {
    webhook_url: String,
    received: Log,
    shutdown: oneshot::Sender<()>,
    server: JoinHandle<()>,
}

impl Sandbox {
    pub(crate) async fn start(plan: Plan) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let address = listener.local_addr()?;
        // A fresh token each run, shaped like Make's (32 lowercase letters and digits).
        let token = uuid::Uuid::new_v4().simple().to_string();
        let webhook_url = format!("http://{address}/{token}");
        let received: Log = Arc::default();
        let (shutdown, mut stop) = oneshot::channel();
        let log = Arc::clone(&received);
        let plan = Arc::new(plan);
        let server = tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    _ = &mut stop => break,
                    accepted = listener.accept() => accepted,
                };
                let Ok((stream, _)) = accepted else { continue };
                let log = Arc::clone(&log);
                let plan = Arc::clone(&plan);
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        answer(request, Arc::clone(&log), Arc::clone(&plan))
                    });
                    let connection =
                        http1::Builder::new().serve_connection(TokioIo::new(stream), service);
                    if let Err(error) = connection.await {
                        tracing::debug!("sandbox connection ended: {error}");
                    }
                });
            }
        });
        tracing::debug!("sandbox webhook listening on {address}");
        Ok(Sandbox {
            webhook_url,
            received,
            shutdown,
            server,
        })
    }

    pub(crate) fn webhook_url(&self) -> &str {
        &self.webhook_url
    }

    /// Stops listening and returns what was received, in order.
    pub(crate) async fn stop(self) -> Vec<ReceivedRequest> {
        let _ = self.shutdown.send(());
        let _ = self.server.await;
        let received = self.received.lock().unwrap_or_else(|p| p.into_inner());
        received.clone()
    }
}

async fn answer(
    request: Request<Incoming>,
    log: Log,
    plan: Arc<Plan>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = match request.into_body().collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let body = body.slice(..body.len().min(MAX_RECORDED_BODY));
    let index = {
        let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
        log.push(ReceivedRequest {
            method,
            path,
            headers,
            body,
        });
        u32::try_from(log.len() - 1).unwrap_or(u32::MAX)
    };
    let answer = plan.answer(index);
    if !answer.delay.is_zero() {
        tokio::time::sleep(answer.delay).await;
    }
    let mut response = Response::builder()
        .status(answer.status)
        .header("content-type", "text/plain; charset=utf-8")
        .header("make-actual-status", answer.status.to_string());
    if let Some(seconds) = answer.retry_after {
        response = response.header("retry-after", seconds.to_string());
    }
    let body = Full::new(Bytes::from_static(answer.body.as_bytes()));
    Ok(response
        .body(body)
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::from_static(b"Accepted")))))
}

/// What the sandbox received, for stderr. The path is the webhook token, so
/// it is shown only by its last 4 characters, as Make's own UI would.
/// Header values and the body are redacted as values first, so a secret
/// too short for the text scrubber (a 3-character API key) is hidden too.
pub(crate) fn describe(requests: &[ReceivedRequest], redactor: &Redactor) -> String {
    let mut out = String::new();
    let count = requests.len();
    let _ = writeln!(
        out,
        "sandbox: received {count} request{}",
        if count == 1 { "" } else { "s" }
    );
    for (index, request) in requests.iter().enumerate() {
        let _ = writeln!(
            out,
            "── request {} ── {} /…{}",
            index + 1,
            request.method,
            last_chars(&request.path, 4)
        );
        for (name, value) in &request.headers {
            let shown = if name.eq_ignore_ascii_case("x-make-apikey") {
                crate::redact::PLACEHOLDER.to_owned()
            } else {
                let mut json = serde_json::Value::String(value.clone());
                redactor.redact_json(&mut json);
                json.as_str().unwrap_or_default().to_owned()
            };
            let _ = writeln!(out, "{name}: {shown}");
        }
        let body = String::from_utf8_lossy(&request.body);
        let pretty = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .map(|json| redactor.json_text(&json, true))
            .unwrap_or_else(|| body.into_owned());
        let _ = writeln!(out);
        let _ = writeln!(out, "{pretty}");
    }
    out
}

fn last_chars(text: &str, count: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars[chars.len().saturating_sub(count)..].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_parse_with_counts_and_retry_after() {
        assert_eq!("accept".parse(), Ok(Plan::Accept));
        assert_eq!(
            "rate-limited:2:retry-after=3".parse(),
            Ok(Plan::RateLimited {
                times: 2,
                retry_after: Some(3)
            })
        );
        assert_eq!(
            "rate-limited".parse(),
            Ok(Plan::RateLimited {
                times: 1,
                retry_after: None
            })
        );
        assert_eq!("unavailable:3".parse(), Ok(Plan::Unavailable { times: 3 }));
        assert_eq!(
            "slow:1.5".parse(),
            Ok(Plan::Slow {
                delay: Duration::from_millis(1500)
            })
        );
        assert!(
            "teapot"
                .parse::<Plan>()
                .unwrap_err()
                .contains("modes: accept")
        );
        assert!("rate-limited:x".parse::<Plan>().is_err());
    }

    #[test]
    fn trouble_that_runs_out_turns_into_acceptance() {
        let plan = Plan::RateLimited {
            times: 2,
            retry_after: Some(1),
        };
        assert_eq!(plan.answer(0).status, 429);
        assert_eq!(plan.answer(0).retry_after, Some(1));
        assert_eq!(plan.answer(1).status, 429);
        assert_eq!(plan.answer(2).status, 200);
        assert_eq!(Plan::Gone.answer(5).status, 410);
        assert_eq!(Plan::QueueFull.answer(0).body, "Queue is full.");
    }
}
