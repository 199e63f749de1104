//! Lowering the `array.*` statements that read an array and bind a result:
//! `array.filter $items if ($this > 1) as $r`, the same with a parenthesised
//! subject (`array.filter ($items) if (...)`), `array.map ($items) { by = ... }`
//! and the set operations `array.union ($a) { value = $b by = $this.id }`.

use super::lower::Lowerer;
use super::{ArrayQuery, ArraySet, Expr, QueryOp, SetOp, StmtKind};
use crate::syntax::ast;

/// The statements that run an expression per item, with what they compute.
pub(super) const QUERIES: &[(&str, QueryOp)] = &[
    ("array.filter", QueryOp::Filter),
    ("array.find", QueryOp::Find),
    ("array.find_index", QueryOp::FindIndex),
    ("array.has", QueryOp::Has),
    ("array.every", QueryOp::Every),
    ("array.filter_count", QueryOp::FilterCount),
    ("array.partition", QueryOp::Partition),
    ("array.map", QueryOp::Map),
    ("array.group_by", QueryOp::GroupBy),
];

/// Whether the statement takes an expression in `{ by = ... }` rather than
/// a condition in `if (...)`.
fn takes_by(op: QueryOp) -> bool {
    matches!(op, QueryOp::Map | QueryOp::GroupBy)
}

/// A statement written with a trailing `if (condition) as $r`, which the
/// parser reads as a second call.
pub(super) fn takes_if_clause(call: &ast::Call) -> bool {
    QUERIES
        .iter()
        .any(|(name, op)| *name == call.name.text && !takes_by(*op))
        && call.body.is_none()
        && call.alias.is_none()
}

impl Lowerer<'_> {
    /// `array.filter $a if (cond) as $r`, `array.filter ($a) if (cond) as $r`,
    /// `array.map ($a) { by = e } as $r`; `clause` is the trailing `if`.
    pub(super) fn array_query(
        &mut self,
        call: &ast::Call,
        clause: Option<&ast::Call>,
    ) -> Option<StmtKind> {
        let name = call.name.text.as_str();
        let op = QUERIES.iter().find(|(query, _)| *query == name)?.1;
        let mut attrs = self.attrs(call, &["by", "value", "if"])?;
        let target_is_variable = matches!(call.target, Some(ast::Target::Variable(_)));
        let list = self.array_subject(call)?;
        let by = match clause {
            Some(clause) => clause.arg.as_ref().map(|condition| self.expr(condition)),
            // The older form puts the condition in parentheses after the target.
            None if target_is_variable && call.arg.is_some() => {
                call.arg.as_ref().map(|condition| self.expr(condition))
            }
            None => attrs
                .take("by")
                .or_else(|| attrs.take("if"))
                .or_else(|| attrs.take("value")),
        };
        let Some(by) = by else {
            let needs = if takes_by(op) {
                format!("a `by = ...` expression: `{name} ($items) {{ by = $this.id }} as $result`")
            } else {
                format!("a condition: `{name} ($items) if ($this > 0) as $result`")
            };
            self.error(call.span, format!("`{name}` needs {needs}"));
            return None;
        };
        let alias = clause
            .and_then(|clause| self.alias(clause))
            .or_else(|| self.alias(call));
        Some(StmtKind::ArrayQuery(ArrayQuery {
            op,
            list,
            by,
            alias,
        }))
    }

    /// `array.union ($a) { value = $b by = $this.id } as $r`, and
    /// `array.difference`, `array.intersection`.
    pub(super) fn array_set(&mut self, call: &ast::Call) -> Option<StmtKind> {
        let op = match call.name.text.as_str() {
            "array.union" => SetOp::Union,
            "array.difference" => SetOp::Difference,
            _ => SetOp::Intersection,
        };
        let mut attrs = self.attrs(call, &["value", "by"])?;
        let list = self.array_subject(call)?;
        let other = self.required(call, &mut attrs, "value")?;
        Some(StmtKind::ArraySet(ArraySet {
            op,
            list,
            other,
            by: attrs.take("by"),
            alias: self.alias(call),
        }))
    }

    /// The array a statement reads: `$items` (with a path) or `($items)`.
    fn array_subject(&mut self, call: &ast::Call) -> Option<Expr> {
        match (&call.target, &call.arg) {
            (Some(ast::Target::Variable(target)), _) => {
                Some(self.place(call)?.read_expr(target.span))
            }
            (_, Some(arg)) => Some(self.expr(arg)),
            _ => {
                self.error(
                    call.span,
                    format!("`{}` needs an array to work on", call.name.text),
                )
                .hint = Some(format!(
                    "write `{} ($items) ...` or `{} $items ...`",
                    call.name.text, call.name.text
                ));
                None
            }
        }
    }
}
