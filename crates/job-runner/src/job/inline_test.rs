//! The model of an inline test: a `test "name" { input = {..} expect.* (..) {..} }`
//! block of a function, lowered once when the job loads (see
//! [`super::test_decl`]) and kept in [`super::Function::tests`]. Running it is
//! [`crate::testing`]'s business.

use std::sync::Arc;

use crate::program::Expr;
use crate::source::{SourceFile, Span};

/// One `test "name" { ... }` block, ready to run.
#[derive(Debug)]
pub struct InlineTest {
    pub name: String,
    pub file: Arc<SourceFile>,
    /// The whole `test` block.
    pub span: Span,
    /// `input = { ... }`: the function's input for this test.
    pub input: Option<Expr>,
    pub assertions: Vec<Assertion>,
}

/// One `expect.<kind> (subject) { value = .. }` line of a test.
#[derive(Debug)]
pub struct Assertion {
    pub kind: AssertionKind,
    /// The parenthesised expression, usually `$response` or a path into it;
    /// `None` only for `expect.to_throw`.
    pub subject: Option<Expr>,
    /// The subject as written, for messages: `$response.status`.
    pub subject_text: String,
    /// `value = ..` (for `to_throw`, also `exception = ..`).
    pub value: Option<Expr>,
    /// `min = ..` and `max = ..` of `to_be_within`.
    pub min: Option<Expr>,
    pub max: Option<Expr>,
    /// From `expect` to the end of the line's block.
    pub span: Span,
}

/// Every assertion of the reference's unit-testing page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssertionKind {
    ToEqual,
    ToNotEqual,
    ToBeTrue,
    ToBeFalse,
    ToBeNull,
    ToNotBeNull,
    ToBeDefined,
    ToNotBeDefined,
    ToBeEmpty,
    ToBeGreaterThan,
    ToBeLessThan,
    ToBeWithin,
    ToStartWith,
    ToEndWith,
    ToContain,
    ToMatch,
    ToBeInThePast,
    ToBeInTheFuture,
    ToThrow,
}

/// What an assertion needs besides its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    /// Only the subject: `expect.to_be_true ($response.ok)`.
    Nothing,
    /// `{ value = .. }`.
    Value,
    /// `{ min = .. max = .. }`.
    Range,
    /// No subject; `{ value = .. }` optional.
    Error,
}

impl AssertionKind {
    pub const ALL: &'static [AssertionKind] = &[
        AssertionKind::ToEqual,
        AssertionKind::ToNotEqual,
        AssertionKind::ToBeTrue,
        AssertionKind::ToBeFalse,
        AssertionKind::ToBeNull,
        AssertionKind::ToNotBeNull,
        AssertionKind::ToBeDefined,
        AssertionKind::ToNotBeDefined,
        AssertionKind::ToBeEmpty,
        AssertionKind::ToBeGreaterThan,
        AssertionKind::ToBeLessThan,
        AssertionKind::ToBeWithin,
        AssertionKind::ToStartWith,
        AssertionKind::ToEndWith,
        AssertionKind::ToContain,
        AssertionKind::ToMatch,
        AssertionKind::ToBeInThePast,
        AssertionKind::ToBeInTheFuture,
        AssertionKind::ToThrow,
    ];

    /// The name after `expect.`.
    pub fn name(self) -> &'static str {
        match self {
            AssertionKind::ToEqual => "to_equal",
            AssertionKind::ToNotEqual => "to_not_equal",
            AssertionKind::ToBeTrue => "to_be_true",
            AssertionKind::ToBeFalse => "to_be_false",
            AssertionKind::ToBeNull => "to_be_null",
            AssertionKind::ToNotBeNull => "to_not_be_null",
            AssertionKind::ToBeDefined => "to_be_defined",
            AssertionKind::ToNotBeDefined => "to_not_be_defined",
            AssertionKind::ToBeEmpty => "to_be_empty",
            AssertionKind::ToBeGreaterThan => "to_be_greater_than",
            AssertionKind::ToBeLessThan => "to_be_less_than",
            AssertionKind::ToBeWithin => "to_be_within",
            AssertionKind::ToStartWith => "to_start_with",
            AssertionKind::ToEndWith => "to_end_with",
            AssertionKind::ToContain => "to_contain",
            AssertionKind::ToMatch => "to_match",
            AssertionKind::ToBeInThePast => "to_be_in_the_past",
            AssertionKind::ToBeInTheFuture => "to_be_in_the_future",
            AssertionKind::ToThrow => "to_throw",
        }
    }

    pub fn parse(name: &str) -> Option<AssertionKind> {
        AssertionKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.name() == name)
    }

    pub(crate) fn needs(self) -> Needs {
        match self {
            AssertionKind::ToEqual
            | AssertionKind::ToNotEqual
            | AssertionKind::ToBeGreaterThan
            | AssertionKind::ToBeLessThan
            | AssertionKind::ToStartWith
            | AssertionKind::ToEndWith
            | AssertionKind::ToContain
            | AssertionKind::ToMatch => Needs::Value,
            AssertionKind::ToBeWithin => Needs::Range,
            AssertionKind::ToThrow => Needs::Error,
            AssertionKind::ToBeTrue
            | AssertionKind::ToBeFalse
            | AssertionKind::ToBeNull
            | AssertionKind::ToNotBeNull
            | AssertionKind::ToBeDefined
            | AssertionKind::ToNotBeDefined
            | AssertionKind::ToBeEmpty
            | AssertionKind::ToBeInThePast
            | AssertionKind::ToBeInTheFuture => Needs::Nothing,
        }
    }
}
