//! Statements that compute a value and bind it to their `as $name`:
//! `text.contains` and the other filters under a statement's name,
//! `object.keys|values|entries` and `security.random_number`.

use super::exec::{Interpreter, bind};
use super::runtime::{Flow, Frame};
use super::scope::Scope;
use crate::program::{Expr, FilterInto, ObjectOp, ObjectQuery, RandomNumber};
use crate::run::ErrorKind;
use crate::source::Span;
use crate::value::{Number, Object, Value};

type Outcome = Result<(), Flow>;

/// The largest `max` of `security.random_number` by default: 2^53 - 1, the
/// largest integer a JSON reader is sure to keep exactly.
const RANDOM_MAX: i64 = 9_007_199_254_740_991;

impl Interpreter<'_> {
    pub(super) fn filter_into(
        &mut self,
        frame: &mut Frame,
        span: Span,
        filter: &FilterInto,
    ) -> Outcome {
        let scope = Scope::new(self.rt, frame);
        let input = scope.value(&filter.subject)?;
        let result = scope.apply_filter(span, filter.filter, &input, &filter.args)?;
        bind(frame, &filter.alias, result);
        Ok(())
    }

    pub(super) fn object_query(
        &mut self,
        frame: &mut Frame,
        span: Span,
        query: &ObjectQuery,
    ) -> Outcome {
        let value = Scope::new(self.rt, frame).value(&query.value)?;
        let object = match value {
            Value::Object(o) => std::sync::Arc::unwrap_or_clone(o).into(),
            Value::Null => Object::default(),
            other => {
                return Err(self.rt.error(
                    &frame.function,
                    span,
                    ErrorKind::Standard,
                    format!("`object.*` needs an object, got {}", other.type_name()),
                ));
            }
        };
        let result = match query.op {
            ObjectOp::Keys => Value::array(object.into_keys().map(Value::Text).collect()),
            ObjectOp::Values => Value::array(object.into_values().collect()),
            ObjectOp::Entries => Value::array(
                object
                    .into_iter()
                    .map(|(key, value)| {
                        let mut entry = Object::default();
                        entry.insert("key".to_owned(), Value::Text(key));
                        entry.insert("value".to_owned(), value);
                        Value::object(entry)
                    })
                    .collect(),
            ),
        };
        bind(frame, &query.alias, result);
        Ok(())
    }

    /// `security.random_number { min max }`: both bounds included.
    pub(super) fn random_number(
        &mut self,
        frame: &mut Frame,
        span: Span,
        random: &RandomNumber,
    ) -> Outcome {
        let scope = Scope::new(self.rt, frame);
        let bound = |expr: &Option<Expr>, default: i64| -> Result<i64, Flow> {
            let Some(expr) = expr else { return Ok(default) };
            let value = scope.value(expr)?;
            match value.to_number() {
                Some(Number::Int(i)) => Ok(i),
                Some(Number::Decimal(d)) if d.is_finite() => Ok(d as i64),
                _ => Err(self.rt.error(
                    &frame.function,
                    span,
                    ErrorKind::Standard,
                    format!(
                        "`security.random_number` needs int bounds, got {}",
                        value.short_display()
                    ),
                )),
            }
        };
        let (low, high) = (bound(&random.min, 0)?, bound(&random.max, RANDOM_MAX)?);
        if low > high {
            return Err(self.rt.error(
                &frame.function,
                span,
                ErrorKind::Standard,
                format!("`security.random_number`: `min` ({low}) is greater than `max` ({high})"),
            ));
        }
        let number = rand::random_range(low..=high);
        bind(frame, &random.alias, Value::Int(number));
        Ok(())
    }
}
