//! Where statements write: a lowered [`Place`] (a variable and its steps)
//! walked in the frame down to the value it names, which the statement then
//! changes in place, so `array.push $rows[$i]` in a loop copies nothing.
//!
//! Decisions where the reference is silent:
//! - a missing object key is created (as null, which the statement fills),
//!   and a null met on the way becomes the object (or, before an int index,
//!   the array) the next step needs;
//! - an array index equal to the length appends; past the end or negative is
//!   an error naming the index and the length. Reads count a negative index
//!   from the end; writes do not, so a wrong index never changes the last item;
//! - `[expr]` on an object uses the value as the key (text or a number), and
//!   `.0` on an array is a position, as in reads.

use std::sync::Arc;

use super::exec::Interpreter;
use super::runtime::{Flow, Frame};
use super::scope::Scope;
use crate::job::Function;
use crate::program::{Place, Step};
use crate::run::ErrorKind;
use crate::source::Span;
use crate::suggest::closest;
use crate::value::{Number, Object, Value};

/// A step of a place with its index evaluated.
pub(super) enum Resolved<'p> {
    Key(&'p str),
    Index(Value),
}

impl Resolved<'_> {
    /// The step as the author wrote it, for messages: `.name` or `[2]`.
    fn shown(&self) -> String {
        match self {
            Resolved::Key(key) => format!(".{key}"),
            Resolved::Index(index) => format!("[{}]", index.short_display()),
        }
    }
}

impl Interpreter<'_> {
    /// The value a place names, ready to change in place; missing keys and
    /// an index equal to the array's length are created as null.
    pub(super) fn slot<'f>(
        &self,
        frame: &'f mut Frame,
        place: &Place,
        span: Span,
    ) -> Result<&'f mut Value, Flow> {
        // `var.update $i`: most places are a variable alone.
        if place.path.is_empty() {
            return match frame.vars.position(&place.var) {
                Some(index) => Ok(frame.vars.at_mut(index)),
                None => Err(self.undeclared(frame, place, span)),
            };
        }
        let steps = self.resolve(frame, place)?;
        self.slot_at(frame, place, &steps, span)
    }

    /// The slot of a place whose steps are already resolved.
    pub(super) fn slot_at<'f>(
        &self,
        frame: &'f mut Frame,
        place: &Place,
        steps: &[Resolved<'_>],
        span: Span,
    ) -> Result<&'f mut Value, Flow> {
        let Some(index) = frame.vars.position(&place.var) else {
            return Err(self.undeclared(frame, place, span));
        };
        if steps.is_empty() {
            return Ok(frame.vars.at_mut(index));
        }
        let function = Arc::clone(&frame.function);
        let mut current = frame.vars.at_mut(index);
        for step in steps {
            current = self.step_into(current, step, place, &function, span)?;
        }
        Ok(current)
    }

    /// Evaluates the `[index]` expressions of a place, left to right, before
    /// anything is changed.
    pub(super) fn resolve<'p>(
        &self,
        frame: &Frame,
        place: &'p Place,
    ) -> Result<Vec<Resolved<'p>>, Flow> {
        let scope = Scope::new(self.rt, frame);
        place
            .path
            .iter()
            .map(|step| match step {
                Step::Key(key) => Ok(Resolved::Key(key)),
                Step::Index(index) => scope.value(index).map(Resolved::Index),
            })
            .collect()
    }

    fn step_into<'v>(
        &self,
        current: &'v mut Value,
        step: &Resolved<'_>,
        place: &Place,
        function: &Function,
        span: Span,
    ) -> Result<&'v mut Value, Flow> {
        let error = |message: String| {
            self.rt.error(
                function,
                span,
                ErrorKind::Standard,
                format!("in `{}`, {message}", place.shown),
            )
        };
        if current.is_null() {
            *current = match step {
                Resolved::Index(Value::Int(_)) => Value::array(Vec::new()),
                _ => Value::object(Object::default()),
            };
        }
        match current {
            Value::Object(object) => {
                let object = Arc::make_mut(object);
                let key = match step {
                    Resolved::Key(key) => (*key).to_owned(),
                    Resolved::Index(
                        index @ (Value::Text(_)
                        | Value::Int(_)
                        | Value::Decimal(_)
                        | Value::Bool(_)),
                    ) => index.to_text(),
                    Resolved::Index(other) => {
                        return Err(error(format!(
                            "an object key must be text or a number, got {}",
                            other.type_name()
                        )));
                    }
                };
                Ok(object.entry(key).or_insert(Value::Null))
            }
            Value::Array(items) => {
                let items = Arc::make_mut(items);
                let position = match step {
                    Resolved::Key(key) => key.parse::<i64>().ok(),
                    Resolved::Index(index) => array_position(index),
                };
                let Some(position) = position else {
                    let got = match step {
                        Resolved::Index(index) => {
                            format!("{} {}", index.type_name(), index.short_display())
                        }
                        Resolved::Key(_) => format!("`{}`", step.shown()),
                    };
                    return Err(error(format!(
                        "an array position must be an int, got {got}"
                    )));
                };
                let len = items.len();
                match usize::try_from(position) {
                    Ok(i) if i < len => Ok(&mut items[i]),
                    Ok(i) if i == len => {
                        items.push(Value::Null);
                        Ok(&mut items[len])
                    }
                    Ok(_) => Err(error(format!(
                        "index {position} is past the end of an array of length {len} ({})",
                        valid_positions(len)
                    ))),
                    Err(_) => Err(error(format!(
                        "index {position} is negative; the array has length {len} ({})",
                        valid_positions(len)
                    ))),
                }
            }
            other => Err(error(format!(
                "cannot set `{}` inside {} {}",
                step.shown(),
                other.type_name(),
                other.short_display()
            ))),
        }
    }

    pub(super) fn undeclared(&self, frame: &Frame, place: &Place, span: Span) -> Flow {
        let mut message = format!("variable `${}` is not declared", place.var);
        if let Some(close) = closest(&place.var, frame.vars.names()) {
            message.push_str(&format!(" (did you mean `${close}`?)"));
        } else {
            message.push_str(&format!(
                "; declare it first with `var ${} {{ value = ... }}`",
                place.var
            ));
        }
        self.rt
            .error(&frame.function, span, ErrorKind::Standard, message)
    }
}

/// An index value as an array position: ints, whole decimals and numeric text.
fn array_position(index: &Value) -> Option<i64> {
    match index {
        Value::Int(_) | Value::Decimal(_) | Value::Text(_) => match index.to_number()? {
            Number::Int(i) => Some(i),
            Number::Decimal(d) if d.fract() == 0.0 && d.abs() < 9e15 => Some(d as i64),
            Number::Decimal(_) => None,
        },
        _ => None,
    }
}

/// Which positions a write may use in an array of `len` items.
fn valid_positions(len: usize) -> String {
    match len {
        0 => "it is empty: 0 appends".to_owned(),
        _ => format!("0 to {} change an item, {len} appends", len - 1),
    }
}
