//! The real effects of a run: `api.request` and Make triggers through
//! make-core's careful transport, driven from the interpreter's (blocking) thread on the shared
//! tokio runtime, and stopped at once when the run is cancelled.

use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use job_runner::host::{Host, HostError, HttpRequest, HttpResponse, MakeTrigger};
use job_runner::value::{Object, Value};
use make_core::http::{HttpCall, HttpEngine, HttpEngineOptions, TransportError};
use make_core::{CallOptions, MakeClient, TriggerError, TriggerReport};
use tokio::runtime::{Handle, Runtime};
use tokio_util::sync::CancellationToken;

use crate::history::TriggerLog;
use crate::redact::Redactor;

/// What drives the host's I/O: the process's shared runtime, or a runtime
/// of its own, which a batch gives each worker so a record's requests run on
/// the thread that waits for them instead of waking another one.
#[derive(Clone)]
pub(crate) enum Driver {
    Shared(Handle),
    Own(Arc<Runtime>),
}

impl Driver {
    fn block_on<F: Future>(&self, work: F) -> F::Output {
        match self {
            Driver::Shared(handle) => handle.block_on(work),
            Driver::Own(runtime) => runtime.block_on(work),
        }
    }
}

pub(crate) struct LiveHost {
    runtime: Driver,
    make: MakeClient,
    /// Built on the first `api.request`: building a client loads the
    /// system's root certificates, a few milliseconds most jobs never need.
    http: OnceLock<HttpEngine>,
    cancel: CancellationToken,
    /// What the last cancelled effect said, e.g. whether Make may have the trigger.
    cancellation: Mutex<Option<String>>,
    /// The process's secrets, hidden in `debug.log` values.
    redactor: Redactor,
    /// Where `db.*` statements go, when the job needs a database.
    database: Option<crate::database::RunDatabase>,
    /// A trigger failed in a way that Make may still have received it.
    may_have_triggered: std::sync::atomic::AtomicBool,
    /// The keys and attempts of this run's triggers, for its history record.
    triggers: Option<Arc<TriggerLog>>,
}

impl LiveHost {
    pub(crate) fn new(
        runtime: Handle,
        make: MakeClient,
        cancel: CancellationToken,
        redactor: &Redactor,
    ) -> Result<LiveHost, TransportError> {
        LiveHost::driven_by(Driver::Shared(runtime), make, cancel, redactor)
    }

    /// A host with its own connections, driven by `runtime`: clients' pools
    /// must not be shared across runtimes, since a connection lives on the
    /// runtime that opened it.
    pub(crate) fn driven_by(
        runtime: Driver,
        make: MakeClient,
        cancel: CancellationToken,
        redactor: &Redactor,
    ) -> Result<LiveHost, TransportError> {
        Ok(LiveHost {
            runtime,
            make,
            http: OnceLock::new(),
            cancel,
            cancellation: Mutex::new(None),
            redactor: redactor.clone(),
            database: None,
            may_have_triggered: std::sync::atomic::AtomicBool::new(false),
            triggers: None,
        })
    }

    /// Where the run's triggers are told (a single run's; a batch gives
    /// each record a log of its own through [`LiveHost::trigger_make_keyed`]).
    pub(crate) fn set_trigger_log(&mut self, log: Arc<TriggerLog>) {
        self.triggers = Some(log);
    }

    /// Serves `db.*` statements from `database`.
    pub(crate) fn set_database(&mut self, database: Option<crate::database::RunDatabase>) {
        self.database = database;
    }

    /// A database handle of its own (its own transaction) for another
    /// worker's host, on the same database.
    pub(crate) fn database_session(&self) -> Option<crate::database::RunDatabase> {
        self.database
            .as_ref()
            .map(|database| database.service().session())
    }

    pub(crate) fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    fn http_engine(&self) -> Result<&HttpEngine, HostError> {
        if let Some(engine) = self.http.get() {
            return Ok(engine);
        }
        let engine = HttpEngine::new(HttpEngineOptions::default()).map_err(|error| {
            HostError::Transport {
                message: error_chain(&error),
            }
        })?;
        Ok(self.http.get_or_init(|| engine))
    }

    /// The Make client's settings, for a host of another worker to share
    /// (the rate limiter inside is shared, not copied).
    pub(crate) fn make_options(&self) -> make_core::TriggerOptions {
        self.make.options().clone()
    }

    pub(crate) fn cancel_token(&self) -> CancellationToken {
        self.cancel.clone()
    }

    /// What the effect that was cancelled had done, for the final message.
    pub(crate) fn cancellation(&self) -> Option<String> {
        self.cancellation
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .clone()
    }

