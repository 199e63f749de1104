//! `runner-cli filters [NAME]`: the filters this runner knows, each with its
//! arguments and an example with its result (from
//! `job_runner::filters::examples`, whose test runs every example); with a
//! NAME, that one, or the filter meant.

use job_runner::filters::{self, examples};

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

/// Two lines per filter: how it is called, then its example and result.
///
/// ```text
/// replace  value|replace:SEARCH:REPLACEMENT
///          "Hella World"|replace:"o":"a"  →  "Hella Warld"
/// ```
fn describe(name: &str) -> String {
    let Some(filter) = filters::lookup(name) else {
        return name.to_owned();
    };
    let Some(example) = examples::example(name) else {
        // Every filter has one (a test checks): this is for a new filter
        // between writing it and writing its example.
        return format!("{name:<28} value|{name}");
    };
    let arguments = match example.arguments {
        "" => String::new(),
        list if list.starts_with('[') => format!("[:{}", &list[1..]),
        list => format!(":{list}"),
    };
    let alias = if filter.name == name {
        String::new()
    } else {
        format!("  (another name for `{}`)", filter.name)
    };
    format!(
        "{name:<28} value|{name}{arguments}{alias}\n{:<28} {}  →  {}",
        "", example.example, example.result
    )
}
