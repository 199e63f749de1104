//! Control flow: branches, loops, errors raised and caught. These
//! statements run blocks and decide which run next; they change no variable
//! except a loop's item and index and a `catch`'s `$error`.

use super::error_object;
use super::exec::{Interpreter, assign};
use super::runtime::{Flow, Frame, Runtime};
use super::scope::Scope;
use crate::program::{
    Conditional, ForLoop, Foreach, Precondition, Switch, Throw, TryCatch, VarName, WhileLoop,
};
use crate::run::{ErrorKind, RunError};
use crate::source::Span;
use crate::value::Value;

type Outcome = Result<(), Flow>;

impl Interpreter<'_> {
    pub(super) fn conditional(&mut self, frame: &mut Frame, conditional: &Conditional) -> Outcome {
        for (condition, body) in &conditional.branches {
            if Scope::new(self.rt, frame).truthy(condition)? {
                return self.block(frame, body);
            }
        }
        match &conditional.otherwise {
            Some(body) => self.block(frame, body),
            None => Ok(()),
        }
    }

    /// `switch`: the first case equal to the subject (loosely, as `==`)
    /// runs, then the following ones until a `break`.
    pub(super) fn switch(&mut self, frame: &mut Frame, switch: &Switch) -> Outcome {
        let subject = Scope::new(self.rt, frame).value(&switch.subject)?;
        let mut matched = false;
        for case in &switch.cases {
            if !matched {
                let scope = Scope::new(self.rt, frame);
                matched = scope
                    .eval(&case.value)?
                    .loose_eq_within(&subject, &mut self.rt.compare_budget())
                    .map_err(|limit| {
                        self.rt
                            .limit(&frame.function, case.value.span, limit.to_string())
                    })?;
            }
            if matched {
                self.block(frame, &case.body)?;
                if case.breaks {
                    return Ok(());
                }
            }
        }
        match &switch.default {
            Some(body) => self.block(frame, body),
            None => Ok(()),
        }
    }

    /// `foreach`: over an array's items, an object's values; null has none.
    pub(super) fn foreach(&mut self, frame: &mut Frame, span: Span, foreach: &Foreach) -> Outcome {
        let items = match Scope::new(self.rt, frame).value(&foreach.list)? {
            Value::Array(items) => std::sync::Arc::unwrap_or_clone(items).into(),
            Value::Null => Vec::new(),
            Value::Object(object) => std::sync::Arc::unwrap_or_clone(object)
                .into_object()
                .into_values()
                .collect(),
            other => {
                return Err(self.rt.error(
                    &frame.function,
                    span,
                    ErrorKind::Standard,
                    format!(
                        "`foreach` needs an array, got {} {}",
                        other.type_name(),
                        other.short_display()
                    ),
                ));
            }
        };
        for (i, each) in items.into_iter().enumerate() {
            self.rt
                .check_iterations(&frame.function, span, i as u64 + 1)?;
            if let Some(name) = &foreach.item {
                assign(frame, name, each);
            }
            if let Some(name) = &foreach.index {
                assign(frame, name, Value::Int(i as i64));
            }
            if self.loop_body(frame, &foreach.body)? {
                break;
            }
        }
        Ok(())
    }

    /// `for (n)`: `n` iterations, a negative count meaning none.
    pub(super) fn for_loop(
        &mut self,
        frame: &mut Frame,
        span: Span,
        for_loop: &ForLoop,
    ) -> Outcome {
        let count_value = Scope::new(self.rt, frame).value(&for_loop.count)?;
        let Some(count) = count_value
            .to_number()
            .map(|n| n.as_f64())
            .filter(|n| n.is_finite())
        else {
            return Err(self.rt.error(
                &frame.function,
                span,
                ErrorKind::Standard,
                format!(
                    "`for` needs a number of iterations, got {}",
                    count_value.short_display()
                ),
            ));
        };
        let count = count.max(0.0) as u64;
        for i in 0..count {
            self.rt.check_iterations(&frame.function, span, i + 1)?;
            if let Some(name) = &for_loop.index {
                assign(frame, name, Value::Int(i as i64));
            }
            if self.loop_body(frame, &for_loop.body)? {
                break;
            }
        }
        Ok(())
    }

    pub(super) fn while_loop(
        &mut self,
        frame: &mut Frame,
        span: Span,
        while_loop: &WhileLoop,
    ) -> Outcome {
        let mut iterations: u64 = 0;
        while Scope::new(self.rt, frame).truthy(&while_loop.condition)? {
            iterations += 1;
            self.rt
                .check_iterations(&frame.function, span, iterations)?;
            if self.loop_body(frame, &while_loop.body)? {
                break;
            }
        }
        Ok(())
    }

    pub(super) fn precondition(
        &mut self,
        frame: &mut Frame,
        span: Span,
        precondition: &Precondition,
    ) -> Outcome {
        let scope = Scope::new(self.rt, frame);
        if scope.truthy(&precondition.condition)? {
            return Ok(());
        }
        let kind = match &precondition.error_type {
            Some(expr) => scope.value(expr)?.to_text(),
            None => String::new(),
        };
        let message = match &precondition.message {
            Some(expr) => scope.value(expr)?.to_text(),
            None => "precondition failed".to_owned(),
        };
        let value = match &precondition.payload {
            Some(expr) => Some(scope.value(expr)?).filter(|v| !v.is_null()),
            None => None,
        };
        Err(raised(&kind, message, value, frame, span))
    }

    /// `throw`: a text value is the message; any other value travels as
    /// the error's value, its text the message.
    pub(super) fn throw(&mut self, frame: &mut Frame, span: Span, throw: &Throw) -> Outcome {
        let scope = Scope::new(self.rt, frame);
        let name = scope.value(&throw.name)?.to_text();
        let (message, value) = match scope.value(&throw.value)? {
            Value::Text(text) => (text, None),
            other => (other.to_text(), Some(other)),
        };
        Err(raised(&name, message, value, frame, span))
    }

    pub(super) fn try_catch(&mut self, frame: &mut Frame, try_catch: &TryCatch) -> Outcome {
        let mut outcome = self.block(frame, &try_catch.body);
        if let Err(Flow::Error(error)) = outcome {
            assign(frame, &VarName::new("error"), error_object(&error));
            outcome = self.block(frame, &try_catch.catch);
        }
        if let Some(finally) = &try_catch.finally {
            // A cancelled or limited run stops at once, finally or not.
            if !matches!(outcome, Err(Flow::Fatal(_) | Flow::Cancelled)) {
                self.block(frame, finally)?;
            }
        }
        outcome
    }
}

/// The error a `precondition` or `throw` raises: its kind defaults to
/// `standard`, as Xano's does, and it points at the statement.
fn raised(kind: &str, message: String, value: Option<Value>, frame: &Frame, span: Span) -> Flow {
    Flow::Error(Box::new(RunError {
        kind: ErrorKind::from_name(kind),
        message,
        value,
        location: Some(Runtime::location(&frame.function, span)),
    }))
}
