//! A set of secret values, and the two ways they are hidden.
//!
//! **Values first.** What the tool prints as JSON (a response, a batch
//! line, a report, a `debug.log` value) is redacted as a value before it is
//! serialised: a text equal to a secret, a number equal to a secret number,
//! an object or array equal to a secret one becomes the placeholder *string*
//! `"[redacted]"`, and a secret inside a longer text is replaced there. The
//! escaped form a secret takes in JSON never matters, and the document stays
//! valid JSON whatever the secret is (`true`, `1200`, `null`, `": "`).
//!
//! **Text second.** Every printed line is scrubbed again for each secret in
//! each of its forms (raw, JSON-escaped, percent-encoded). In a JSON
//! document this happens only inside string literals, so it cannot break it.
//!
//! Decisions where nothing else decides:
//! - Secrets shorter than [`MIN_SECRET_LEN`] characters are hidden where they
//!   are a whole value (a text, a number, a header value), never by
//!   substring: replacing every `ab` or `12` in a log would make it
//!   unreadable and would point at the secret by the holes it leaves.
//! - `true`, `false` and `null` carry no secret beyond one bit: a sensitive
//!   boolean is not matched by value (every boolean of the output would go);
//!   a *text* `"true"` (an env value, say) is, like any text.

use std::borrow::Cow;

use serde_json::Value as Json;

use super::forms;

/// Secrets shorter than this are hidden as whole values only.
pub(crate) const MIN_SECRET_LEN: usize = 4;
/// Only secrets at least this long show their last 4 characters, so a
/// short secret is never mostly revealed.
const MIN_LEN_TO_SHOW_TAIL: usize = 16;
/// What a secret that is not text (a number, an object) becomes.
pub(crate) const PLACEHOLDER: &str = "[redacted]";

#[derive(Debug, Clone)]
struct TextSecret {
    text: String,
    mask: String,
    /// Raw, escaped and encoded forms, longest first, for plain text.
    forms: Vec<String>,
    /// The forms that may be matched inside a JSON string literal.
    json_forms: Vec<String>,
    /// `scheme://host/` of a URL: shown on purpose (`host/…x7k2`), so a
    /// text cut short right after it reveals nothing.
    public_start: Option<String>,
}

impl TextSecret {
    /// How long the start of `form` cut by an `…` must be to count.
    fn min_cut(&self, form: &str) -> usize {
        match &self.public_start {
            Some(start) if form.starts_with(start.as_str()) => {
                MIN_SECRET_LEN.max(start.chars().count() + 1)
            }
            _ => MIN_SECRET_LEN,
        }
    }
}

