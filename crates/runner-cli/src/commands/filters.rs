//! `runner-cli filters [NAME]`: the filters this runner knows, with how many
//! arguments each takes; with a NAME, that one, or the filter meant.

use job_runner::filters;

use crate::error::CliError;
use crate::exit_codes;
use crate::output;
use crate::redact::Redactor;

pub(crate) fn run(name: Option<&str>, redactor: &Redactor) -> Result<i32, CliError> {
    let Some(name) = name else {
        let lines: Vec<String> = filters::names().into_iter().map(describe).collect();
        output::print(redactor, &lines.join("\n"));
        return Ok(exit_codes::SUCCESS);
    };
    let name = name.trim_start_matches('|');
    if filters::lookup(name).is_some() {
        output::print(redactor, &describe(name));
        return Ok(exit_codes::SUCCESS);
    }
    if let Some(reason) = filters::unsupported_reason(name) {
        return Err(CliError::usage(format!(
            "`{name}` is a Xano filter this runner cannot run: it {reason}"
        )));
    }
    let error = CliError::usage(format!("there is no filter `{name}`"));
    Err(match filters::suggest(name) {
        Some(close) => error.with_hint(format!("did you mean `{close}`?")),
        None => error.with_hint("`runner-cli filters` lists them all"),
    })
}

/// `replace  value|replace:A:B  (2 arguments)`.
fn describe(name: &str) -> String {
    let Some(filter) = filters::lookup(name) else {
        return name.to_owned();
    };
    let arguments: Vec<String> = (1..=filter.max_args)
        .map(|at| format!(":ARG{at}"))
        .collect();
    let usage = format!("value|{name}{}", arguments.join(""));
    let count = match (filter.min_args, filter.max_args) {
        (0, 0) => "no arguments".to_owned(),
        (min, max) if min == max => output::count(min as u64, "argument"),
        (min, max) => format!("{min} to {max} arguments"),
    };
    format!("{name:<28} {usage:<40} {count}")
}
