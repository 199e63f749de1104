//! Input validation: the values a caller provides checked against a
//! function's `input { ... }` block, as Xano does before the stack runs.
//!
//! Decisions where Xano's docs are silent:
//! - Undeclared keys are dropped (Xano ignores them) and reported as warnings
//!   in [`ValidatedInputs::ignored`], with a "did you mean" when close.
//! - An omitted optional input without a default is left out of the result
//!   (reading it gives null); nested object fields likewise, so a payload is
//!   never padded with keys the caller did not send.
//! - Numbers and booleans passed to text inputs become their text, as Xano does.
//! - A single value is never wrapped into an array: `text[]` needs an array.
//! - Required text (no `?` after the name) rejects `""`, after filters such as
//!   `trim` have run.
//! - Array length: `type[1:10]` bounds it, and then `min`/`max` filters apply
//!   to each element (types.md: `int[1:10] scores filters=min:0|max:100`);
//!   without bounds, `min`/`max` bound the length (types.md's array filters).
//!   Other filters always apply to each element.

mod coerce;
mod filters;
mod spec;

use std::fmt;

pub use spec::build_input_specs;

use crate::job::model::{InputSpec, InputType};
use crate::program::same_short_text;
use crate::suggest;
use crate::value::{Object, Value};

use self::coerce::{Mismatch, shown};

/// One problem with one provided value.
#[derive(Debug, Clone, PartialEq)]
pub struct InputProblem {
    /// Where the value is: `scenario_name`, `payload.email`, `tags[2]`.
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "input `{}`: {}", self.path, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputProblem {}

/// Every problem with the provided inputs, reported together.
#[derive(Debug, Clone, PartialEq)]
pub struct InputErrors {
    pub problems: Vec<InputProblem>,
}

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// Valid inputs, and the provided keys that were dropped because no input
/// declares them.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedInputs {
    pub values: Object,
    pub ignored: Vec<InputProblem>,
}

/// Validates `provided` against `specs`: defaults, required and nullable
/// rules, types with coercions, schemas and filters. Every problem is
/// reported at once.
pub fn validate_inputs(specs: &[InputSpec], provided: &Object) -> Result<Object, InputErrors> {
    check_inputs(specs, provided).map(|validated| validated.values)
}

/// [`validate_inputs`] taking the provided object by value, as `function.run`
/// does on every call: when it holds exactly the declared inputs in their
/// order, each value is checked and replaced where it stands, so the object
/// and its keys are reused instead of copied. Otherwise the same as
/// [`validate_inputs`].
pub fn validate_inputs_owned(
    specs: &[InputSpec],
    mut provided: Object,
) -> Result<Object, InputErrors> {
    let in_order = provided.len() == specs.len()
        && provided
            .keys()
            .zip(specs)
            .all(|(key, spec)| same_short_text(key.as_bytes(), spec.name.as_bytes()));
    if !in_order {
        return validate_inputs(specs, &provided);
    }
    let mut checker = Checker::default();
    for (spec, value) in specs.iter().zip(provided.values_mut()) {
        if passes_as_is(spec, value) {
            continue;
        }
        let path = Path::Field {
            parent: None,
            name: &spec.name,
        };
        // With a value provided, `field` gives `None` only after recording a problem.
        if let Some(checked) = checker.field(spec, Some(value), &path, false, None) {
            *value = checked;
        }
    }
    if checker.problems.is_empty() {
        Ok(provided)
    } else {
        Err(InputErrors {
            problems: checker.problems,
        })
    }
}

/// Whether checking `value` against `spec` would give it back unchanged:
/// a scalar of exactly the declared type, not null, with no input filters.
/// `function.run` passes most of its inputs so, and they are then left
/// where they are instead of being copied into themselves.
fn passes_as_is(spec: &InputSpec, value: &Value) -> bool {
    !spec.is_array
        && spec.filters.is_empty()
        && match (spec.ty, value) {
            (InputType::Int, Value::Int(_)) | (InputType::Bool, Value::Bool(_)) => true,
            (InputType::Text, Value::Text(text)) => !text.is_empty(),
            (InputType::Json, value) => !value.is_null(),
            _ => false,
        }
}