/// `https://hook.eu1.make.com/` of `https://hook.eu1.make.com/TOKEN`.
fn public_start(secret: &str) -> Option<String> {
    let (scheme, rest) = secret.split_once("://")?;
    if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let host_end = rest.find('/')?;
    Some(secret[..scheme.len() + 3 + host_end + 1].to_owned())
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Secrets {
    /// Longest first, so a secret that contains another is hidden whole.
    texts: Vec<TextSecret>,
    numbers: Vec<f64>,
    /// Secret objects and arrays, matched whole.
    trees: Vec<Json>,
}

impl Secrets {
    pub(crate) fn is_empty(&self) -> bool {
        self.texts.is_empty() && self.numbers.is_empty() && self.trees.is_empty()
    }

    /// A secret text, as it is and trimmed (a value read from a file may
    /// carry a newline the printed form does not).
    pub(crate) fn add_text(&mut self, secret: &str) {
        self.add_one_text(secret);
        self.add_one_text(secret.trim());
        // `"1200"` in the env can come out as the number 1200.
        if let Ok(value) = secret.trim().parse::<f64>() {
            self.add_number(value);
        }
    }

    fn add_one_text(&mut self, secret: &str) {
        if secret.is_empty() || self.texts.iter().any(|known| known.text == secret) {
            return;
        }
        self.texts.push(TextSecret {
            text: secret.to_owned(),
            mask: mask(secret),
            forms: forms::of(secret),
            json_forms: forms::in_json(secret),
            public_start: public_start(secret),
        });
        self.texts
            .sort_by_key(|known| std::cmp::Reverse(known.text.len()));
    }

    /// A secret value of any type: texts and numbers are matched as
    /// values, the leaves of an object or array as well as the whole.
    pub(crate) fn add_value(&mut self, secret: &Json) {
        match secret {
            Json::String(text) => self.add_text(text),
            Json::Number(number) => {
                if let Some(value) = number.as_f64() {
                    self.add_number(value);
                }
                // A number also shows up in text: `"pin 1200"`.
                self.add_text(&number.to_string());
            }
            Json::Bool(_) | Json::Null => {}
            Json::Array(items) => {
                self.add_tree(secret);
                for item in items {
                    self.add_value(item);
                }
            }
            Json::Object(fields) => {
                self.add_tree(secret);
                for value in fields.values() {
                    self.add_value(value);
                }
            }
        }
    }

    fn add_number(&mut self, value: f64) {
        if value.is_finite() && !self.numbers.contains(&value) {
            self.numbers.push(value);
        }
    }

    fn add_tree(&mut self, tree: &Json) {
        let empty = match tree {
            Json::Array(items) => items.is_empty(),
            Json::Object(fields) => fields.is_empty(),
            _ => true,
        };
        if !empty && !self.trees.contains(tree) {
            self.trees.push(tree.clone());
        }
    }

    pub(crate) fn extend(&mut self, other: &Secrets) {
        for text in &other.texts {
            self.add_one_text(&text.text);
        }
        for number in &other.numbers {
            if !self.numbers.contains(number) {
                self.numbers.push(*number);
            }
        }
        for tree in &other.trees {
            self.add_tree(tree);
        }
    }

    /// Replaces the secrets in a value about to be serialised; true when
    /// anything changed.
    pub(crate) fn redact_json(&self, json: &mut Json) -> bool {
        if self.is_empty() {
            return false;
        }
        self.redact_json_at(json, 0)
    }

    /// [`Secrets::redact_json`] of a part `depth` levels down. The walk
    /// recurses; values reach it cut at the interpreter's cap or parsed (128
    /// levels), and a part deeper than the cap all the same is hidden whole
    /// rather than walked: it cannot be shown checked.
    fn redact_json_at(&self, json: &mut Json, depth: usize) -> bool {
        if depth > job_runner::value::MAX_WRITTEN_DEPTH {
            *json = Json::String(PLACEHOLDER.to_owned());
            return true;
        }
        if self.is_secret_value(json) {
            *json = Json::String(self.mask_of(json));
            return true;
        }
        match json {
            Json::String(text) => match self.redact_in_value_text(text) {
                Cow::Owned(redacted) => {
                    *text = redacted;
                    true
                }
                Cow::Borrowed(_) => false,
            },
            Json::Array(items) => {
                let mut changed = false;
                for item in items {
                    changed |= self.redact_json_at(item, depth + 1);
                }
                changed
            }
            Json::Object(fields) => {
                let mut changed = false;
                let secret_key = fields
                    .keys()
                    .any(|key| matches!(self.redact_in_value_text(key), Cow::Owned(_)));
                if secret_key {
                    let renamed = std::mem::take(fields)
                        .into_iter()
                        .map(|(key, value)| (self.redact_in_value_text(&key).into_owned(), value));
                    fields.extend(renamed);
                    changed = true;
                }
                for value in fields.values_mut() {
                    changed |= self.redact_json_at(value, depth + 1);
                }
                changed
            }
            Json::Number(_) | Json::Bool(_) | Json::Null => false,
        }
    }

    fn is_secret_value(&self, json: &Json) -> bool {
        match json {
            Json::String(text) => self.texts.iter().any(|secret| secret.text == *text),
            Json::Number(number) => number
                .as_f64()
                .is_some_and(|value| self.numbers.contains(&value)),
            Json::Array(_) | Json::Object(_) => self.trees.contains(json),
            Json::Bool(_) | Json::Null => false,
        }
    }

    fn mask_of(&self, json: &Json) -> String {
        match json {
            Json::String(text) => mask(text),
            _ => PLACEHOLDER.to_owned(),
        }
    }

    /// Inside a text value, as in printed text: a text value can carry a
    /// JSON document or a URL of its own (a quoted answer, a message).
    fn redact_in_value_text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.redact_text(text)
    }

    fn long_texts(&self) -> impl Iterator<Item = &TextSecret> {
        self.texts
            .iter()
            .filter(|secret| secret.text.chars().count() >= MIN_SECRET_LEN)
    }

    /// The text scrubber, for printed text: every form of every secret
    /// long enough, and the start of one where an `…` cut it short.
    pub(crate) fn redact_text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut text = Cow::Borrowed(text);
        for secret in self.long_texts() {
            for form in &secret.forms {
                if text.contains(form.as_str()) {
                    text = Cow::Owned(text.replace(form.as_str(), &secret.mask));
                }
            }
        }
        if text.contains('…') {
            for secret in self.long_texts() {
                for form in &secret.forms {
                    let min = secret.min_cut(form);
                    if let Some(cut) =
                        replace_cut_prefixes(&text, form, &secret.mask, min, |_, _| true)
                    {
                        text = Cow::Owned(cut);
                    }
                }
            }
        }
        text
    }

    /// The text scrubber for a JSON document: only inside its string
    /// literals, and only where a match starts an escape sequence of its
    /// own, so the document stays valid JSON.
    pub(crate) fn redact_json_text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let needed = self.long_texts().any(|secret| {
            secret
                .json_forms
                .iter()
                .any(|form| text.contains(form.as_str()))
        });
        if !needed {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for (from, to) in forms::string_literals(text) {
            out.push_str(&text[last..from]);
            out.push_str(&self.redact_literal(&text[from..to]));
            last = to;
        }
        out.push_str(&text[last..]);
        Cow::Owned(out)
    }

    fn redact_literal(&self, literal: &str) -> String {
        let mut literal = literal.to_owned();
        for secret in self.long_texts() {
            for form in &secret.json_forms {
                literal = replace_clean(&literal, form, &secret.mask);
            }
        }
        if literal.contains('…') {
            for secret in self.long_texts() {
                for form in &secret.json_forms {
                    let min = secret.min_cut(form);
                    if let Some(cut) = replace_cut_prefixes(
                        &literal,
                        form,
                        &secret.mask,
                        min,
                        forms::starts_cleanly,
                    ) {
                        literal = cut;
                    }
                }
            }
        }
        literal
    }
}

