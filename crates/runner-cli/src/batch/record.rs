//! One line of a batch turned into the inputs of one run: parsed, merged over
//! the job's defaults and validated; or the reason it cannot run. Also the
//! record's idempotency key, which depends only on what identifies the record,
//! so a resumed batch sends the same key again.

use job_runner::job::inputs::check_inputs;
use job_runner::job::model::{Function, Job};
use job_runner::value::{Object, Value};
use serde_json::Value as Json;
use uuid::Uuid;

use crate::redact::Secrets;

/// Namespace of record keys (UUID v5), fixed forever: changing it would give
/// every record of an interrupted batch a new key on resume.
const KEY_NAMESPACE: Uuid = Uuid::from_u128(0x6d1f_3a52_8c4b_4f0e_9a7d_52e1_b0c3_9f18);

/// The `Idempotency-Key` of a record: a UUID v5 of the job, the input's
/// identity (with `--batch-id` in it when given), the line number and the line's text.
pub(crate) fn idempotency_key(job: &str, source: &str, line: u64, text: &str) -> String {
    key_uuid(job, source, line, text).to_string()
}

/// The key as a UUID, which v1 journals keep as the name of a record's content.
pub(crate) fn key_uuid(job: &str, source: &str, line: u64, text: &str) -> Uuid {
    let name = format!("{job}\n{source}\n{line}\n{text}");
    Uuid::new_v5(&KEY_NAMESPACE, name.as_bytes())
}

/// A record ready to run.
pub(crate) struct Inputs {
    pub(crate) values: Object,
    /// Values of inputs marked `sensitive`, hidden in what is printed about this record.
    pub(crate) secrets: Secrets,
}

/// A line read as a record.
pub(crate) struct Record {
    /// The line of the first input this record came from, when the line is
    /// a dead letter fed back: reported instead of its line in the dead-letter file.
    pub(crate) original_line: Option<u64>,
    pub(crate) inputs: Result<Inputs, String>,
}

/// The record on this line: its inputs, or why it cannot run.
pub(crate) fn read(job: &Job, function: &Function, text: &str) -> Record {
    let json: Json = match serde_json::from_str(text) {
        Ok(json) => json,
        Err(error) => {
            return Record {
                original_line: None,
                inputs: Err(format!("the line is not valid JSON: {error}")),
            };
        }
    };
    let original_line = dead_letter_line(&json);
    let inputs = unwrap_dead_letter(json).and_then(|json| inputs_of(job, function, &json));
    Record {
        original_line,
        inputs,
    }
}

fn inputs_of(job: &Job, function: &Function, json: &Json) -> Result<Inputs, String> {
    let Json::Object(fields) = json else {
        return Err(format!(
            "the line holds {}, not an object of inputs such as {{\"payload\": {{...}}}}",
            json_kind(json)
        ));
    };
    let mut provided = job.main_input.clone();
    let Value::Object(overrides) = Value::from_json(json) else {
        return Err("the line is not an object of inputs".to_owned());
    };
    for (key, value) in std::sync::Arc::unwrap_or_clone(overrides) {
        provided.insert(key, value);
    }
    let checked = check_inputs(&function.inputs, &provided).map_err(|errors| {
        errors
            .problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    // A misspelt key would otherwise be dropped and the default sent instead.
    if let Some(unknown) = checked
        .ignored
        .iter()
        .find(|problem| fields.contains_key(&problem.path))
    {
        let names: Vec<&str> = function
            .inputs
            .iter()
            .map(|spec| spec.name.as_str())
            .collect();
        return Err(format!(
            "function `{}` has no input `{}`; its inputs are: {}",
            function.name,
            unknown.path,
            names.join(", ")
        ));
    }
    let mut secrets = Secrets::default();
    for spec in function.inputs.iter().filter(|spec| spec.sensitive) {
        if let Some(value) = checked.values.get(&spec.name) {
            secrets.add_value(&value.to_json());
        }
    }
    Ok(Inputs {
        values: checked.values,
        secrets,
    })
}

/// The `dead_letter.line` of a dead letter: the record's line in the input it first came from.
fn dead_letter_line(json: &Json) -> Option<u64> {
    let Json::Object(fields) = json else {
        return None;
    };
    if !super::dead_letter::is_dead_letter(fields) {
        return None;
    }
    fields
        .get(super::dead_letter::META_KEY)?
        .get("line")?
        .as_u64()
        .filter(|line| *line > 0)
}

/// A line of a dead-letter file is fed back as the record it holds, so a
/// dead-letter file can be given to `--each` as it is (or after fixing it).
fn unwrap_dead_letter(json: Json) -> Result<Json, String> {
    let Json::Object(mut fields) = json else {
        return Ok(json);
    };
    if !super::dead_letter::is_dead_letter(&fields) {
        return Ok(Json::Object(fields));
    }
    if let Some(Json::String(encoded)) = fields.remove(super::dead_letter::ORIGINAL_BASE64_KEY) {
        return raw_dead_letter(&encoded);
    }
    let original = match fields.remove(super::dead_letter::ORIGINAL_KEY) {
        // The original line was not JSON; once fixed, it is read as a line again.
        Some(Json::String(text)) => serde_json::from_str(&text).map_err(|error| {
            format!("the dead letter's `original` line is still not valid JSON: {error}")
        })?,
        Some(original) => original,
        None => Json::Null,
    };
    // Sending the placeholder in place of a password would be worse than not sending.
    if let Some(path) = redacted_path(&original, "original") {
        return Err(format!(
            "the dead letter's record has `{}` at `{path}`, where a secret was: put the real value back before feeding it to `--each`",
            crate::redact::PLACEHOLDER
        ));
    }
    Ok(original)
}

/// A dead letter of a line that was not UTF-8: read again as a line, once fixed.
fn raw_dead_letter(encoded: &str) -> Result<Json, String> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|error| format!("the dead letter's `original_base64` is not base64: {error}"))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        "the dead letter's line (`original_base64`) is still not UTF-8 text".to_owned()
    })?;
    serde_json::from_str(text)
        .map_err(|error| format!("the dead letter's line is still not valid JSON: {error}"))
}

