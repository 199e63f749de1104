//! The filters of XanoScript expressions (`$value|name:arg1:arg2`), by name.
//!
//! Most filters take evaluated arguments ([`FilterFn::Eager`]). The higher-order
//! ones (`map`, `filter`, `find`, `some`, `every`, `reduce`...) take their
//! arguments unevaluated ([`FilterFn::Lazy`]) and ask the interpreter, through
//! [`LazyArgs`], to evaluate them once per item with `$$` bound.
//! Filters are looked up while lowering, so an unknown name is reported before
//! anything runs. Filters see values, never the syntax tree or the lowered
//! program: this module depends on [`crate::value`] alone.

use std::collections::HashMap;
use std::sync::OnceLock;

pub use functions::{function, suggest_function};

use crate::value::{CompareBudget, CompareLimit, Value};

mod array;
mod combine;
mod compare;
mod convert;
mod crypto;
mod encode;
mod encoding;
pub mod examples;
mod functions;
mod higher_order;
mod jose;
mod math;
mod object;
mod radix;
mod records;
mod sprintf;
mod text;
mod time;
mod url;
mod xml;
mod yaml;

/// A filter that takes its arguments evaluated.
pub type EagerFn = fn(&Value, &[Value], &mut dyn FilterContext) -> Result<Value, FilterError>;
/// A filter that takes its arguments unevaluated, to evaluate per item.
pub type LazyFn = fn(&Value, &mut dyn LazyArgs) -> Result<Value, FilterError>;

#[derive(Clone, Copy)]
pub enum FilterFn {
    Eager(EagerFn),
    Lazy(LazyFn),
}

/// One filter of the registry.
pub struct Filter {
    pub name: &'static str,
    pub min_args: usize,
    pub max_args: usize,
    pub func: FilterFn,
    /// A shortcut for the one-argument form that finds the result inside
    /// the input, so the evaluator can lend it instead of copying it
    /// (`$board|get:$r|get:$c` in a loop). `None` from it means "run
    /// `func`"; whatever it returns must equal what `func` would. Only for
    /// filters whose one-argument form is valid (`min_args <= 1`).
    pub peek: Option<PeekFn>,
}

/// See [`Filter::peek`].
pub type PeekFn = for<'v> fn(&'v Value, &Value) -> Option<&'v Value>;

impl std::fmt::Debug for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Filter({})", self.name)
    }
}

impl PartialEq for Filter {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

/// Why a filter failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FilterError {
    /// The filter cannot apply to this value or these arguments.
    #[error("{0}")]
    Invalid(String),
    /// Evaluating an argument expression failed; the interpreter holds the reason.
    #[error("an argument expression failed")]
    Interrupted,
    /// The value the filter would build does not fit in the memory limit.
    #[error("{0}")]
    OverMemory(String),
}

/// A comparison past its budget ends the run as a limit, as memory does.
impl From<CompareLimit> for FilterError {
    fn from(limit: CompareLimit) -> Self {
        FilterError::OverMemory(limit.to_string())
    }
}

/// The bindings of one item while a higher-order filter evaluates its expression.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// `$$` (also `$this`).
    pub value: &'a Value,
    /// `$index`.
    pub index: usize,
    /// `$parent`: the whole array.
    pub parent: &'a Value,
    /// `$result`: the accumulator of `reduce`.
    pub result: Option<&'a Value>,
}

