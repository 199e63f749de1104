//! The `array.*` statements that read an array and bind a result: the
//! queries that run an expression per item (`$this` bound, as in filters)
//! and the set operations that compare two arrays.
//!
//! Decisions where the reference is silent:
//! - `array.partition` gives `{ "true": [...], "false": [...] }`, as Xano's
//!   own examples of it show;
//! - `array.group_by` keys are `by` as text, in the order they first appear;
//! - set operations compare `by` (the item itself without it) with loose
//!   equality, as `diff` and `intersect` do, and keep the order of the
//!   subject, then of `value` for a union; duplicates are dropped from a
//!   union only.

use super::exec::{Interpreter, bind};
use super::runtime::{Flow, Frame};
use super::scope::Scope;
use crate::filters::Item;
use crate::program::{ArrayQuery, ArraySet, Expr, QueryOp, SetOp};
use crate::run::ErrorKind;
use crate::source::Span;
use crate::value::{Object, Value};

impl Interpreter<'_> {
    pub(super) fn array_query(
        &mut self,
        frame: &mut Frame,
        span: Span,
        query: &ArrayQuery,
    ) -> Result<(), Flow> {
        let result = self.run_query(frame, span, query.op, &query.list, &query.by)?;
        bind(frame, &query.alias, result);
        Ok(())
    }

    fn run_query(
        &mut self,
        frame: &mut Frame,
        span: Span,
        op: QueryOp,
        list: &Expr,
        by: &Expr,
    ) -> Result<Value, Flow> {
        let scope = Scope::new(self.rt, frame);
        let list = scope.value(list)?;
        let items = self.items(frame, span, &list)?;
        let mut kept = Vec::new();
        let mut rest = Vec::new();
        let mut groups = Object::default();
        for (index, each) in items.iter().enumerate() {
            let item = Item {
                value: each,
                index,
                parent: &list,
                result: None,
            };
            let result = scope.eval_item(by, item)?;
            let passes = result.is_truthy();
            match op {
                QueryOp::Map => kept.push(result),
                QueryOp::Find if passes => return Ok(each.clone()),
                QueryOp::FindIndex if passes => return Ok(Value::Int(index as i64)),
                QueryOp::Has if passes => return Ok(Value::Bool(true)),
                QueryOp::Every if !passes => return Ok(Value::Bool(false)),
                QueryOp::GroupBy => {
                    if let Value::Array(group) = groups
                        .entry(result.to_text())
                        .or_insert_with(|| Value::array(Vec::new()))
                    {
                        std::sync::Arc::make_mut(group).push(each.clone());
                    }
                }
                QueryOp::Filter | QueryOp::FilterCount | QueryOp::Partition if passes => {
                    kept.push(each.clone())
                }
                QueryOp::Partition => rest.push(each.clone()),
                _ => {}
            }
        }
        Ok(match op {
            QueryOp::Find => Value::Null,
            QueryOp::FindIndex => Value::Int(-1),
            QueryOp::Has => Value::Bool(false),
            QueryOp::Every => Value::Bool(true),
            QueryOp::FilterCount => Value::Int(kept.len() as i64),
            QueryOp::GroupBy => Value::object(groups),
            QueryOp::Partition => {
                let mut parts = Object::default();
                parts.insert("true".to_owned(), Value::array(kept));
                parts.insert("false".to_owned(), Value::array(rest));
                Value::object(parts)
            }
            QueryOp::Filter | QueryOp::Map => Value::array(kept),
        })
    }

    pub(super) fn array_set(
        &mut self,
        frame: &mut Frame,
        span: Span,
        set: &ArraySet,
    ) -> Result<(), Flow> {
        let result = self.run_set(frame, span, set.op, &set.list, &set.other, set.by.as_ref())?;
        bind(frame, &set.alias, result);
        Ok(())
    }

    fn run_set(
        &mut self,
        frame: &mut Frame,
        span: Span,
        op: SetOp,
        list: &Expr,
        other: &Expr,
        by: Option<&Expr>,
    ) -> Result<Value, Flow> {
        let scope = Scope::new(self.rt, frame);
        let (list, other) = (scope.value(list)?, scope.value(other)?);
        let keys = |array: &Value| -> Result<Vec<Value>, Flow> {
            let items = self.items(frame, span, array)?;
            items
                .iter()
                .enumerate()
                .map(|(index, value)| match by {
                    None => Ok(value.clone()),
                    Some(by) => scope.eval_item(
                        by,
                        Item {
                            value,
                            index,
                            parent: array,
                            result: None,
                        },
                    ),
                })
                .collect()
        };
        let (list_keys, other_keys) = (keys(&list)?, keys(&other)?);
        let items = self.items(frame, span, &list)?;
        let mut budget = self.rt.compare_budget();
        let mut in_among = |keys: &mut dyn Iterator<Item = &Value>, key: &Value| {
            crate::value::any_loose_eq(keys, key, &mut budget)
                .map_err(|limit| self.rt.limit(&frame.function, span, limit.to_string()))
        };
        let mut out: Vec<Value> = Vec::new();
        let mut seen: Vec<&Value> = Vec::new();
        match op {
            SetOp::Union => {
                let more = self.items(frame, span, &other)?;
                let pairs = items
                    .iter()
                    .zip(&list_keys)
                    .chain(more.iter().zip(&other_keys));
                for (item, key) in pairs {
                    if !in_among(&mut seen.iter().copied(), key)? {
                        seen.push(key);
                        out.push(item.clone());
                    }
                }
            }
            SetOp::Difference | SetOp::Intersection => {
                let keep_present = op == SetOp::Intersection;
                for (item, key) in items.iter().zip(&list_keys) {
                    if in_among(&mut other_keys.iter(), key)? == keep_present {
                        out.push(item.clone());
                    }
                }
            }
        }
        Ok(Value::array(out))
    }

    /// The items of a statement's array; null has none.
    fn items<'v>(&self, frame: &Frame, span: Span, list: &'v Value) -> Result<&'v [Value], Flow> {
        match list {
            Value::Array(items) => Ok(items),
            Value::Null => Ok(&[]),
            other => Err(self.rt.error(
                &frame.function,
                span,
                ErrorKind::Standard,
                format!("array statements need an array, got {}", other.type_name()),
            )),
        }
    }
}
