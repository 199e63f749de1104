//! Input filters (`filters=trim|lower|min:3`): transformations and checks
//! applied, in order, after a value has its declared type.

use crate::job::inputs::coerce::Mismatch;
use crate::syntax::ast::{ArrayBounds, InputFilter};
use crate::value::Value;

/// Every input filter this runner knows, as types.md lists them.
pub(crate) const KNOWN: &[&str] = &[
    "trim",
    "lower",
    "upper",
    "min",
    "max",
    "ok",
    "prevent",
    "startsWith",
    "alphaOk",
    "digitOk",
    "pattern",
    "minAlpha",
    "minLowerAlpha",
    "minUpperAlpha",
    "minDigit",
    "minSymbol",
];

/// The filter's argument as written: the parser splits on `:`, but a pattern
/// or a character list may contain `:` itself.
fn argument(filter: &InputFilter) -> String {
    filter.args.join(":")
}

fn number_argument(filter: &InputFilter) -> Option<f64> {
    argument(filter)
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// Checks a filter's declaration once, at load time: its name and argument.
pub(crate) fn check_declaration(filter: &InputFilter) -> Result<(), Mismatch> {
    let name = filter.name.text.as_str();
    let arg = argument(filter);
    match name {
        "trim" | "lower" | "upper" | "alphaOk" | "digitOk" => {
            if arg.is_empty() {
                Ok(())
            } else {
                Err(Mismatch {
                    message: format!("input filter `{name}` takes no argument"),
                    hint: Some(format!("write `{name}` alone")),
                })
            }
        }
        "min" | "max" | "minAlpha" | "minLowerAlpha" | "minUpperAlpha" | "minDigit"
        | "minSymbol" => match number_argument(filter) {
            Some(_) => Ok(()),
            None => Err(Mismatch {
                message: format!("input filter `{name}` needs a number, got `{arg}`"),
                hint: Some(format!("write it like `{name}:3`")),
            }),
        },
        "ok" | "prevent" | "startsWith" if arg.is_empty() => Err(Mismatch {
            message: format!("input filter `{name}` needs an argument"),
            hint: Some(format!("write it like `{name}:abc`")),
        }),
        "ok" | "prevent" | "startsWith" => Ok(()),
        "pattern" => regex::Regex::new(&arg)
            .map(|_| ())
            .map_err(|error| Mismatch {
                message: format!(
                    "input filter `pattern` has an invalid regular expression `{arg}`"
                ),
                hint: Some(first_line(&error.to_string())),
            }),
        _ => Err(Mismatch {
            message: format!("unknown input filter `{name}`"),
            hint: crate::suggest::did_you_mean(name, KNOWN.iter().copied())
                .or_else(|| Some(format!("known filters: {}", KNOWN.join(", ")))),
        }),
    }
}

fn first_line(text: &str) -> String {
    // regex errors span several lines with a caret drawing; the last line says what is wrong.
    text.lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or(text)
        .trim()
        .trim_start_matches("error:")
        .trim()
        .to_owned()
}

/// What `min`/`max` measure on an array: its length, not its elements.
pub(crate) fn is_length_filter(filter: &InputFilter) -> bool {
    matches!(filter.name.text.as_str(), "min" | "max")
}

/// Applies `min`/`max` to an array's length.
pub(crate) fn check_array_length(filters: &[InputFilter], len: usize) -> Vec<Mismatch> {
    let mut problems = Vec::new();
    for filter in filters.iter().filter(|filter| is_length_filter(filter)) {
        let Some(limit) = number_argument(filter) else {
            continue;
        };
        let count = len as f64;
        if filter.name.text == "min" && count < limit {
            problems.push(Mismatch {
                message: format!("needs at least {limit} {}, got {len}", items_word(limit)),
                hint: None,
            });
        } else if filter.name.text == "max" && count > limit {
            problems.push(Mismatch {
                message: format!("allows at most {limit} {}, got {len}", items_word(limit)),
                hint: None,
            });
        }
    }
    problems
}

fn items_word(count: f64) -> &'static str {
    if count == 1.0 { "item" } else { "items" }
}

