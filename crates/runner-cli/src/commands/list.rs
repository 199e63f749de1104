//! `runner-cli list`: what jobs there are and what each needs to run. The
//! defaults of sensitive inputs are shown as `[redacted]`, and a folder that
//! failed to load is listed with its problems (exit 78).

use std::fmt::Write as _;
use std::path::Path;

use job_runner::job::model::{InputSpec, Job};
use serde_json::json;

use crate::cli::{Format, ListArgs};
use crate::error::CliError;
use crate::exit_codes;
use crate::output;
use crate::redact::{PLACEHOLDER, Redactor};

pub(crate) fn run(jobs_dir: &Path, args: &ListArgs, redactor: &Redactor) -> Result<i32, CliError> {
    let catalog = super::load_catalog(jobs_dir)?;
    let jobs: Vec<&Job> = catalog.jobs().collect();
    let broken = catalog.failures().count();
    match args.format {
        Format::Json => {
            let mut list: Vec<serde_json::Value> =
                jobs.iter().map(|job| describe_json(job)).collect();
            list.extend(catalog.failures().map(|failure| {
                json!({
                    "name": failure.job_name,
                    "folder": failure.folder,
                    "error": format!(
                        "{} problem{} keep this job from loading",
                        failure.error_count(),
                        if failure.error_count() == 1 { "" } else { "s" }
                    ),
                    "problems": failure.to_string(),
                })
            }));
            output::print_json(redactor, &serde_json::Value::Array(list));
        }
        Format::Text => {
            let text = jobs
                .iter()
                .map(|job| describe_text(job))
                .collect::<Vec<_>>()
                .join("\n\n");
            if !text.is_empty() {
                output::print(redactor, &text);
            }
        }
    }
    if broken > 0 {
        output::eprint(
            redactor,
            &format!(
                "warning: {broken} job folder{} could not be loaded; run `runner-cli check` to see why",
                if broken == 1 { "" } else { "s" }
            ),
        );
    }
    if jobs.is_empty() && broken == 0 {
        output::eprint(
            redactor,
            &format!(
                "no jobs in `{}`: a job is a folder with a `run.xs`",
                jobs_dir.display()
            ),
        );
    }
    Ok(if broken > 0 {
        exit_codes::CONFIG
    } else {
        exit_codes::SUCCESS
    })
}

fn describe_text(job: &Job) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", job.name);
    let _ = writeln!(out, "  folder:   {}", job.folder.display());
    let _ = writeln!(out, "  function: {}", job.main);
    if let Some(description) = &job.description {
        let _ = writeln!(out, "  about:    {description}");
    }
    let inputs = job
        .main_function()
        .map(|function| {
            function
                .inputs
                .iter()
                .map(input_signature)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  inputs:   {}",
        if inputs.is_empty() {
            "(none)".to_owned()
        } else {
            inputs.join(", ")
        }
    );
    let _ = write!(
        out,
        "  env:      {}",
        if job.env.is_empty() {
            "(none)".to_owned()
        } else {
            job.env.join(", ")
        }
    );
    out
}

/// `scenario_name: text`, `tags?: text[]`, `limit?: int = 20`.
fn input_signature(spec: &InputSpec) -> String {
    let mut signature = spec.name.clone();
    if spec.optional {
        signature.push('?');
    }
    signature.push_str(": ");
    signature.push_str(spec.ty.name());
    if spec.is_array {
        signature.push_str("[]");
    }
    if spec.nullable {
        signature.push('?');
    }
    if let Some(default) = shown_default(spec) {
        let _ = write!(
            signature,
            " = {}",
            serde_json::to_string(&default).unwrap_or_default()
        );
    }
    signature
}

fn describe_json(job: &Job) -> serde_json::Value {
    let inputs: Vec<serde_json::Value> = job
        .main_function()
        .map(|function| {
            function
                .inputs
                .iter()
                .map(|spec| {
                    json!({
                        "name": spec.name,
                        "type": spec.ty.name(),
                        "array": spec.is_array,
                        "required": !spec.optional,
                        "nullable": spec.nullable,
                        "default": shown_default(spec),
                        "sensitive": spec.sensitive,
                        "description": spec.description,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    json!({
        "name": job.name,
        "folder": job.folder,
        "function": job.main,
        "description": job.description,
        "inputs": inputs,
        "env": job.env,
        "default_input": shown_main_input(job),
    })
}

/// A sensitive input's default is a secret like any of its values.
fn shown_default(spec: &InputSpec) -> Option<serde_json::Value> {
    let default = spec.default.as_ref()?;
    Some(if spec.sensitive {
        json!(PLACEHOLDER)
    } else {
        serde_json::to_value(default).unwrap_or_default()
    })
}

/// `main.input`, with the values given to sensitive inputs hidden.
fn shown_main_input(job: &Job) -> serde_json::Value {
    let sensitive = |name: &str| {
        job.main_function().is_some_and(|function| {
            function
                .inputs
                .iter()
                .any(|spec| spec.sensitive && spec.name == name)
        })
    };
    let shown: serde_json::Map<String, serde_json::Value> = job
        .main_input
        .iter()
        .map(|(name, value)| {
            let value = if sensitive(name) {
                json!(PLACEHOLDER)
            } else {
                value.to_json()
            };
            (name.clone(), value)
        })
        .collect();
    serde_json::Value::Object(shown)
}