/// The arguments of a lazy filter, which the interpreter evaluates when the
/// filter asks: `index` counts from 0, as written after the filter's name.
/// The registry's `min_args` guarantees the filter's required ones exist.
pub trait LazyArgs {
    /// How many arguments the filter was given.
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Evaluates an argument in the caller's scope.
    fn eval(&mut self, index: usize) -> Result<Value, FilterError>;
    /// Evaluates an argument with `$$`, `$index`, `$parent`, `$result` bound.
    fn eval_item(&mut self, index: usize, item: Item<'_>) -> Result<Value, FilterError>;
}

/// What a filter may ask of the interpreter.
pub trait FilterContext {
    /// Milliseconds since the Unix epoch, from the host's clock.
    fn now_ms(&self) -> i64;
    /// Bytes the run may still allocate before its memory limit, when the
    /// host can tell: a filter about to build a large value checks it first,
    /// since one allocation past what the machine has aborts the process.
    fn memory_left(&self) -> Option<u64> {
        None
    }
    /// What this call's comparisons of arrays and objects may walk; the
    /// interpreter's follows its memory limit.
    fn compare_budget(&self) -> CompareBudget {
        CompareBudget::unlimited()
    }
    /// Parses `source` as an expression and evaluates it in the caller's
    /// scope, for `to_expr`.
    fn evaluate_source(&mut self, source: &str) -> Result<Value, FilterError> {
        let _ = source;
        invalid("`to_expr` cannot run here")
    }
}

/// Refuses to build a value of about `bytes` when the memory left is less:
/// the run then ends with a limit error instead of an allocation failure.
pub(crate) fn ensure_room(
    filter: &str,
    bytes: u64,
    context: &dyn FilterContext,
) -> Result<(), FilterError> {
    Budget::new(filter, context).check(bytes)
}

/// What a filter that cannot know its result's size in advance (a
/// replacement that may expand `$1`, an escape that may grow each
/// character) checks as it builds: the memory left when it started. A
/// builder checks the capacity it holds so far, so the run stops at the
/// limit, one step of the builder past it at most.
pub(crate) struct Budget<'f> {
    filter: &'f str,
    left: Option<u64>,
}

impl<'f> Budget<'f> {
    pub(crate) fn new(filter: &'f str, context: &dyn FilterContext) -> Self {
        Budget {
            filter,
            left: context.memory_left(),
        }
    }

    /// No limit: for callers that run outside a job (tests, docs).
    #[cfg(test)]
    pub(crate) fn unlimited(filter: &'f str) -> Self {
        Budget { filter, left: None }
    }

    /// Fails once `bytes` (built so far, or about to be) is past what is left.
    pub(crate) fn check(&self, bytes: u64) -> Result<(), FilterError> {
        match self.left {
            Some(left) if bytes > left => Err(FilterError::OverMemory(over_memory(
                &format!("`{}`", self.filter),
                bytes,
                left,
            ))),
            _ => Ok(()),
        }
    }
}

/// A text written piece by piece (by a serialiser) within a [`Budget`]: a
/// write past the memory left fails, and [`BudgetWriter::refusal`] says why.
pub(crate) struct BudgetWriter<'f> {
    budget: Budget<'f>,
    out: Vec<u8>,
    refused: Option<FilterError>,
}

impl<'f> BudgetWriter<'f> {
    pub(crate) fn new(budget: Budget<'f>) -> Self {
        BudgetWriter {
            budget,
            out: Vec::new(),
            refused: None,
        }
    }

    /// Why writing stopped: over the budget, or (never expected from a
    /// serialiser of our values) the text it wrote is not UTF-8.
    pub(crate) fn refusal(self) -> FilterError {
        self.refused.unwrap_or_else(|| {
            FilterError::Invalid(format!("`{}` could not write its text", self.budget.filter))
        })
    }

    pub(crate) fn into_text(self) -> String {
        String::from_utf8_lossy(&self.out).into_owned()
    }
}

impl std::io::Write for BudgetWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Err(refused) = self.budget.check((self.out.len() + bytes.len()) as u64) {
            self.refused = Some(refused);
            return Err(std::io::Error::other("over the memory limit"));
        }
        self.out.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The message of a value too large to build: what would build it, its