/// [`validate_inputs`], also returning the undeclared keys it dropped.
pub fn check_inputs(
    specs: &[InputSpec],
    provided: &Object,
) -> Result<ValidatedInputs, InputErrors> {
    let mut checker = Checker::default();
    let values = checker.fields(specs, provided, None, false);
    if checker.problems.is_empty() {
        Ok(ValidatedInputs {
            values,
            ignored: checker.ignored,
        })
    } else {
        Err(InputErrors {
            problems: checker.problems,
        })
    }
}

/// Everything validation found, whether or not it failed: for the loader,
/// which reports problems and ignored keys of `main.input` together.
pub(crate) fn check_inputs_fully(
    specs: &[InputSpec],
    provided: &Object,
) -> (Vec<InputProblem>, Vec<InputProblem>) {
    let mut checker = Checker::default();
    checker.fields(specs, provided, None, false);
    (checker.problems, checker.ignored)
}

#[derive(Default)]
struct Checker {
    problems: Vec<InputProblem>,
    ignored: Vec<InputProblem>,
}

/// Where a value is, written out only for a problem: `payload.email`,
/// `tags[2]`. Validation runs on every `function.run`, and building this
/// text for every field that passes was a tenth of a recursive job's time.
#[derive(Clone, Copy)]
enum Path<'a> {
    Field {
        parent: Option<&'a Path<'a>>,
        name: &'a str,
    },
    Item {
        parent: &'a Path<'a>,
        index: usize,
    },
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Field { parent: None, name } => f.write_str(name),
            Path::Field {
                parent: Some(parent),
                name,
            } => write!(f, "{parent}.{name}"),
            Path::Item { parent, index } => write!(f, "{parent}[{index}]"),
        }
    }
}

impl Checker {
    fn problem(&mut self, path: &Path<'_>, mismatch: Mismatch) {
        self.problems.push(InputProblem {
            path: path.to_string(),
            message: mismatch.message,
            hint: mismatch.hint,
        });
    }

    /// Validates the fields of one object (the top-level inputs or a schema).
    fn fields(
        &mut self,
        specs: &[InputSpec],
        provided: &Object,
        parent: Option<&Path<'_>>,
        parent_sensitive: bool,
    ) -> Object {
        let mut values = Object::with_capacity_and_hasher(specs.len(), Default::default());
        for spec in specs {
            let path = Path::Field {
                parent,
                name: &spec.name,
            };
            if let Some(value) = self.field(
                spec,
                provided.get(&spec.name),
                &path,
                parent_sensitive,
                parent,
            ) {
                values.insert(spec.name.clone(), value);
            }
        }
        let declared = || specs.iter().map(|spec| spec.name.as_str());
        for key in provided.keys() {
            if declared().any(|name| name == key) {
                continue;
            }
            let where_ = match parent {
                Some(parent) => format!("the schema of `{parent}`"),
                None => "the function's inputs".to_owned(),
            };
            self.ignored.push(InputProblem {
                path: Path::Field { parent, name: key }.to_string(),
                message: format!("is not declared in {where_}, so it was ignored"),
                hint: suggest::did_you_mean(key, declared()),
            });
        }
        values
    }

    /// One declared field: presence, null, then its value. `None` leaves it out.
    fn field(
        &mut self,
        spec: &InputSpec,
        provided: Option<&Value>,
        path: &Path<'_>,
        parent_sensitive: bool,
        parent: Option<&Path<'_>>,
    ) -> Option<Value> {
        let sensitive = parent_sensitive || spec.sensitive || spec.ty == InputType::Password;
        let value = match (provided, &spec.default) {
            (Some(value), _) => value,
            (None, Some(default)) => default,
            (None, None) if spec.optional => return None,
            (None, None) => {
                let hint = match parent {
                    Some(parent) => format!("add `{}` to `{parent}`", spec.name),
                    None => format!("pass --input {}=...", spec.name),
                };
                self.problem(
                    path,
                    Mismatch {
                        message: "is required but missing".to_owned(),
                        hint: Some(hint),
                    },
                );
                return None;
            }
        };
        if value.is_null() {
            if spec.nullable {
                return Some(Value::Null);
            }
            let hint = if spec.optional {
                "pass a value or leave it out"
            } else {
                "pass a value"
            };
            self.problem(
                path,
                Mismatch {
                    message: "must not be null".to_owned(),
                    hint: Some(hint.to_owned()),
                },
            );
            return None;
        }
        let value = if spec.is_array {
            self.array(spec, value, path, sensitive)?
        } else {
            self.scalar(spec, value, path, sensitive, false)?
        };
        let is_empty_text = matches!(&value, Value::Text(text) if text.is_empty());
        let text_like = matches!(
            spec.ty,
            InputType::Text | InputType::Password | InputType::Enum
        );
        if !spec.optional && !spec.is_array && text_like && is_empty_text {
            let hint = if spec.default.is_some() {
                "pass a non-empty value or leave it out to use the default"
            } else {
                "pass a non-empty value, or declare the input optional (`name?`) to allow empty text"
            };
            self.problem(
                path,
                Mismatch {
                    message: "is required and must not be empty".to_owned(),
                    hint: Some(hint.to_owned()),
                },
            );
            return None;
        }
        Some(value)
    }