    /// Whether a trigger of this run failed after Make may have received it
    /// (a timeout after sending, a cancel mid-request): its outcome is unknown.
    pub(crate) fn may_have_triggered(&self) -> bool {
        self.may_have_triggered
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    fn remember_cancellation(&self, detail: String) {
        *self
            .cancellation
            .lock()
            .unwrap_or_else(|poison| poison.into_inner()) = Some(detail);
    }

    /// A Make trigger (in chunks when the statement sets `chunk_size` and the
    /// payload is an array) whose `Idempotency-Key` is `key` (a batch derives it
    /// from the record, so a resumed batch sends the same one); `None` keeps
    /// the client's (`--idempotency-key`, or a fresh UUID).
    /// `log`, when given, hears of the trigger's key and attempts (and may
    /// hand it a key to reuse, for a replay).
    pub(crate) fn trigger_make_keyed(
        &self,
        trigger: MakeTrigger,
        key: Option<String>,
        log: Option<&Arc<TriggerLog>>,
    ) -> Result<TriggerReport, HostError> {
        let (key, observer) = match log {
            Some(log) => {
                // Drawn here rather than in make-core, so the record knows it.
                let (key, observer) = log.begin(key, || {
                    self.make
                        .options()
                        .idempotency_key
                        .clone()
                        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
                });
                (Some(key), Some(observer))
            }
            None => (key, None),
        };
        let call = CallOptions {
            idempotency_key: key,
            // make-core stops on this itself, so it can tell whether Make may have the trigger.
            cancel: Some(self.cancel.clone()),
            observer,
        };
        let outcome = match (trigger.chunk_size, &trigger.payload) {
            // Each chunk gets `KEY-chunk-N`, so chunks of a resumed record match too.
            (Some(chunk_size), serde_json::Value::Array(records)) => {
                self.runtime.block_on(self.make.trigger_chunks(
                    &trigger.webhook_url,
                    &trigger.scenario_name,
                    records,
                    chunk_size,
                    call,
                ))
            }
            _ => self.runtime.block_on(self.make.trigger_with(
                &trigger.webhook_url,
                &trigger.scenario_name,
                &trigger.payload,
                call,
            )),
        };
        if let Err(error) = &outcome
            && error.may_have_been_received()
        {
            self.may_have_triggered
                .store(true, std::sync::atomic::Ordering::SeqCst);
        }
        outcome.map_err(|error| match error {
            TriggerError::Cancelled { .. } => {
                self.remember_cancellation(error.to_string());
                HostError::Cancelled
            }
            TriggerError::PayloadTooLarge { .. } | TriggerError::InvalidPayload { .. } => {
                HostError::Rejected {
                    kind: job_runner::run::ErrorKind::InputError,
                    message: error.to_string(),
                }
            }
            other => HostError::Transport {
                message: other.to_string(),
            },
        })
    }

    /// Runs a future to completion unless the run is cancelled first.
    fn block_on<T>(&self, work: impl Future<Output = T>) -> Result<T, HostError> {
        self.runtime.block_on(async {
            tokio::select! {
                biased;
                () = self.cancel.cancelled() => {
                    self.remember_cancellation("cancelled while a request or a wait was under way".to_owned());
                    Err(HostError::Cancelled)
                }
                done = work => Ok(done),
            }
        })
    }
}

impl Host for LiveHost {
    fn db(&self, request: runner_db::Request) -> Result<serde_json::Value, HostError> {
        use job_runner::host::Database;
        match &self.database {
            Some(database) => {
                let answer = database.run(request, self.now_ms())?;
                database.hide_sensitive_values(&answer, &self.redactor);
                Ok(answer)
            }
            None => Err(HostError::Rejected {
                kind: job_runner::run::ErrorKind::Database,
                message: "this run has no database; `db.*` statements need one".to_owned(),
            }),
        }
    }

    fn http_request(&self, request: HttpRequest) -> Result<HttpResponse, HostError> {
        let call = HttpCall {
            method: request.method,
            url: request.url,
            headers: request.headers,
            json_body: request.params.as_ref().map(Value::to_json),
            timeout: request.timeout,
        };
        let reply =
            self.block_on(self.http_engine()?.send(call))?
                .map_err(|error| match error {
                    TransportError::InvalidRequest { .. } => HostError::Rejected {
                        kind: job_runner::run::ErrorKind::InputError,
                        message: error.to_string(),
                    },
                    other => HostError::Transport {
                        message: error_chain(&other),
                    },
                })?;
        if reply.truncated {
            tracing::warn!(
                status = reply.status,
                kept_bytes = reply.body_text.len(),
                "the answer was longer than the cap; `result` holds its start only"
            );
        }
        let mut headers = Object::default();
        for (name, value) in reply.headers {
            headers.insert(name, Value::Text(value));
        }
        let result = match reply.body_json {
            Some(json) => Value::from_json(&json),
            None => Value::Text(reply.body_text),
        };
        Ok(HttpResponse {
            status: reply.status,
            headers,
            result,
        })
    }

    fn trigger_make(&self, trigger: MakeTrigger) -> Result<TriggerReport, HostError> {
        self.trigger_make_keyed(trigger, None, self.triggers.as_ref())
    }

    fn memory_in_use(&self) -> Option<u64> {
        Some(crate::memory::in_use())
    }

    fn redact_value(&self, value: &Value) -> Option<Value> {
        let mut json = value.to_json();
        self.redactor
            .redact_json(&mut json)
            .then(|| Value::from_json(&json))
    }

    fn sleep(&self, duration: Duration) -> Result<(), HostError> {
        // The timer is made inside the runtime: `tokio::time::sleep` called
        // here, on the interpreter's thread, would find no runtime and panic.
        self.block_on(async move { tokio::time::sleep(duration).await })
    }

    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_millis() as i64)
    }
}

/// The error and its causes on one line: the causes say why a connection failed.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
