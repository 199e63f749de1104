//! Reading `task "name" { description input {..} stack {..} response = ..
//! schedule = [..] retry = {..} }` from a file of the job's `task/` folder.
//!
//! The body is a function's (`function_decl` reads it), so a task runs as
//! a function does. Here: the schedule, every entry checked with its
//! line (`freq` 0, `ends_on` before `starts_on`, a value that is not a
//! timestamp), and `retry`, this runner's extension:
//! `retry = {max_retries: 3, delay: 60}` runs a failed occurrence again up
//! to `max_retries` times, `delay` seconds after each failure (default 60),
//! with the same idempotency key. It is an object like a schedule entry,
//! so the file stays Xano's shape, and it counts retries, not attempts, as
//! `--retries` does.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::job::constant::literal_key;
use crate::job::function_decl::{BodyShape, read_function};
use crate::job::model::{Task, TaskRetry};
use crate::schedule::{Schedule, ScheduleEntry, utc_text};
use crate::source::{SourceFile, Span};
use crate::suggest;
use crate::syntax::ast::{self, Entry, ExprKind};
use crate::syntax::timestamp;

const TASK: BodyShape = BodyShape {
    kind: "task",
    attributes: &["description", "response", "schedule", "retry"],
    read_elsewhere: &["schedule", "retry"],
    sections: &["input", "stack"],
};

const ENTRY_KEYS: &[&str] = &["starts_on", "freq", "ends_on"];
const RETRY_KEYS: &[&str] = &["max_retries", "delay"];
const SCHEDULE_EXAMPLE: &str =
    "write `schedule = [{starts_on: 2026-01-01 00:00:00+0000, freq: 86400}]`";
const RETRY_EXAMPLE: &str = "write `retry = {max_retries: 3, delay: 60}`";
/// Seconds between a failure and its retry when `delay` is left out.
const DEFAULT_RETRY_DELAY: u64 = 60;

