//! Statements with effects beyond the function: calling another function,
//! HTTP requests, Make triggers, logging and sleeping. Each effect on the
//! world goes through the host.

use std::sync::Arc;
use std::time::Duration;

use super::exec::{Interpreter, bind, host_result};
use super::runtime::{Flow, Frame, Runtime};
use super::scope::Scope;
use crate::host::{self, HttpRequest};
use crate::program::{ApiRequest, Expr, ExprKind, FunctionRun, MakeTrigger};
use crate::run::{ErrorKind, LogLine, RunError};
use crate::source::Span;
use crate::suggest::closest;
use crate::value::{Object, Value};

/// Default `api.request` timeout, in seconds, when the statement sets none.
const DEFAULT_TIMEOUT_SECS: f64 = 30.0;

type Outcome = Result<(), Flow>;

impl Interpreter<'_> {
    /// `function.run "name" { input = {..} } as $r`.
    pub(super) fn function_run(
        &mut self,
        frame: &mut Frame,
        span: Span,
        run: &FunctionRun,
    ) -> Outcome {
        let result = match self.mocked(frame, &run.mock)? {
            Some(mocked) => mocked,
            None => self.call_function(frame, span, &run.name, run.input.as_ref())?,
        };
        bind(frame, &run.alias, result);
        Ok(())
    }

    /// Validates the callee's inputs, then calls it.
    fn call_function(
        &mut self,
        frame: &Frame,
        span: Span,
        name: &str,
        input: Option<&Expr>,
    ) -> Result<Value, Flow> {
        let job = self.rt.job;
        let Some(function) = job.functions.get(name) else {
            let mut message = format!("function `{name}` is not in this job");
            if let Some(close) = closest(name, job.functions.keys().map(String::as_str)) {
                message.push_str(&format!(" (did you mean `{close}`?)"));
            }
            return Err(self
                .rt
                .error(&frame.function, span, ErrorKind::NotFound, message));
        };
        let provided = match input {
            None => Object::default(),
            // `input = { board: $board, r: $r }`, as nearly every call is
            // written: the fields go straight into the callee's input.
            Some(Expr {
                kind: ExprKind::Object(entries),
                ..
            }) => Scope::new(self.rt, frame).object_literal(entries)?,
            Some(expr) => match Scope::new(self.rt, frame).value(expr)? {
                Value::Object(object) => Arc::unwrap_or_clone(object).into(),
                Value::Null => Object::default(),
                other => {
                    return Err(self.rt.error(
                        &frame.function,
                        span,
                        ErrorKind::InputError,
                        format!(
                            "`function.run` needs an object as `input`, got {}",
                            other.type_name()
                        ),
                    ));
                }
            },
        };
        let validated =
            crate::job::validate_inputs_owned(&function.inputs, provided).map_err(|errors| {
                self.rt.error(
                    &frame.function,
                    span,
                    ErrorKind::InputError,
                    format!("invalid input for function `{name}`: {errors}"),
                )
            })?;
        let function = Arc::clone(function);
        self.call(&function, validated, span)
    }

    /// `debug.log { value = e }`: logged as text, with the host's secrets
    /// hidden, and kept as a value in the run's logs.
    pub(super) fn debug_log(&mut self, frame: &mut Frame, span: Span, value: &Expr) -> Outcome {
        let value = Scope::new(self.rt, frame).value(value)?;
        self.rt.check_written_size(&frame.function, span, &value)?;
        let location = Runtime::location(&frame.function, span);
        let shown = self.rt.host.redact_value(&value);
        let text = shown.as_ref().unwrap_or(&value).to_text();
        let text = self.rt.host.redact(&text);
        tracing::info!(target: "xanoscript::debug_log", %location, "{text}");
        self.logs.push(LogLine { location, value });
        Ok(())
    }

    /// `util.sleep { value = seconds }`: never past the run's time limit.
    pub(super) fn sleep(&mut self, frame: &mut Frame, span: Span, seconds: &Expr) -> Outcome {
        let value = Scope::new(self.rt, frame).value(seconds)?;
        let Some(seconds) = value
            .to_number()
            .map(|n| n.as_f64())
            .filter(|s| s.is_finite() && *s >= 0.0)
        else {
            return Err(self.rt.error(
                &frame.function,
                span,
                ErrorKind::Standard,
                format!(
                    "`util.sleep` needs a number of seconds, got {}",
                    value.short_display()
                ),
            ));
        };
        let wanted =
            Duration::from_secs_f64(seconds.min(self.rt.limits.max_wall_time.as_secs_f64()));
        if self.rt.elapsed() + wanted > self.rt.limits.max_wall_time {
            return Err(Flow::Fatal(Box::new(RunError {
                kind: ErrorKind::Limit,
                message: format!(
                    "sleeping {seconds} s would run past the job's time limit of {} s",
                    self.rt.limits.max_wall_time.as_secs()
                ),
                value: None,
                location: Some(Runtime::location(&frame.function, span)),
            })));
        }
        host_result(self.rt.host.sleep(wanted), self.rt, &frame.function, span)
    }

    /// `api.request { url method params headers timeout } as $r`.
    pub(super) fn api_request(
        &mut self,
        frame: &mut Frame,
        span: Span,
        request: &ApiRequest,
    ) -> Outcome {
        let result = match self.mocked(frame, &request.mock)? {
            Some(mocked) => mocked,
            None => self.send_request(frame, span, request)?,
        };
        bind(frame, &request.alias, result);
        Ok(())
    }

    fn send_request(
        &mut self,
        frame: &Frame,
        span: Span,
        request: &ApiRequest,
    ) -> Result<Value, Flow> {
        let ApiRequest {
            url,
            method,
            params,
            headers,
            timeout,
            ..
        } = request;
        let scope = Scope::new(self.rt, frame);
        let fail = |message: String| {
            self.rt
                .error(&frame.function, span, ErrorKind::InputError, message)
        };
        let url = match scope.value(url)? {
            Value::Text(text) if !text.trim().is_empty() => text,
            other => {
                return Err(fail(format!(
                    "`api.request` needs a `url` text, got {}",
                    other.short_display()
                )));
            }
        };
        let method = match method {
            Some(expr) => scope.value(expr)?.to_text().to_uppercase(),
            None => "GET".to_owned(),
        };
        let header_list = match headers {
            Some(expr) => scope.value(expr)?,
            None => Value::array(Vec::new()),
        };
        let header_pairs = parse_headers(&header_list).map_err(fail)?;
        let params = match params {
            Some(expr) => scope.value(expr)?,
            None => Value::Null,
        };
        let timeout = match timeout {
            Some(expr) => {
                let value = scope.value(expr)?;
                match value.to_number().map(|n| n.as_f64()) {
                    Some(seconds) if seconds.is_finite() && seconds > 0.0 => seconds,
                    Some(_) if value.is_null() => DEFAULT_TIMEOUT_SECS,
                    _ => {
                        return Err(fail(format!(
                            "`api.request` needs `timeout` in seconds, got {}",
                            value.short_display()
                        )));
                    }
                }
            }
            None => DEFAULT_TIMEOUT_SECS,
        };
        // For methods without a body, params become the query string, as in Xano.
        let has_body = !matches!(method.as_str(), "GET" | "HEAD");
        let (sent_url, body) = match (&params, has_body) {
            (Value::Null, _) => (url.clone(), None),
            (_, true) => (url.clone(), Some(params.clone())),
            (Value::Object(query), false) => (with_query(&url, query), None),
            (other, false) => {
                return Err(fail(format!(
                    "`api.request` {method} needs `params` as an object, got {}",
                    other.type_name()
                )));
            }
        };
        // The host sends the body as JSON, which `to_json` cuts at the cap.
        if let Some(body) = &body {
            self.rt.check_written_size(&frame.function, span, body)?;
        }
        let request = HttpRequest {
            url: sent_url,
            method: method.clone(),
            headers: header_pairs,
            params: body,
            timeout: Duration::from_secs_f64(timeout.min(86_400.0)),
        };
        let response = host_result(
            self.rt.host.http_request(request),
            self.rt,
            &frame.function,
            span,
        )?;
        let mut request_value = Object::default();
        request_value.insert("url".to_owned(), Value::Text(url));
        request_value.insert("method".to_owned(), Value::Text(method));
        request_value.insert("headers".to_owned(), header_list);
        request_value.insert("params".to_owned(), params);
        let mut response_value = Object::default();
        response_value.insert("status".to_owned(), Value::Int(i64::from(response.status)));
        response_value.insert("headers".to_owned(), Value::object(response.headers));
        response_value.insert("result".to_owned(), response.result);
        let mut result = Object::default();
        result.insert("request".to_owned(), Value::object(request_value));
        result.insert("response".to_owned(), Value::object(response_value));
        Ok(Value::object(result))
    }

    /// `make.trigger_scenario { webhook_url scenario_name payload chunk_size } as $r`.
    /// Error messages never contain the webhook URL: it is a credential.
    pub(super) fn make_trigger(
        &mut self,
        frame: &mut Frame,
        span: Span,
        trigger: &MakeTrigger,
    ) -> Outcome {
        let result = match self.mocked(frame, &trigger.mock)? {
            Some(mocked) => mocked,
            None => self.send_trigger(frame, span, trigger)?,
        };
        bind(frame, &trigger.alias, result);
        Ok(())
    }

    fn send_trigger(
        &mut self,
        frame: &Frame,
        span: Span,
        trigger: &MakeTrigger,
    ) -> Result<Value, Flow> {
        let MakeTrigger {
            webhook_url,
            scenario_name,
            payload,
            chunk_size,
            ..
        } = trigger;
        let scope = Scope::new(self.rt, frame);
        let fail = |message: String| {
            self.rt
                .error(&frame.function, span, ErrorKind::InputError, message)
        };
        let url_text = match scope.value(webhook_url)? {
            Value::Text(text) => text,
            Value::Null => {
                return Err(fail(
                    "`make.trigger_scenario`: `webhook_url` is null; set the job's `make_webhook_url` environment variable".to_owned(),
                ));
            }
            other => {
                return Err(fail(format!(
                    "`make.trigger_scenario`: `webhook_url` must be text, got {}",
                    other.type_name()
                )));
            }
        };
        let webhook_url = make_core::WebhookUrl::parse(&url_text)
            .map_err(|error| fail(format!("`make.trigger_scenario`: {error}")))?;
        let scenario_name = match scope.value(scenario_name)? {
            Value::Array(_) | Value::Object(_) | Value::Null => {
                return Err(fail(
                    "`make.trigger_scenario`: `scenario_name` must be text".to_owned(),
                ));
            }
            other => other.to_text(),
        };
        let payload = match scope.value(payload)? {
            value @ (Value::Object(_) | Value::Array(_)) => {
                self.rt.check_written_size(&frame.function, span, &value)?;
                value.to_json()
            }
            other => {
                return Err(fail(format!(
                    "`make.trigger_scenario`: `payload` must be an object or an array, got {}",
                    other.type_name()
                )));
            }
        };
        let chunk_size = match chunk_size {
            None => None,
            Some(expr) => match scope.value(expr)? {
                Value::Null => None,
                value => match value.to_number().map(|number| number.as_f64()) {
                    Some(size) if size >= 1.0 && size.fract() == 0.0 && size <= 1e9 => {
                        Some(size as usize)
                    }
                    _ => {
                        return Err(fail(format!(
                            "`make.trigger_scenario`: `chunk_size` must be a whole number of records, at least 1, got {}",
                            value.short_display()
                        )));
                    }
                },
            },
        };
        let trigger = host::MakeTrigger {
            webhook_url,
            scenario_name,
            payload,
            chunk_size,
        };
        let report = host_result(
            self.rt.host.trigger_make(trigger),
            self.rt,
            &frame.function,
            span,
        )?;
        let json = serde_json::to_value(&report).map_err(|error| {
            Flow::Error(Box::new(RunError {
                kind: ErrorKind::Standard,
                message: format!("could not read the trigger report: {error}"),
                value: None,
                location: Some(Runtime::location(&frame.function, span)),
            }))
        })?;
        Ok(Value::from_json(&json))
    }
}

/// `["Name: value", ...]` (or an object of name → value) into header pairs.
fn parse_headers(headers: &Value) -> Result<Vec<(String, String)>, String> {
    match headers {
        Value::Null => Ok(Vec::new()),
        Value::Array(lines) => lines
            .iter()
            .map(|line| {
                let text = line.to_text();
                match text.split_once(':') {
                    Some((name, value)) if !name.trim().is_empty() => {
                        Ok((name.trim().to_owned(), value.trim().to_owned()))
                    }
                    _ => Err(format!(
                        "`api.request` headers are `\"Name: value\"` texts; {} has no `:`",
                        line.short_display()
                    )),
                }
            })
            .collect(),
        Value::Object(object) => Ok(object
            .iter()
            .map(|(k, v)| (k.clone(), v.to_text()))
            .collect()),
        other => Err(format!(
            "`api.request` needs `headers` as an array of texts, got {}",
            other.type_name()
        )),
    }
}

/// Appends `key=value` pairs to a URL's query string.
fn with_query(url: &str, query: &Object) -> String {
    if query.is_empty() {
        return url.to_owned();
    }
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in query {
        serializer.append_pair(key, &value.to_text());
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{}", serializer.finish())
}