/// size, what is left, and the flag that raises the limit.
pub(crate) fn over_memory(what: &str, bytes: u64, left: u64) -> String {
    format!(
        "{what} would build about {} MB, more than the {} MB the memory limit leaves (raise it with --max-memory MB if the job needs that much)",
        bytes.div_ceil(1024 * 1024),
        left / (1024 * 1024)
    )
}

/// Refuses to build `parts` values out of about `text_bytes` of text (a
/// split, a decoded document) when that does not fit: each part takes a
/// value's slot besides its text, so a small text can make a large value.
pub(crate) fn ensure_parts_room(
    filter: &str,
    text_bytes: usize,
    parts: usize,
    context: &dyn FilterContext,
) -> Result<(), FilterError> {
    let slot = std::mem::size_of::<Value>() as u64;
    let bytes = (text_bytes as u64).saturating_add((parts as u64).saturating_mul(slot * 2));
    ensure_room(filter, bytes, context)
}

/// About how many bytes one more copy of a value takes: its slot, and its
/// text, which is copied; arrays and objects are shared, not copied, so a
/// copy of one is its slot alone (and nothing needs to walk it).
pub(crate) fn copy_bytes(value: &Value) -> u64 {
    let slot = std::mem::size_of::<Value>() as u64;
    slot + match value {
        Value::Text(text) => text.len() as u64,
        Value::Bytes(bytes) => bytes.len() as u64,
        _ => 0,
    }
}

/// Bytes a value takes at least once written out as JSON text, per value in it.
const BYTES_PER_WRITTEN_VALUE: u64 = 48;

/// Refuses to write `value` out as text (`to_text`, `join`, `~`) when that
/// would not fit in the memory left: arrays and objects share their parts,
/// so a few steps make one small in memory and astronomically large once
/// written, and counting stops at what is left.
pub(crate) fn ensure_written_room(
    filter: &str,
    value: &Value,
    context: &dyn FilterContext,
) -> Result<(), FilterError> {
    let (Value::Array(_) | Value::Object(_)) = value else {
        return Ok(());
    };
    let left = context.memory_left();
    let limit = left.map_or(u64::MAX, |left| left / BYTES_PER_WRITTEN_VALUE);
    match value.written_extent(limit) {
        crate::value::WrittenExtent::Fits => Ok(()),
        crate::value::WrittenExtent::TooDeep => Err(too_deep_to_write(&format!("`{filter}`"))),
        crate::value::WrittenExtent::TooLarge => Err(FilterError::OverMemory(format!(
            "`{filter}` would write out an array or object larger than the {} MB the memory limit leaves: it repeats the same arrays or objects many times over (raise it with --max-memory MB if it should fit)",
            left.unwrap_or(u64::MAX) / (1024 * 1024)
        ))),
    }
}

/// The limit error of `what` (a filter's name in backquotes) writing out
/// a value nested deeper than writers can follow without overflowing the
/// native stack.
pub(crate) fn too_deep_to_write(what: &str) -> FilterError {
    FilterError::OverMemory(format!(
        "{what} cannot write out arrays or objects nested more than {} levels deep (this one was built deeper, likely by wrapping a value in itself in a loop)",
        crate::value::MAX_WRITTEN_DEPTH
    ))
}

/// Shorthand for a filter's failure.
pub(crate) fn invalid<T>(message: impl Into<String>) -> Result<T, FilterError> {
    Err(FilterError::Invalid(message.into()))
}

/// Builds registry entries tersely: `eager("trim", 0, 1, trim)`.
pub(crate) const fn eager(name: &'static str, min: usize, max: usize, f: EagerFn) -> Filter {
    Filter {
        name,
        min_args: min,
        max_args: max,
        func: FilterFn::Eager(f),
        peek: None,
    }
}

/// An eager filter with a [`Filter::peek`] shortcut.
pub(crate) const fn eager_peek(
    name: &'static str,
    min: usize,
    max: usize,
    f: EagerFn,
    peek: PeekFn,
) -> Filter {
    Filter {
        peek: Some(peek),
        ..eager(name, min, max, f)
    }
}

