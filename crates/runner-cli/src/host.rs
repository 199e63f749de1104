//! The real effects of a run: HTTP through reqwest and Make triggers through
//! make-core, driven from the interpreter's (blocking) thread on the shared
//! tokio runtime, and stopped at once when the run is cancelled.

use std::future::Future;
use std::time::Duration;

use job_runner::host::{Host, HostError, HttpRequest, HttpResponse, MakeTrigger};
use job_runner::value::{Object, Value};
use make_core::{MakeClient, TriggerReport};
use tokio::runtime::Handle;
use tokio_util::sync::CancellationToken;

pub(crate) struct LiveHost {
    runtime: Handle,
    make: MakeClient,
    http: reqwest::Client,
    cancel: CancellationToken,
}

impl LiveHost {
    pub(crate) fn new(
        runtime: Handle,
        make: MakeClient,
        cancel: CancellationToken,
    ) -> Result<LiveHost, reqwest::Error> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("runner-cli/", env!("CARGO_PKG_VERSION")))
            // A payload must never be re-sent somewhere else without the author knowing.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(LiveHost {
            runtime,
            make,
            http,
            cancel,
        })
    }

    /// Runs a future to completion unless the run is cancelled first.
    fn block_on<T>(&self, work: impl Future<Output = T>) -> Result<T, HostError> {
        self.runtime.block_on(async {
            tokio::select! {
                biased;
                () = self.cancel.cancelled() => Err(HostError::Cancelled),
                done = work => Ok(done),
            }
        })
    }
}

impl Host for LiveHost {
    fn http_request(&self, request: HttpRequest) -> Result<HttpResponse, HostError> {
        let method = reqwest::Method::from_bytes(request.method.to_uppercase().as_bytes())
            .map_err(|_| HostError::Transport {
                message: format!("`{}` is not an HTTP method", request.method),
            })?;
        let mut builder = self
            .http
            .request(method, &request.url)
            .timeout(request.timeout);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(params) = &request.params {
            builder = builder.json(&params.to_json());
        }
        self.block_on(async {
            let response = builder.send().await.map_err(transport_error)?;
            let status = response.status().as_u16();
            let headers: Object = response
                .headers()
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        Value::Text(String::from_utf8_lossy(value.as_bytes()).into_owned()),
                    )
                })
                .collect();
            let text = response.text().await.map_err(transport_error)?;
            let result = serde_json::from_str::<serde_json::Value>(&text)
                .map(|json| Value::from_json(&json))
                .unwrap_or(Value::Text(text));
            Ok(HttpResponse {
                status,
                headers,
                result,
            })
        })?
    }

    fn trigger_make(&self, trigger: MakeTrigger) -> Result<TriggerReport, HostError> {
        self.block_on(self.make.trigger(
            &trigger.webhook_url,
            &trigger.scenario_name,
            &trigger.payload,
        ))?
        .map_err(|error| HostError::Transport {
            message: error.to_string(),
        })
    }

    fn sleep(&self, duration: Duration) -> Result<(), HostError> {
        self.block_on(tokio::time::sleep(duration))
    }

    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_millis() as i64)
    }
}

/// reqwest puts the full URL in its errors; the URL may carry a token, so it is dropped.
fn transport_error(error: reqwest::Error) -> HostError {
    let kind = if error.is_timeout() {
        "the request timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "the request failed"
    };
    let error = error.without_url();
    let mut message = format!("{kind}: {error}");
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    HostError::Transport { message }
}