    fn array(
        &mut self,
        spec: &InputSpec,
        value: &Value,
        path: &Path<'_>,
        sensitive: bool,
    ) -> Option<Value> {
        let Value::Array(items) = value else {
            self.problem(
                path,
                Mismatch {
                    message: format!(
                        "expected an array of {}, got {}",
                        spec.ty.name(),
                        shown(value, sensitive)
                    ),
                    hint: Some("pass a JSON array, e.g. [\"a\", \"b\"]; one value is not wrapped into an array".to_owned()),
                },
            );
            return None;
        };
        let before = self.problems.len();
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let item_path = Path::Item {
                parent: path,
                index,
            };
            if item.is_null() {
                if spec.nullable {
                    out.push(Value::Null);
                } else {
                    self.problem(
                        &item_path,
                        Mismatch {
                            message: "must not be null".to_owned(),
                            hint: None,
                        },
                    );
                }
                continue;
            }
            let filters_bound_length = spec.array_bounds.is_none();
            if let Some(item) = self.scalar(spec, item, &item_path, sensitive, filters_bound_length)
            {
                out.push(item);
            }
        }
        let length_problems = match spec.array_bounds {
            Some(bounds) => filters::check_bounds(bounds, items.len()),
            None => filters::check_array_length(&spec.filters, items.len()),
        };
        for mismatch in length_problems {
            self.problem(path, mismatch);
        }
        (self.problems.len() == before).then_some(Value::array(out))
    }

    /// One value of the declared type (an element, for arrays): coercion,
    /// the schema of objects, then filters.
    fn scalar(
        &mut self,
        spec: &InputSpec,
        value: &Value,
        path: &Path<'_>,
        sensitive: bool,
        is_element: bool,
    ) -> Option<Value> {
        let value = match coerce::coerce(spec, value, sensitive) {
            Ok(value) => value,
            Err(mismatch) => {
                self.problem(path, mismatch);
                return None;
            }
        };
        let value = match value {
            Value::Object(object) if spec.ty == InputType::Object && !spec.schema.is_empty() => {
                let before = self.problems.len();
                let fields = self.fields(&spec.schema, &object, Some(path), sensitive);
                if self.problems.len() > before {
                    return None;
                }
                Value::object(fields)
            }
            other => other,
        };
        let mut mismatches = Vec::new();
        let value = filters::apply(&spec.filters, value, is_element, &mut mismatches);
        if mismatches.is_empty() {
            Some(value)
        } else {
            for mismatch in mismatches {
                self.problem(path, mismatch);
            }
            None
        }
    }
}

