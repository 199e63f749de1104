//! The inputs of one run: the job's defaults (`main.input`), then
//! `--input-file`, then each `--input KEY=VALUE`, validated against the
//! function's `input` block before anything runs.

use std::path::Path;

use job_runner::job::inputs::{parse_cli_value, validate_inputs};
use job_runner::job::model::{Function, Job};
use job_runner::value::{Object, Value};

use crate::error::CliError;

/// `defaults` are `main.input` for the main function, nothing for a task.
pub(crate) fn assemble(
    job: &Job,
    function: &Function,
    defaults: &Object,
    input_file: Option<&Path>,
    flags: &[String],
    max_file_bytes: u64,
) -> Result<Object, CliError> {
    let mut provided = defaults.clone();
    if let Some(path) = input_file {
        for (key, value) in read_input_file(path, max_file_bytes)? {
            provided.insert(key, value);
        }
    }
    assemble_over(job, function, provided, flags, max_file_bytes)
}

/// `--input` flags over `provided` (the job's defaults and an input file,
/// or a replayed run's inputs), validated.
pub(crate) fn assemble_over(
    job: &Job,
    function: &Function,
    mut provided: Object,
    flags: &[String],
    max_file_bytes: u64,
) -> Result<Object, CliError> {
    for flag in flags {
        let (key, raw) = flag.split_once('=').ok_or_else(|| {
            CliError::usage(format!("`--input` takes KEY=VALUE, but got `{flag}`"))
                .with_hint("write it as `--input scenario_name=nightly-sync`")
        })?;
        let key = key.trim();
        let spec = function
            .inputs
            .iter()
            .find(|spec| spec.name == key)
            .ok_or_else(|| unknown_input(function, key))?;
        let raw = match raw.strip_prefix('@') {
            Some(path) => read_capped(
                Path::new(path),
                max_file_bytes,
                &format!("`{path}` for input `{key}`"),
            )?,
            None => raw.to_owned(),
        };
        let value = parse_cli_value(spec, &raw).map_err(|problem| {
            CliError::invalid_input(format!("invalid value for `--input {key}`"))
                .with_details(format!("  {problem}"))
        })?;
        provided.insert(key.to_owned(), value);
    }
    validate_inputs(&function.inputs, &provided).map_err(|errors| {
        CliError::invalid_input(format!(
            "the inputs of job `{}` are not valid (function `{}` in {})",
            job.name,
            function.name,
            function.file.path().display()
        ))
        .with_details(errors.to_string())
    })
}

/// A file of input, read whole but never more than `max_bytes`: a device
/// such as `/dev/zero` is refused at once (it never ends), a pipe is read up
/// to the cap. A UTF-8 byte order mark at the start is dropped.
fn read_capped(path: &Path, max_bytes: u64, what: &str) -> Result<String, CliError> {
    use std::io::Read;
    let cannot_read = |error: &std::io::Error| {
        CliError::invalid_input(format!("cannot read {what}")).caused_by(error)
    };
    let file = std::fs::File::open(path).map_err(|error| cannot_read(&error))?;
    let meta = file.metadata().map_err(|error| cannot_read(&error))?;
    if meta.is_dir() {
        return Err(CliError::invalid_input(format!(
            "{what} is a folder, not a file"
        )));
    }
    if is_device(&meta) {
        return Err(CliError::invalid_input(format!(
            "{what} is a device, not a file: it may never end"
        ))
        .with_hint("pass a regular file, or a pipe that ends"));
    }
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| cannot_read(&error))?;
    if bytes.len() as u64 > max_bytes {
        return Err(CliError::invalid_input(format!(
            "{what} is larger than {} MB",
            max_bytes / (1024 * 1024)
        ))
        .with_hint("raise the cap with `--max-input-file MB` if the file really is that large"));
    }
    let bytes = bytes
        .strip_prefix(crate::batch::BOM)
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    String::from_utf8(bytes)
        .map_err(|_| CliError::invalid_input(format!("{what} is not UTF-8 text")))
}

#[cfg(unix)]
fn is_device(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    kind.is_char_device() || kind.is_block_device()
}

#[cfg(not(unix))]
fn is_device(meta: &std::fs::Metadata) -> bool {
    !meta.is_file()
}

fn read_input_file(path: &Path, max_bytes: u64) -> Result<Object, CliError> {
    let text = read_capped(
        path,
        max_bytes,
        &format!("the input file `{}`", path.display()),
    )?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|error| {
        CliError::invalid_input(format!(
            "the input file `{}` is not valid JSON: {error}",
            path.display()
        ))
        .with_hint("it must hold one JSON object of inputs, e.g. {\"scenario_name\": \"x\"}")
    })?;
    match Value::from_json(&json) {
        Value::Object(object) => Ok(std::sync::Arc::unwrap_or_clone(object).into()),
        other => Err(CliError::invalid_input(format!(
            "the input file `{}` holds {} {}, not an object of inputs",
            path.display(),
            article(other.type_name()),
            other.type_name()
        ))
        .with_hint("wrap the inputs in an object, e.g. {\"payload\": {...}}")),
    }
}

fn unknown_input(function: &Function, key: &str) -> CliError {
    let names: Vec<&str> = function
        .inputs
        .iter()
        .map(|spec| spec.name.as_str())
        .collect();
    let closest = job_runner::suggest::closest(key, names.iter().copied());
    let mut error =
        CliError::invalid_input(format!("function `{}` has no input `{key}`", function.name));
    error = match closest {
        Some(name) => error.with_hint(format!(
            "did you mean `{name}`? inputs: {}",
            names.join(", ")
        )),
        None => error.with_hint(format!("its inputs are: {}", names.join(", "))),
    };
    error
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