pub(crate) const fn lazy(name: &'static str, min: usize, max: usize, f: LazyFn) -> Filter {
    Filter {
        name,
        min_args: min,
        max_args: max,
        func: FilterFn::Lazy(f),
        peek: None,
    }
}

/// Second names Xano's filter reference gives (`expressions/filters.md`):
/// the alias, then the filter it names.
const ALIASES: &[(&str, &str)] = &[
    ("sub", "subtract"),
    ("mul", "multiply"),
    ("div", "divide"),
    ("mod", "modulus"),
    ("num_min", "min"),
    ("num_max", "max"),
    ("fsort", "sort"),
    ("array_shuffle", "shuffle"),
    ("array_diff", "diff"),
    ("array_diff_assoc", "diff_assoc"),
    ("array_intersect", "intersect"),
    ("array_intersect_assoc", "intersect_assoc"),
    ("array_merge", "merge"),
    ("array_merge_recursive", "merge_recursive"),
    ("array_push", "push"),
    ("array_pop", "pop"),
    ("array_unshift", "unshift"),
    ("array_shift", "shift"),
    ("array_remove", "remove"),
    ("array_slice", "slice"),
    ("array_keys", "keys"),
    ("array_values", "values"),
    ("array_entries", "entries"),
    ("array_fill", "fill"),
    ("array_fill_keys", "fill_keys"),
    ("eq", "equals"),
    ("ne", "not_equals"),
    ("gt", "greater_than"),
    ("gte", "greater_than_or_equal"),
    ("lt", "less_than"),
    ("lte", "less_than_or_equal"),
    ("null", "is_null"),
    ("empty", "is_empty"),
    ("lower", "to_lower"),
    ("upper", "to_upper"),
    ("strip_tags", "strip_html"),
    ("strip_accents", "unaccent"),
    ("strpos", "index"),
    ("stripos", "iindex"),
    ("string_replace", "replace"),
    ("regex_test", "regex_matches"),
    ("regex_match", "regex_get_first_match"),
    ("regex_match_all", "regex_get_all_matches"),
    ("to_epochms", "to_timestamp"),
    ("to_epoch_ms", "to_ms"),
    ("to_epoch_sec", "to_seconds"),
    ("to_epoch_minute", "to_minutes"),
    ("to_epoch_hour", "to_hours"),
    ("to_epoch_day", "to_days"),
    ("uuid4", "uuid"),
    ("crypto_jws_encode", "jws_encode"),
    ("crypto_jws_decode", "jws_decode"),
    ("crypto_jwe_encode", "jwe_encode"),
    ("crypto_jwe_decode", "jwe_decode"),
    ("epochms_from_format", "parse_timestamp"),
    ("epochms_date", "format_timestamp"),
    ("epochms_transform", "transform_timestamp"),
    ("epochms_add_secs", "add_secs_to_timestamp"),
    ("epochms_add_ms", "add_ms_to_timestamp"),
];

fn registry() -> &'static HashMap<&'static str, &'static Filter> {
    static REGISTRY: OnceLock<HashMap<&'static str, &'static Filter>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut registry: HashMap<&'static str, &'static Filter> = [
            array::FILTERS,
            combine::FILTERS,
            compare::FILTERS,
            convert::FILTERS,
            crypto::FILTERS,
            encode::FILTERS,
            encoding::FILTERS,
            higher_order::FILTERS,
            jose::FILTERS,
            math::FILTERS,
            object::FILTERS,
            radix::FILTERS,
            records::FILTERS,
            text::FILTERS,
            time::FILTERS,
            url::FILTERS,
            xml::FILTERS,
        ]
        .into_iter()
        .flatten()
        .map(|filter| (filter.name, filter))
        .collect();
        for (alias, name) in ALIASES {
            if let Some(filter) = registry.get(name).copied() {
                registry.insert(alias, filter);
            }
        }
        registry
    })
}