/// Where a value redacted by the dead-letter file sits in `json`, if anywhere.
fn redacted_path(json: &Json, path: &str) -> Option<String> {
    match json {
        Json::String(text) if text.starts_with("[redacted") => Some(path.to_owned()),
        Json::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(at, item)| redacted_path(item, &format!("{path}[{at}]"))),
        Json::Object(fields) => fields
            .iter()
            .find_map(|(key, value)| redacted_path(value, &format!("{path}.{key}"))),
        _ => None,
    }
}

fn json_kind(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a text",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_and_differ_by_line_content_and_source() {
        let key = idempotency_key("Job", "/data/users.jsonl", 7, "{\"id\":1}");
        assert_eq!(
            key,
            idempotency_key("Job", "/data/users.jsonl", 7, "{\"id\":1}")
        );
        assert_ne!(
            key,
            idempotency_key("Job", "/data/users.jsonl", 8, "{\"id\":1}")
        );
        assert_ne!(
            key,
            idempotency_key("Job", "/data/users.jsonl", 7, "{\"id\":2}")
        );
        assert_ne!(key, idempotency_key("Job", "stdin", 7, "{\"id\":1}"));
        assert_eq!(key.len(), 36, "{key}");
    }

    #[test]
    fn a_dead_letter_line_unwraps_to_its_original_record() {
        let line = serde_json::json!({
            "dead_letter": {"line": 3, "error": "410", "attempts": 1},
            "original": {"payload": {"id": 1}}
        });
        assert_eq!(dead_letter_line(&line), Some(3));
        assert_eq!(
            unwrap_dead_letter(line).expect("unwraps"),
            serde_json::json!({"payload": {"id": 1}})
        );
        assert_eq!(
            dead_letter_line(&serde_json::json!({"payload": {"line": 3}})),
            None
        );
        let redacted = serde_json::json!({
            "dead_letter": {"line": 5, "error": "410", "attempts": 1, "redacted": true},
            "original": {"payload": {"id": 5}, "api_token": "[redacted:…1111]"}
        });
        let refused = unwrap_dead_letter(redacted).expect_err("refused");
        assert!(refused.contains("`original.api_token`"), "{refused}");
        let fixed_text = serde_json::json!({
            "dead_letter": {"line": 4, "error": "bad json", "attempts": 0},
            "original": "{\"payload\": {\"id\": 2}}"
        });
        assert_eq!(
            unwrap_dead_letter(fixed_text).expect("unwraps"),
            serde_json::json!({"payload": {"id": 2}})
        );
    }
}
