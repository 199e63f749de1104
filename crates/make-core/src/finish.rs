//! The end of a trigger: its last attempt's outcome turned into the report or
//! the error, saying why retrying stopped when it did.

use std::time::Duration;

use crate::attempt::{Answer, Outcome};
use crate::body::{body_text, body_value};
use crate::classify::classify;
use crate::duration::human;
use crate::error::count_attempts;
use crate::secret::scrub;
use crate::{TriggerError, TriggerReport};

/// Why the last attempt was the last, when it could have been retried.
#[derive(Debug)]
pub(crate) enum GaveUp {
    /// Every allowed retry was used.
    RetriesUsed,
    /// The next wait would pass the cap on waiting.
    WaitTooLong {
        wait: Duration,
        cap: Duration,
        /// The `Retry-After` value, when Make asked for the wait.
        asked: Option<String>,
    },
}

impl GaveUp {
    fn explain(&self, attempts: u32) -> String {
        match self {
            GaveUp::RetriesUsed => format!("gave up after {}", count_attempts(attempts)),
            GaveUp::WaitTooLong {
                wait,
                cap,
                asked: Some(asked),
            } => format!(
                "Make asked to wait {} (Retry-After: {asked}) before trying again, longer than the {} allowed for waiting; gave up after {}",
                human(*wait),
                human(*cap),
                count_attempts(attempts)
            ),
            GaveUp::WaitTooLong {
                wait,
                cap,
                asked: None,
            } => format!(
                "the next retry would wait {}, past the {} allowed for waiting; gave up after {}",
                human(*wait),
                human(*cap),
                count_attempts(attempts)
            ),
        }
    }
}

/// What the trigger knows besides the last outcome.
pub(crate) struct Context<'a> {
    pub(crate) scenario_name: &'a str,
    pub(crate) redacted_url: String,
    pub(crate) idempotency_key: &'a str,
    pub(crate) timeout: Duration,
    pub(crate) attempts: u32,
    /// An earlier attempt may have reached Make (only with `retry_ambiguous`).
    pub(crate) earlier_ambiguous: bool,
    pub(crate) secrets: &'a [String],
}

pub(crate) fn finish(
    outcome: Outcome,
    context: Context<'_>,
    gave_up: Option<GaveUp>,
) -> Result<TriggerReport, TriggerError> {
    let attempts = context.attempts;
    if let Some(gave_up) = &gave_up {
        tracing::info!(webhook = %context.redacted_url, "{}", gave_up.explain(attempts));
    }
    match outcome {
        Outcome::Answered(answer) => Ok(report(answer, &context, gave_up)),
        Outcome::NotSent(cause) => Err(TriggerError::Connect {
            url: context.redacted_url,
            attempts,
            may_have_been_received: context.earlier_ambiguous,
            cause,
        }),
        Outcome::TimedOut { sent } => Err(TriggerError::Timeout {
            url: context.redacted_url,
            after: context.timeout,
            attempts,
            may_have_been_received: sent || context.earlier_ambiguous,
        }),
        Outcome::Failed(cause) => Err(TriggerError::Request {
            url: context.redacted_url,
            attempts,
            cause,
        }),
    }
}

fn report(answer: Answer, context: &Context<'_>, gave_up: Option<GaveUp>) -> TriggerReport {
    if let Some(cause) = &answer.body.read_error {
        tracing::warn!(%cause, "the answer's body could not be read to its end; keeping what arrived");
    }
    let text = body_text(&answer.body.bytes);
    let (status, mut message) = classify(answer.status, &text);
    if let Some(gave_up) = gave_up {
        message.push_str("; ");
        message.push_str(&gave_up.explain(context.attempts));
    }
    TriggerReport {
        status,
        message: scrub(&message, context.secrets),
        scenario_name: context.scenario_name.to_owned(),
        http_status: answer.status,
        response_body: body_value(&answer.body.bytes, answer.content_type()),
        response_truncated: answer.body.truncated,
        attempts: context.attempts,
        idempotency_key: Some(context.idempotency_key.to_owned()),
    }
}
