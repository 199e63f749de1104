//! The word operators of Xano's database filters: `includes`, `contains`,
//! `not contains`, `overlaps`, `not overlaps`. They bind like comparisons,
//! and only on the line of their left side, so a block entry named
//! `contains` on the next line stays an entry.

use super::ast::{BinaryOp, MatchOp};
use super::lexer::TokenKind;
use super::parser::Parser;

/// Where the word operators sit: with `< <= > >=`.
const WORD_PRECEDENCE: u8 = 5;

impl Parser<'_> {
    /// The word operator at the current token, if one starts there.
    pub(super) fn word_operator(&self) -> Option<(BinaryOp, u8)> {
        if self.tok.kind != TokenKind::Ident || self.tok.newline_before {
            return None;
        }
        let op = match self.text(self.tok.span) {
            "includes" => MatchOp::Includes,
            "contains" => MatchOp::Contains,
            "overlaps" => MatchOp::Overlaps,
            "not" => {
                let next = self.peek_next().ok()?;
                if next.kind != TokenKind::Ident || next.newline_before {
                    return None;
                }
                match self.text(next.span) {
                    "contains" => MatchOp::NotContains,
                    "overlaps" => MatchOp::NotOverlaps,
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some((BinaryOp::Match(op), WORD_PRECEDENCE))
    }
}