/// Replaces the starts of `form` that an `…` cut short, where `clean` allows.
fn replace_cut_prefixes(
    text: &str,
    form: &str,
    mask: &str,
    min_chars: usize,
    clean: impl Fn(&str, usize) -> bool,
) -> Option<String> {
    let ranges: Vec<(usize, usize)> = forms::cut_prefixes(text, form, min_chars)
        .into_iter()
        .filter(|(from, _)| clean(text, *from))
        .collect();
    if ranges.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (from, to) in ranges {
        out.push_str(&text[last..from]);
        out.push_str(mask);
        last = to;
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// Replaces the matches of `form` that start an escape sequence of their own.
fn replace_clean(literal: &str, form: &str, mask: &str) -> String {
    let mut out = String::with_capacity(literal.len());
    let mut last = 0;
    for (at, _) in literal.match_indices(form) {
        if at < last || !forms::starts_cleanly(literal, at) {
            continue;
        }
        out.push_str(&literal[last..at]);
        out.push_str(mask);
        last = at + form.len();
    }
    out.push_str(&literal[last..]);
    out
}

/// `[redacted:…x7k2]`, or `[redacted]` for a secret too short to show any of it.
pub(crate) fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < MIN_LEN_TO_SHOW_TAIL {
        return PLACEHOLDER.to_owned();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("[redacted:…{tail}]")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn secrets(values: &[Json]) -> Secrets {
        let mut secrets = Secrets::default();
        for value in values {
            secrets.add_value(value);
        }
        secrets
    }

    #[test]
    fn json_nested_deeper_than_the_cap_is_hidden_there_not_walked() {
        let cap = job_runner::value::MAX_WRITTEN_DEPTH;
        // Built, redacted and dropped on a large stack: serde_json's own
        // drop recurses too.
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || {
                let secrets = secrets(&[json!("s3cret-value")]);
                let mut deep = (0..cap + 50).fold(json!("public"), |inner, _| json!([inner]));
                assert!(secrets.redact_json(&mut deep));
                let mut part = &deep;
                let mut depth = 0;
                while let Json::Array(items) = part {
                    part = &items[0];
                    depth += 1;
                }
                assert_eq!(depth, cap + 1);
                assert_eq!(part, &json!(PLACEHOLDER));
            })
            .expect("spawn")
            .join()
            .expect("redacted");
    }

    #[test]
    fn short_and_json_looking_secrets_become_placeholder_strings() {
        let secrets = secrets(&[json!("true"), json!(1200), json!("null"), json!("\": \"")]);
        let mut response = json!({
            "ok": true, "dry_run": "true", "pin": 1200, "note": null,
            "sep": "\": \"", "label": "pin 1200 set"
        });
        assert!(secrets.redact_json(&mut response));
        assert_eq!(
            response,
            json!({
                "ok": true, "dry_run": "[redacted]", "pin": "[redacted]", "note": null,
                "sep": "[redacted]", "label": "pin [redacted] set"
            })
        );
    }

    #[test]
    fn a_secret_object_is_hidden_whole_and_by_its_leaves() {
        let creds = json!({"user": "svc-account", "password": "hunter2-pass"});
        let secrets = secrets(std::slice::from_ref(&creds));
        let mut response =
            json!({"creds": creds, "password": "hunter2-pass", "hint": "pw hunter2-pass!"});
        secrets.redact_json(&mut response);
        assert_eq!(
            response,
            json!({"creds": "[redacted]", "password": "[redacted]", "hint": "pw [redacted]!"})
        );
    }

    #[test]
    fn the_text_scrubber_matches_escaped_and_encoded_forms() {
        let secrets = secrets(&[json!("S3cr\"et\tVal")]);
        let text = r#"log: {"v":"S3cr\"et\tVal"} url: ?v=S3cr%22et%09Val raw: S3cr"et	Val"#;
        assert_eq!(
            secrets.redact_text(text),
            r#"log: {"v":"[redacted]"} url: ?v=[redacted] raw: [redacted]"#
        );
    }

    #[test]
    fn the_json_scrubber_never_breaks_the_document() {
        let secrets = secrets(&[json!("true"), json!("ab\\cd"), json!("x\"y: z")]);
        let document = r#"{"ok": true, "list": ["ab\\cd", "ab\\\\cd", "x\"y: z", "untrue"]}"#;
        let scrubbed = secrets.redact_json_text(document);
        let parsed: Json = serde_json::from_str(&scrubbed).expect("still JSON");
        assert_eq!(
            parsed,
            // `ab\\\\cd` is the secret escaped once more: JSON carried in a JSON string.
            json!({"ok": true, "list": ["[redacted]", "[redacted]", "[redacted]", "un[redacted]"]})
        );
    }

    #[test]
    fn a_secret_cut_short_is_hidden_but_a_url_shown_as_host_and_tail_is_not() {
        let secrets = secrets(&[json!(
            "https://hook.eu1.make.com/k3jd8x0qpl2mz7vbn4ty6rc1wa9s5x7k"
        )]);
        let shown = "webhook=https://hook.eu1.make.com/…5x7k";
        assert_eq!(secrets.redact_text(shown), shown);
        assert_eq!(
            secrets.redact_text("answer `https://hook.eu1.make.com/k3jd8x…`"),
            "answer `[redacted:…5x7k]…`"
        );
    }

    #[test]
    fn tiny_secrets_are_hidden_only_as_whole_values() {
        let secrets = secrets(&[json!("k3y")]);
        let mut json = json!({"x-make-apikey": "k3y", "note": "monkey3y"});
        secrets.redact_json(&mut json);
        assert_eq!(
            json,
            json!({"x-make-apikey": "[redacted]", "note": "monkey3y"})
        );
        assert_eq!(secrets.redact_text("k3y"), "k3y");
    }
}
