//! Lowering the `text.*` statements that are a filter under another name:
//! `text.contains $t { value = "x" } as $found` runs `contains` and binds the
//! result; `text.trim $t { value = " " }` runs `trim` and stores the result
//! back in `$t`. Both lower to the filter itself, so there is one
//! implementation of each.

use super::lower::Lowerer;
use super::{FilterInPlace, FilterInto, Place, StmtKind};
use crate::filters;
use crate::syntax::ast;

/// What a statement does with its filter's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Effect {
    /// Store it in the `as $name` alias.
    Bind,
    /// Store it back in the target.
    InPlace,
}

/// The `text.*` statements that apply a filter, with the filter they apply.
pub(super) const FILTER_STATEMENTS: &[(&str, &str, Effect)] = &[
    ("text.contains", "contains", Effect::Bind),
    ("text.icontains", "icontains", Effect::Bind),
    ("text.starts_with", "starts_with", Effect::Bind),
    ("text.istarts_with", "istarts_with", Effect::Bind),
    ("text.ends_with", "ends_with", Effect::Bind),
    ("text.iends_with", "iends_with", Effect::Bind),
    ("text.trim", "trim", Effect::InPlace),
    ("text.ltrim", "ltrim", Effect::InPlace),
    ("text.rtrim", "rtrim", Effect::InPlace),
];

impl Lowerer<'_> {
    pub(super) fn text_filter(&mut self, call: &ast::Call) -> Option<StmtKind> {
        let name = call.name.text.as_str();
        let (_, filter_name, effect) = FILTER_STATEMENTS
            .iter()
            .find(|(statement, _, _)| *statement == name)?;
        let filter = filters::lookup(filter_name)?;
        let place: Place = self.place(call)?;
        let mut attrs = self.attrs(call, &["value"])?;
        let args: Vec<_> = match filter.min_args {
            0 => attrs.take("value").into_iter().collect(),
            _ => vec![self.required(call, &mut attrs, "value")?],
        };
        Some(match effect {
            Effect::InPlace => StmtKind::FilterInPlace(FilterInPlace {
                place,
                filter,
                args,
            }),
            Effect::Bind => StmtKind::FilterInto(FilterInto {
                subject: place.read_expr(call.span),
                filter,
                args,
                alias: self.alias(call),
            }),
        })
    }
}