/// Every task a file declares. Other top-level constructs are errors.
pub(crate) fn read_tasks(
    file: &Arc<SourceFile>,
    document: &ast::Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Task> {
    let mut tasks = Vec::new();
    for item in &document.items {
        if item.name.text == "task" {
            tasks.extend(read_task(file, item, diagnostics));
            continue;
        }
        diagnostics.push(
            Diagnostic::error(
                file,
                item.name.span,
                format!("unexpected `{}` in a task file", item.name.text),
            )
            .with_hint("files under task/ hold `task \"name\" { stack { .. } schedule = [..] }`"),
        );
    }
    if document.items.is_empty() {
        diagnostics.push(
            Diagnostic::warning(file, Span::default(), "this task file declares nothing")
                .with_hint("write `task \"my_task\" { ... }`, or remove the file"),
        );
    }
    tasks
}

fn read_task(
    file: &Arc<SourceFile>,
    call: &ast::Call,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Task> {
    let function = read_function(file, call, &TASK, diagnostics)?;
    let mut schedule = Schedule::default();
    let mut retry = None;
    let attributes = call.body.iter().flat_map(|body| &body.entries);
    for entry in attributes {
        let Entry::Attribute(attribute) = entry else {
            continue;
        };
        match attribute.key.text.as_str() {
            "schedule" => schedule = read_schedule(file, &attribute.value, diagnostics),
            "retry" => retry = read_retry(file, &attribute.value, diagnostics),
            _ => {}
        }
    }
    Some(Task {
        name: function.name.clone(),
        file: Arc::clone(file),
        span: call.span,
        description: function.description.clone(),
        function: Arc::new(function),
        schedule,
        retry,
    })
}

fn read_schedule(
    file: &Arc<SourceFile>,
    value: &ast::Expr,
    diagnostics: &mut Vec<Diagnostic>,
) -> Schedule {
    let items: &[ast::Expr] = match &value.kind {
        ExprKind::Array(items) => items,
        // One entry without its brackets is read as the entry it is.
        ExprKind::Object(_) => std::slice::from_ref(value),
        _ => {
            diagnostics.push(
                Diagnostic::error(file, value.span, "`schedule` must be a list of entries")
                    .with_hint(SCHEDULE_EXAMPLE),
            );
            return Schedule::default();
        }
    };
    let entries = items
        .iter()
        .filter_map(|item| read_entry(file, item, diagnostics))
        .collect();
    Schedule { entries }
}

fn read_entry(
    file: &Arc<SourceFile>,
    item: &ast::Expr,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ScheduleEntry> {
    let ExprKind::Object(fields) = &item.kind else {
        diagnostics.push(
            Diagnostic::error(file, item.span, "a `schedule` entry must be an object")
                .with_hint(SCHEDULE_EXAMPLE),
        );
        return None;
    };
    let mut starts_on = None;
    let mut freq = None;
    let mut ends_on = None;
    let mut ok = true;
    for (key, value) in fields {
        let key = match literal_key(key) {
            Ok(key) => key,
            Err(problem) => {
                diagnostics.push(Diagnostic::error(file, problem.span, problem.message));
                ok = false;
                continue;
            }
        };
        match key.text.as_str() {
            "starts_on" => match timestamp_value(file, value, "starts_on") {
                Ok(ms) => starts_on = Some((ms, value.span)),
                Err(diagnostic) => {
                    diagnostics.push(*diagnostic);
                    ok = false;
                }
            },
            "ends_on" => match timestamp_value(file, value, "ends_on") {
                Ok(ms) => ends_on = Some((ms, value.span)),
                Err(diagnostic) => {
                    diagnostics.push(*diagnostic);
                    ok = false;
                }
            },
            "freq" => match &value.kind {
                ExprKind::Int(seconds) if *seconds > 0 => freq = u64::try_from(*seconds).ok(),
                ExprKind::Int(seconds) => {
                    diagnostics.push(
                        Diagnostic::error(
                            file,
                            value.span,
                            format!("`freq` is {seconds}: it must be 1 or more seconds"),
                        )
                        .with_hint("86400 runs daily, 3600 hourly; leave `freq` out for a task that runs once"),
                    );
                    ok = false;
                }
                _ => {
                    diagnostics.push(
                        Diagnostic::error(
                            file,
                            value.span,
                            "`freq` must be a whole number of seconds",
                        )
                        .with_hint("86400 runs daily, 3600 hourly, 60 every minute"),
                    );
                    ok = false;
                }
            },
            other => {
                let hint =
                    suggest::did_you_mean(other, ENTRY_KEYS.iter().copied()).unwrap_or_else(|| {
                        format!("an entry takes {}", suggest::quoted_list(ENTRY_KEYS))
                    });
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        key.span,
                        format!("unknown key `{other}` in a `schedule` entry"),
                    )
                    .with_hint(hint),
                );
                ok = false;
            }
        }
    }
    let Some((starts_on_ms, _)) = starts_on else {
        if ok {
            diagnostics.push(
                Diagnostic::error(file, item.span, "a `schedule` entry has no `starts_on`")
                    .with_hint(SCHEDULE_EXAMPLE),
            );
        }
        return None;
    };
    if let Some((ends_on_ms, span)) = ends_on
        && ends_on_ms < starts_on_ms
    {
        diagnostics.push(
            Diagnostic::error(
                file,
                span,
                format!(
                    "`ends_on` ({}) is before `starts_on` ({}): the entry would never run",
                    utc_text(ends_on_ms),
                    utc_text(starts_on_ms)
                ),
            )
            .with_hint("put `ends_on` after `starts_on`, or leave it out to run with no end"),
        );
        return None;
    }
    ok.then_some(ScheduleEntry {
        starts_on_ms,
        freq_seconds: freq,
        ends_on_ms: ends_on.map(|(ms, _)| ms),
    })
}

/// A timestamp as Xano writes it (the literal, or the same text quoted).
fn timestamp_value(
    file: &Arc<SourceFile>,
    value: &ast::Expr,
    key: &str,
) -> Result<i64, Box<Diagnostic>> {
    let source = file.slice(value.span);
    let parsed = match &value.kind {
        // The literal is lexed to an int; a bare number is not one.
        ExprKind::Int(ms) if timestamp::parse(source.as_bytes()).is_ok() => Ok(*ms),
        ExprKind::Text(text) => timestamp::parse(text.trim().as_bytes())
            .map_err(|why| format!("`{key}` \"{text}\" is not a timestamp: {why}")),
        _ => Err(format!(
            "`{key}` must be a timestamp, found `{}`",
            source.lines().next().unwrap_or(source)
        )),
    };
    parsed.map_err(|message| {
        Box::new(Diagnostic::error(file, value.span, message).with_hint(timestamp::hint()))
    })
}

fn read_retry(
    file: &Arc<SourceFile>,
    value: &ast::Expr,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<TaskRetry> {
    let ExprKind::Object(fields) = &value.kind else {
        diagnostics.push(
            Diagnostic::error(file, value.span, "`retry` must be an object")
                .with_hint(RETRY_EXAMPLE),
        );
        return None;
    };
    let mut max_retries = None;
    let mut delay_seconds = DEFAULT_RETRY_DELAY;
    for (key, value) in fields {
        let Ok(key) = literal_key(key) else {
            diagnostics.push(
                Diagnostic::error(file, key.span(), "a `retry` key must be written out")
                    .with_hint(RETRY_EXAMPLE),
            );
            return None;
        };
        let number = match &value.kind {
            ExprKind::Int(n) if *n >= 0 => u64::try_from(*n).ok(),
            _ => None,
        };
        match (key.text.as_str(), number) {
            ("max_retries", Some(n)) => match u32::try_from(n) {
                Ok(n) if n <= 100 => max_retries = Some(n),
                _ => {
                    diagnostics.push(
                        Diagnostic::error(file, value.span, "`max_retries` may be at most 100")
                            .with_hint(RETRY_EXAMPLE),
                    );
                    return None;
                }
            },
            ("delay", Some(n)) => delay_seconds = n,
            ("max_retries" | "delay", None) => {
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        value.span,
                        format!("`{}` must be a whole number, 0 or more", key.text),
                    )
                    .with_hint(RETRY_EXAMPLE),
                );
                return None;
            }
            (other, _) => {
                let hint = suggest::did_you_mean(other, RETRY_KEYS.iter().copied())
                    .unwrap_or_else(|| RETRY_EXAMPLE.to_owned());
                diagnostics.push(
                    Diagnostic::error(file, key.span, format!("unknown key `{other}` in `retry`"))
                        .with_hint(hint),
                );
                return None;
            }
        }
    }
    let Some(max_retries) = max_retries else {
        diagnostics.push(
            Diagnostic::error(file, value.span, "`retry` has no `max_retries`")
                .with_hint(RETRY_EXAMPLE),
        );
        return None;
    };
    Some(TaskRetry {
        max_retries,
        delay_seconds,
    })
}