/// The filter called `name`, if this runner has it.
pub fn lookup(name: &str) -> Option<&'static Filter> {
    registry().get(name).copied()
}

/// Every filter name, sorted, for docs and suggestions.
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<_> = registry().keys().copied().collect();
    names.sort_unstable();
    names
}

/// Why a filter Xano has cannot run here, for filters that need its services.
pub fn unsupported_reason(name: &str) -> Option<&'static str> {
    if name == "lambda" || name.starts_with("lambda_") {
        return Some("runs JavaScript in Xano's Lambda runtime");
    }
    match name {
        "secureid_encode" | "secureid_decode" => Some("needs Xano's workspace secret"),
        "search_rank"
        | "cosine_similarity"
        | "l2_distance_euclidean"
        | "within"
        | "distance"
        | "inner_product"
        | "negative_inner_product"
        | "l1_distance_manhattan"
        | "covers" => Some("belongs to Xano's database queries"),
        _ => None,
    }
}

/// The filter for a name other languages use (`upper`, `len`), or the known
/// filter closest to a misspelt name, when one is close enough. A length
/// has two filters, so that hint names both.
pub fn suggest(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let known = match lower.as_str() {
        "upper" | "uppercase" | "upper_case" | "toupper" | "upcase" => Some("to_upper"),
        "lower" | "lowercase" | "lower_case" | "tolower" | "downcase" => Some("to_lower"),
        "len" | "length" | "lenght" | "lengh" | "size" | "strlength" => {
            Some("strlen` (for text) or `count")
        }
        "strip" => Some("trim"),
        "lstrip" => Some("ltrim"),
        "rstrip" => Some("rtrim"),
        "str" | "string" | "tostring" | "to_string" => Some("to_text"),
        "int" | "integer" | "parseint" | "to_integer" => Some("to_int"),
        "float" | "double" | "decimal" | "parsefloat" | "to_float" => Some("to_decimal"),
        "bool" | "boolean" | "to_boolean" => Some("to_bool"),
        "uniq" | "distinct" => Some("unique"),
        "includes" => Some("contains"),
        "startswith" => Some("starts_with"),
        "endswith" => Some("ends_with"),
        _ => None,
    };
    known.or_else(|| crate::suggest::closest(name, registry().keys().copied()))
}

/// The argument at `i`, or null when the caller left it out.
pub(crate) fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Null)
}

/// The argument at `i` as text (numbers and booleans rendered), or an error.
pub(crate) fn text_arg(filter: &str, args: &[Value], i: usize) -> Result<String, FilterError> {
    match arg(args, i) {
        Value::Array(_) | Value::Object(_) => invalid(format!(
            "`{filter}` expects text for argument {}, got {}",
            i + 1,
            arg(args, i).type_name()
        )),
        Value::Bytes(_) => invalid(binary_refused(filter, &format!("argument {}", i + 1))),
        other => Ok(other.to_text()),
    }
}

/// The argument at `i` as an int (numeric text accepted), or `default` when absent/null.
pub(crate) fn int_arg(
    filter: &str,
    args: &[Value],
    i: usize,
    default: Option<i64>,
) -> Result<i64, FilterError> {
    match (arg(args, i), default) {
        (Value::Null, Some(default)) => Ok(default),
        (value, _) => match value.to_number() {
            Some(crate::value::Number::Int(n)) => Ok(n),
            Some(crate::value::Number::Decimal(d)) if d.is_finite() => Ok(d.trunc() as i64),
            _ => invalid(format!(
                "`{filter}` expects an int for argument {}, got {} {}",
                i + 1,
                value.type_name(),
                value.short_display()
            )),
        },
    }
}