/// Reads the VALUE of `--input KEY=VALUE` as the declared type: text as is
/// for text-like types, numbers and booleans parsed, JSON for `json`,
/// `object` and arrays. For non-text types the word `null` gives null.
/// The result is then checked by [`validate_inputs`].
pub fn parse_cli_value(spec: &InputSpec, raw: &str) -> Result<Value, InputProblem> {
    let problem = |message: String, hint: &str| InputProblem {
        path: spec.name.clone(),
        message,
        hint: Some(hint.to_owned()),
    };
    let text_like = matches!(
        spec.ty,
        InputType::Text
            | InputType::Password
            | InputType::Email
            | InputType::Uuid
            | InputType::Date
            | InputType::Enum
            | InputType::Timestamp
    );
    if !spec.is_array && text_like {
        return Ok(Value::Text(raw.to_owned()));
    }
    if raw.trim() == "null" {
        return Ok(Value::Null);
    }
    if spec.is_array || matches!(spec.ty, InputType::Json | InputType::Object) {
        return serde_json::from_str::<serde_json::Value>(raw)
            .map(|json| Value::from_json(&json))
            .map_err(|error| {
                problem(
                    format!(
                        "`--input {}` is not valid JSON: {} at line {} column {}",
                        spec.name,
                        json_error_reason(&error),
                        error.line(),
                        error.column()
                    ),
                    &format!(
                        "quote the JSON for your shell, e.g. --input {}='{}', or read it from a file with --input {}=@file.json",
                        spec.name,
                        json_example(spec),
                        spec.name
                    ),
                )
            });
    }
    let trimmed = raw.trim();
    let sensitive = spec.sensitive;
    match spec.ty {
        InputType::Int => trimmed.parse::<i64>().map(Value::Int).map_err(|_| {
            problem(
                format!(
                    "expected an int, got {}",
                    shown(&Value::Text(raw.to_owned()), sensitive)
                ),
                "pass a whole number such as 5",
            )
        }),
        InputType::Decimal => trimmed
            .parse::<f64>()
            .ok()
            .filter(|d| d.is_finite())
            .map(Value::Decimal)
            .ok_or_else(|| {
                problem(
                    format!(
                        "expected a decimal, got {}",
                        shown(&Value::Text(raw.to_owned()), sensitive)
                    ),
                    "pass a number such as 2.5",
                )
            }),
        InputType::Bool => match trimmed.to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(Value::Bool(true)),
            "false" | "0" => Ok(Value::Bool(false)),
            _ => Err(problem(
                format!(
                    "expected a bool, got {}",
                    shown(&Value::Text(raw.to_owned()), sensitive)
                ),
                "use true, false, 1 or 0",
            )),
        },
        // Text-like, JSON and object types were handled above.
        _ => Ok(Value::Text(raw.to_owned())),
    }
}

/// serde_json's message without its own " at line X column Y" suffix, which
/// the caller writes once.
fn json_error_reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}

fn json_example(spec: &InputSpec) -> &'static str {
    if spec.is_array {
        "[\"a\", \"b\"]"
    } else {
        "{\"key\": \"value\"}"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, ty: InputType) -> InputSpec {
        InputSpec {
            name: name.to_owned(),
            ty,
            is_array: false,
            array_bounds: None,
            nullable: false,
            optional: false,
            default: None,
            filters: Vec::new(),
            sensitive: false,
            description: None,
            enum_values: Vec::new(),
            schema: Vec::new(),
            span: crate::source::Span::default(),
        }
    }

    /// What the shortcut lets through, the full check gives back unchanged.
    #[test]
    fn values_passed_as_they_are_are_what_the_full_check_gives() {
        let json = |text: &str| Value::from_json(&serde_json::from_str(text).unwrap());
        let cases = [
            (InputType::Int, json("7")),
            (InputType::Bool, json("false")),
            (InputType::Text, json(r#""seven""#)),
            (InputType::Json, json(r#"[[1, 2], {"a": null}]"#)),
            (InputType::Json, json("0")),
        ];
        for (ty, value) in cases {
            let specs = [spec("x", ty)];
            assert!(passes_as_is(&specs[0], &value), "{ty:?} {value:?}");
            let provided: Object = [("x".to_owned(), value.clone())].into_iter().collect();
            let full = validate_inputs(&specs, &provided).expect("valid");
            assert_eq!(full.get("x"), Some(&value), "{ty:?}");
        }
        // Everything else takes the full check: conversions, null, empty text.
        for (ty, value) in [
            (InputType::Int, json(r#""7""#)),
            (InputType::Int, json("7.0")),
            (InputType::Text, json(r#""""#)),
            (InputType::Text, json("7")),
            (InputType::Json, json("null")),
            (InputType::Email, json(r#""a@b.co""#)),
        ] {
            assert!(!passes_as_is(&spec("x", ty), &value), "{ty:?} {value:?}");
        }
    }
}
