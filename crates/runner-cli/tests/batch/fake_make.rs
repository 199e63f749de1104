//! A Make stand-in on 127.0.0.1 that logs every request, can enforce a rate
//! limit, inject faults, answer slowly, or not listen yet.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::TOKEN;

/// One request as the stand-in saw it.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    /// `data.id` of the envelope.
    pub(crate) id: i64,
    pub(crate) key: String,
    pub(crate) status: u16,
}

/// What the stand-in answers: status and `Retry-After`, from the record's
/// id and how many requests with its key came before.
pub(crate) type Answer = dyn Fn(i64, usize) -> (u16, Option<&'static str>) + Send + Sync;

pub(crate) struct Plan {
    /// At most this many accepted requests in any window this long; past it, 429.
    pub(crate) rate: Option<(usize, Duration)>,
    pub(crate) delay: Duration,
    /// The `Retry-After` of a 429 past `rate`.
    pub(crate) limit_retry_after: &'static str,
    pub(crate) answer: Box<Answer>,
}

impl Plan {
    pub(crate) fn accept() -> Plan {
        Plan {
            rate: None,
            delay: Duration::ZERO,
            limit_retry_after: "0",
            answer: Box::new(|_, _| (200, None)),
        }
    }
}

struct State {
    plan: Plan,
    log: Vec<Received>,
    window: VecDeque<Instant>,
}

/// A Make stand-in; the state is shared so a test can change the plan.
pub(crate) struct FakeMake {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl FakeMake {
    pub(crate) async fn start(plan: Plan) -> FakeMake {
        FakeMake::start_on(0, plan).await
    }

    pub(crate) async fn start_on(port: u16, plan: Plan) -> FakeMake {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind the stand-in");
        let address = listener.local_addr().expect("address");
        let state = Arc::new(Mutex::new(State {
            plan,
            log: Vec::new(),
            window: VecDeque::new(),
        }));
        let shared = Arc::clone(&state);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = Arc::clone(&shared);
                tokio::spawn(async move {
                    let service = service_fn(move |request| answer(request, Arc::clone(&state)));
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        FakeMake { address, state }
    }

    pub(crate) fn webhook(&self) -> String {
        webhook_at(self.address.port())
    }

    pub(crate) fn log(&self) -> Vec<Received> {
        self.state.lock().expect("state").log.clone()
    }

    pub(crate) fn set_plan(&self, plan: Plan) {
        self.state.lock().expect("state").plan = plan;
    }
}

pub(crate) fn webhook_at(port: u16) -> String {
    format!("http://127.0.0.1:{port}/{TOKEN}")
}

async fn answer(
    request: Request<Incoming>,
    state: Arc<Mutex<State>>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let key = request
        .headers()
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = request
        .into_body()
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .unwrap_or_default();
    let envelope: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let id = envelope["data"]["id"].as_i64().unwrap_or(-1);
    let (status, retry_after, delay) = {
        let mut state = state.lock().expect("state");
        let earlier = state.log.iter().filter(|seen| seen.key == key).count();
        let now = Instant::now();
        let over_limit = match state.plan.rate {
            Some((limit, period)) => {
                while state
                    .window
                    .front()
                    .is_some_and(|start| now.duration_since(*start) >= period)
                {
                    state.window.pop_front();
                }
                state.window.len() >= limit
            }
            None => false,
        };
        let (status, retry_after) = if over_limit {
            (429, Some(state.plan.limit_retry_after))
        } else {
            (state.plan.answer)(id, earlier)
        };
        if status == 200 {
            state.window.push_back(now);
        }
        state.log.push(Received {
            id,
            key: key.clone(),
            status,
        });
        (status, retry_after, state.plan.delay)
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let text = match status {
        200 => "Accepted",
        429 => "Too many requests",
        410 => "There is no scenario listening for this webhook.",
        _ => "Service Unavailable",
    };
    let mut response = Response::builder()
        .status(status)
        .header("content-type", "text/plain; charset=utf-8");
    if let Some(seconds) = retry_after {
        response = response.header("retry-after", seconds);
    }
    Ok(response
        .body(Full::new(Bytes::from_static(text.as_bytes())))
        .expect("a valid response"))
}