/// Applies `type[min:max]` bounds to an array's length.
pub(crate) fn check_bounds(bounds: ArrayBounds, len: usize) -> Vec<Mismatch> {
    let len_u64 = len as u64;
    let mut problems = Vec::new();
    if bounds.min.is_some_and(|min| len_u64 < min) || bounds.max.is_some_and(|max| len_u64 > max) {
        let wanted = match (bounds.min, bounds.max) {
            (Some(min), Some(max)) if min == max => format!("exactly {min}"),
            (Some(min), Some(max)) => format!("between {min} and {max}"),
            (Some(min), None) => format!("at least {min}"),
            (None, Some(max)) => format!("at most {max}"),
            (None, None) => return problems,
        };
        problems.push(Mismatch {
            message: format!("needs {wanted} items, got {len}"),
            hint: None,
        });
    }
    problems
}

/// Applies filters to one value: transformations change it, checks add
/// problems. For array elements, `skip_length` leaves `min`/`max` to the array.
pub(crate) fn apply(
    filters: &[InputFilter],
    mut value: Value,
    skip_length: bool,
    problems: &mut Vec<Mismatch>,
) -> Value {
    for filter in filters {
        if skip_length && is_length_filter(filter) {
            continue;
        }
        let name = filter.name.text.as_str();
        match (&mut value, name) {
            (Value::Text(text), "trim") => *text = text.trim().to_owned(),
            (Value::Text(text), "lower") => *text = text.to_lowercase(),
            (Value::Text(text), "upper") => *text = text.to_uppercase(),
            (_, "min" | "max") => check_bound(filter, &value, problems),
            (Value::Text(text), _) => {
                if let Some(problem) = check_text(filter, text) {
                    problems.push(problem);
                }
            }
            // Text checks on numbers, booleans...: types.md defines them for text only.
            _ => {}
        }
    }
    value
}

fn check_bound(filter: &InputFilter, value: &Value, problems: &mut Vec<Mismatch>) {
    let Some(limit) = number_argument(filter) else {
        return;
    };
    let is_min = filter.name.text == "min";
    let (measure, unit) = match value {
        Value::Text(text) => (text.chars().count() as f64, Some("characters")),
        Value::Int(i) => (*i as f64, None),
        Value::Decimal(d) => (*d, None),
        Value::Array(items) => (items.len() as f64, Some("items")),
        _ => return,
    };
    let broken = if is_min {
        measure < limit
    } else {
        measure > limit
    };
    if !broken {
        return;
    }
    let bound = if is_min { "at least" } else { "at most" };
    let message = match unit {
        Some(unit) => format!("must be {bound} {limit} {unit} long, got {measure}"),
        None => format!("must be {bound} {limit}"),
    };
    problems.push(Mismatch {
        message,
        hint: None,
    });
}

fn check_text(filter: &InputFilter, text: &str) -> Option<Mismatch> {
    let arg = argument(filter);
    let name = filter.name.text.as_str();
    let count = |keep: fn(char) -> bool| text.chars().filter(|&c| keep(c)).count() as f64;
    let fail = |message: String| {
        Some(Mismatch {
            message,
            hint: None,
        })
    };
    match name {
        "ok" if text.chars().any(|c| !arg.contains(c)) => {
            fail(format!("may only contain the characters `{arg}`"))
        }
        "prevent" if text.contains(arg.as_str()) => fail(format!("must not contain `{arg}`")),
        "startsWith" if !text.starts_with(arg.as_str()) => fail(format!("must start with `{arg}`")),
        "alphaOk" if !text.chars().all(|c| c.is_ascii_alphabetic()) => {
            fail("may only contain letters a-z and A-Z".to_owned())
        }
        "digitOk" if !text.chars().all(|c| c.is_ascii_digit()) => {
            fail("may only contain digits 0-9".to_owned())
        }
        "pattern" => match regex::Regex::new(&arg) {
            Ok(pattern) if !pattern.is_match(text) => {
                fail(format!("does not match the pattern `{arg}`"))
            }
            _ => None,
        },
        "minAlpha" | "minLowerAlpha" | "minUpperAlpha" | "minDigit" | "minSymbol" => {
            let limit = number_argument(filter)?;
            let (found, what) = match name {
                "minAlpha" => (count(|c| c.is_ascii_alphabetic()), "letters"),
                "minLowerAlpha" => (count(|c| c.is_ascii_lowercase()), "lowercase letters"),
                "minUpperAlpha" => (count(|c| c.is_ascii_uppercase()), "uppercase letters"),
                "minDigit" => (count(|c| c.is_ascii_digit()), "digits"),
                _ => (
                    count(|c| !c.is_alphanumeric() && !c.is_whitespace()),
                    "symbols",
                ),
            };
            (found < limit).then(|| Mismatch {
                message: format!("must contain at least {limit} {what}"),
                hint: None,
            })
        }
        _ => None,
    }
}
