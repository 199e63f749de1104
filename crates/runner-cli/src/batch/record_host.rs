//! The host of one record's run: the batch's shared [`LiveHost`], with the
//! record's idempotency key on its Make triggers.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use job_runner::host::{Host, HostError, HttpRequest, HttpResponse, MakeTrigger};
use job_runner::value::Value;
use make_core::TriggerReport;

use crate::history::TriggerLog;
use crate::host::LiveHost;
use crate::redact::Secrets;

pub(crate) struct RecordHost<'a> {
    live: &'a LiveHost,
    key: &'a str,
    /// The record's sensitive inputs, hidden in its `debug.log` lines.
    secrets: &'a Secrets,
    triggers: AtomicU32,
    /// The record's trigger keys and attempts, for its history record.
    log: &'a Arc<TriggerLog>,
}

impl<'a> RecordHost<'a> {
    pub(crate) fn new(
        live: &'a LiveHost,
        key: &'a str,
        secrets: &'a Secrets,
        log: &'a Arc<TriggerLog>,
    ) -> RecordHost<'a> {
        RecordHost {
            live,
            key,
            secrets,
            triggers: AtomicU32::new(0),
            log,
        }
    }
}

impl Host for RecordHost<'_> {
    fn memory_in_use(&self) -> Option<u64> {
        self.live.memory_in_use()
    }

    fn redact<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        self.secrets.redact_text(text)
    }

    fn redact_value(&self, value: &Value) -> Option<Value> {
        let mut json = value.to_json();
        let process = self.live.redactor().redact_json(&mut json);
        let record = self.secrets.redact_json(&mut json);
        (process || record).then(|| Value::from_json(&json))
    }

    fn http_request(&self, request: HttpRequest) -> Result<HttpResponse, HostError> {
        self.live.http_request(request)
    }

    fn db(&self, request: runner_db::Request) -> Result<serde_json::Value, HostError> {
        self.live.db(request)
    }

    /// The first trigger of a record carries its key; a job that triggers
    /// more than once per record sends `KEY-2`, `KEY-3`..., the same on resume.
    fn trigger_make(&self, trigger: MakeTrigger) -> Result<TriggerReport, HostError> {
        let index = self.triggers.fetch_add(1, Ordering::Relaxed);
        let key = if index == 0 {
            self.key.to_owned()
        } else {
            format!("{}-{}", self.key, index + 1)
        };
        self.live
            .trigger_make_keyed(trigger, Some(key), Some(self.log))
    }

    fn sleep(&self, duration: Duration) -> Result<(), HostError> {
        self.live.sleep(duration)
    }

    fn now_ms(&self) -> i64 {
        self.live.now_ms()
    }
}