/// The piped value as text; null becomes empty text, arrays and objects are refused.
/// Binary text is refused too: a text filter would see its base64 form
/// and silently give a wrong answer.
pub(crate) fn text_input(filter: &str, value: &Value) -> Result<String, FilterError> {
    match value {
        Value::Array(_) | Value::Object(_) => invalid(format!(
            "`{filter}` works on text, got {}",
            value.type_name()
        )),
        Value::Bytes(_) => invalid(binary_refused(filter, "its value")),
        other => Ok(other.to_text()),
    }
}

fn binary_refused(filter: &str, what: &str) -> String {
    format!(
        "`{filter}` works on text, and {what} is binary text (what `encrypt`, `base64_decode` or a raw digest make): write it as text with `base64_encode` or `bin2hex` first"
    )
}

/// The piped value as bytes, for filters that work on PHP's byte strings
/// (encodings, digests, ciphers): text is its UTF-8, binary text its
/// bytes, null is empty, numbers and booleans their text.
pub(crate) fn bytes_input<'v>(
    filter: &str,
    value: &'v Value,
) -> Result<std::borrow::Cow<'v, [u8]>, FilterError> {
    use std::borrow::Cow;
    match value {
        Value::Text(text) => Ok(Cow::Borrowed(text.as_bytes())),
        Value::Bytes(bytes) => Ok(Cow::Borrowed(bytes)),
        Value::Array(_) | Value::Object(_) => invalid(format!(
            "`{filter}` works on text, got {}",
            value.type_name()
        )),
        other => Ok(Cow::Owned(other.to_text().into_bytes())),
    }
}

/// The argument at `i` as bytes, as [`bytes_input`] reads the value.
pub(crate) fn bytes_arg<'v>(
    filter: &str,
    args: &'v [Value],
    i: usize,
) -> Result<std::borrow::Cow<'v, [u8]>, FilterError> {
    match arg(args, i) {
        Value::Array(_) | Value::Object(_) => invalid(format!(
            "`{filter}` expects text for argument {}, got {}",
            i + 1,
            arg(args, i).type_name()
        )),
        other => bytes_input(filter, other),
    }
}

/// The piped value as an array; null is an empty array, anything else is refused.
pub(crate) fn array_input<'v>(filter: &str, value: &'v Value) -> Result<&'v [Value], FilterError> {
    match value {
        Value::Array(items) => Ok(items),
        Value::Null => Ok(&[]),
        other => invalid(format!(
            "`{filter}` works on an array, got {}",
            other.type_name()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_close_name() {
        assert_eq!(suggest("upper"), Some("to_upper"));
        assert_eq!(suggest("lenght"), Some("strlen` (for text) or `count"));
        assert_eq!(suggest("cout"), Some("count"));
        assert_eq!(suggest("zzzzzzzz"), None);
    }

    #[test]
    fn every_peek_is_for_a_filter_that_takes_one_argument() {
        for filter in registry().values() {
            if filter.peek.is_some() {
                assert!(
                    filter.min_args <= 1 && filter.max_args >= 1,
                    "{}",
                    filter.name
                );
            }
        }
    }

    #[test]
    fn every_alias_names_a_filter() {
        let dangling: Vec<_> = ALIASES
            .iter()
            .filter(|(_, name)| lookup(name).is_none())
            .collect();
        assert_eq!(dangling, Vec::<&(&str, &str)>::new());
    }

    #[test]
    fn covers_the_most_used_filters() {
        let most_used = "get count set to_text merge strlen first slice push substr json_encode \
            last split is_empty to_int has append sort join contains to_lower url_encode index max \
            keys reverse floor map format_timestamp filter regex_replace pop min replace trim sqrt \
            json_decode is_array abs to_decimal to_upper values unique first_notnull find unset \
            starts_with set_ifnotnull pow is_object fill";
        let missing: Vec<_> = most_used
            .split_whitespace()
            .filter(|name| lookup(name).is_none())
            .collect();
        assert_eq!(missing, Vec::<&str>::new());
    }
}
