//! `runner-cli list`: what jobs there are and what each needs to run.

use std::fmt::Write as _;
use std::path::Path;

use job_runner::job::model::{InputSpec, Job};
use serde_json::json;

use crate::cli::{Format, ListArgs};
use crate::error::CliError;
use crate::exit_codes;
use crate::output;
use crate::redact::Redactor;

pub(crate) fn run(jobs_dir: &Path, args: &ListArgs, redactor: &Redactor) -> Result<i32, CliError> {
    let catalog = super::load_catalog(jobs_dir)?;
    let jobs: Vec<&Job> = catalog.jobs().collect();
    let text = match args.format {
        Format::Json => {
            let list: Vec<serde_json::Value> = jobs.iter().map(|job| describe_json(job)).collect();
            serde_json::to_string_pretty(&list).unwrap_or_default()
        }
        Format::Text => jobs
            .iter()
            .map(|job| describe_text(job))
            .collect::<Vec<_>>()
            .join("\n\n"),
    };
    if !text.is_empty() {
        output::print(redactor, &text);
    }
    let broken = catalog.failures().count();
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
    Ok(exit_codes::SUCCESS)
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
    if let Some(default) = &spec.default {
        let _ = write!(
            signature,
            " = {}",
            serde_json::to_string(default).unwrap_or_default()
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
                        "default": spec.default,
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
        "default_input": job.main_input,
    })
}
