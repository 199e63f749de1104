//! Expressions: a precedence-climbing parser.
//!
//! Precedence, lowest first: the ternary `? :`, `??`, `||`, `&&`,
//! `== != === !== ==? !=?`, `< <= > >= <? <=? >? >=?`, `|filter`, `..`,
//! `+ - ~`, `* / %`, unary `! -`, then postfix `.field` and `[index]`. `~`
//! sits with `+` and `-` as in Twig. The ternary is right-associative, as in
//! C: `a ? b : c ? d : e` is `a ? b : (c ? d : e)`.
//!
//! In the first branch of a ternary, a `:` with a space before it ends that
//! branch, so `$ok ? $a|first : null` gives `first` no argument. A filter
//! argument's own `:` is written against the previous token (`get:"a"`).
//!
//! A range binds looser than arithmetic and tighter than filters, so
//! `1..$n - 1` ends at `$n - 1` and `1..10|count` counts the range. `...`
//! (spread) is read only as an element of an array literal, where the
//! reference uses it (`[...$array1, ...$array2]`).
//!
//! Filters apply to the arithmetic on their left, as in Xano's own examples
//! (`$p / 1.1|round:2` rounds the quotient, `"a" ~ $b|upper` upper-cases the
//! whole text), and a comparison on their right applies to the filtered
//! value: `$a|count > 3` is `($a|count) > 3`. Xano's parser would swallow
//! `> 3` into the filter; this one is more forgiving, and `($a|count) > 3`
//! means the same in both. A unary operator applies to its operand's whole
//! filter chain: `!$items|is_empty` is `!($items|is_empty)`.
//!
//! A filter argument is a bare word (read as text: `sort:name:text:false`,
//! as the reference writes it) or an expression without a top-level `|` or `:`, so
//! `$arr|reduce:$$+$result:0` has the arguments `$$+$result` and `0`, and
//! `$x|get:"a" == 5` compares inside the argument: write `($x|get:"a") == 5`.
//!
//! Line breaks: an expression continues on the next line when the line ends
//! with an operator, or when the next line starts with `|`, `.` or a binary
//! operator (no block entry can start with those). Two exceptions keep lists
//! readable: `[` on a new line never indexes, and in an array a line starting
//! with `+` or `-` starts a new element (`[1\n-2]` is two numbers).
//!
//! A `-` written right against a number is part of it: `-5|abs` is `(-5)|abs`
//! and `-9223372036854775808` is the smallest integer.

use super::ast::{BinaryOp, Comparison, Expr, ExprKind, MatchOp, Name, ObjectKey, UnaryOp};
use super::lexer::{Punct, TokenKind};
use super::parser::{PResult, Parser, describe};
use crate::source::Span;

/// Where an expression sits, which changes where it may stop.
#[derive(Debug, Clone, Copy, Default)]
struct Context {
    /// Inside a filter argument: a `|` ends the argument.
    in_filter_arg: bool,
    /// A direct element of an array literal.
    in_array: bool,
    /// In the first branch of a ternary: a spaced ` : ` ends the branch.
    in_ternary_then: bool,
}

/// How many operators and filters one expression may chain (`1 + 1 + ...`).
const MAX_CHAIN: usize = 1000;

/// Where a `|filter` chain sits: looser than arithmetic and `~`, tighter
/// than comparisons.
const FILTER_PRECEDENCE: u8 = 6;

/// Where `..` sits: looser than `+ - ~`, tighter than `|filter`.
const RANGE_PRECEDENCE: u8 = 7;

fn binary_op(kind: &TokenKind) -> Option<(BinaryOp, u8)> {
    let TokenKind::Punct(punct) = kind else {
        return None;
    };
    Some(match punct {
        Punct::QuestionQuestion => (BinaryOp::NullCoalesce, 1),
        Punct::OrOr => (BinaryOp::Or, 2),
        Punct::AndAnd => (BinaryOp::And, 3),
        Punct::EqEq => (BinaryOp::Eq, 4),
        Punct::NotEq => (BinaryOp::NotEq, 4),
        Punct::StrictEq => (BinaryOp::StrictEq, 4),
        Punct::StrictNotEq => (BinaryOp::StrictNotEq, 4),
        Punct::NullSafe(cmp @ (Comparison::Eq | Comparison::NotEq)) => {
            (BinaryOp::NullSafe(*cmp), 4)
        }
        Punct::NullSafe(cmp) => (BinaryOp::NullSafe(*cmp), 5),
        Punct::Lt => (BinaryOp::Lt, 5),
        Punct::LtEq => (BinaryOp::LtEq, 5),
        Punct::Gt => (BinaryOp::Gt, 5),
        Punct::GtEq => (BinaryOp::GtEq, 5),
        Punct::Plus => (BinaryOp::Add, 8),
        Punct::Minus => (BinaryOp::Sub, 8),
        Punct::Tilde => (BinaryOp::Concat, 8),
        Punct::Star => (BinaryOp::Mul, 9),
        Punct::Slash => (BinaryOp::Div, 9),
        Punct::Percent => (BinaryOp::Rem, 9),
        _ => return None,
    })
}

impl Parser<'_> {
    /// A whole expression.
    pub(super) fn parse_expr(&mut self) -> PResult<Expr> {
        self.parse_ternary(Context::default())
    }

    /// `condition ? then : otherwise`, or just the condition.
    fn parse_ternary(&mut self, ctx: Context) -> PResult<Expr> {
        let condition = self.parse_binary(0, ctx)?;
        if !self.at(Punct::Question) {
            return Ok(condition);
        }
        let question = self.bump()?;
        self.enter(question.span)?;
        if self.at(Punct::Colon) || self.tok.kind == TokenKind::Eof {
            return Err(self
                .error(question.span, "expected a value after the `?` of a ternary")
                .with_hint("a ternary is written `condition ? value_if_true : value_if_false`")
                .into());
        }
        let then = self.parse_ternary(Context {
            in_ternary_then: true,
            ..ctx
        })?;
        if !self.at(Punct::Colon) {
            let line = self.line_of(question.span.start);
            let found = self.describe_current();
            // At the end of the input, point at the `?` that is left open.
            let at = if self.tok.kind == TokenKind::Eof {
                question.span
            } else {
                self.tok.span
            };
            return Err(self
                .error(
                    at,
                    format!("expected `:` after the first branch of the ternary `?` at line {line}, found {found}"),
                )
                .with_hint("a ternary needs both branches: `condition ? value_if_true : value_if_false`")
                .into());
        }
        let colon = self.bump()?;
        if self.tok.kind == TokenKind::Eof || self.at(Punct::RBrace) || self.at(Punct::RParen) {
            return Err(self
                .error(
                    colon.span,
                    "expected the second branch of the ternary after `:`",
                )
                .with_hint("a ternary is written `condition ? value_if_true : value_if_false`")
                .into());
        }
        // The second branch may itself be a ternary (right-associative); it
        // still ends at a spaced `:` when this whole ternary is a first branch.
        let otherwise = self.parse_ternary(ctx)?;
        self.leave();
        Ok(Expr {
            span: condition.span.to(otherwise.span),
            kind: ExprKind::Ternary {
                condition: Box::new(condition),
                then: Box::new(then),
                otherwise: Box::new(otherwise),
            },
        })
    }

    fn parse_binary(&mut self, min_prec: u8, ctx: Context) -> PResult<Expr> {
        let mut lhs = self.parse_unary(ctx)?;
        let mut chained = 0usize;
        loop {
            // Each operator nests the tree one level deeper: a bound keeps
            // lowering, running and dropping it off the end of the stack.
            chained += 1;
            if chained > MAX_CHAIN {
                return Err(self
                    .error(
                        self.tok.span,
                        format!("an expression chains more than {MAX_CHAIN} operators"),
                    )
                    .with_hint("split it into steps with variables (`var $part { value = ... }`)")
                    .into());
            }
            if self.at(Punct::Pipe) && !ctx.in_filter_arg {
                if FILTER_PRECEDENCE < min_prec {
                    break;
                }
                lhs = self.parse_filter(Some(lhs), ctx)?;
                continue;
            }
            if self.at(Punct::DotDot) {
                if RANGE_PRECEDENCE < min_prec {
                    break;
                }
                lhs = self.parse_range(lhs, ctx)?;
                continue;
            }
            let Some((op, prec)) = binary_op(&self.tok.kind).or_else(|| self.word_operator())
            else {
                break;
            };
            if prec < min_prec {
                break;
            }
            if ctx.in_array
                && self.tok.newline_before
                && matches!(op, BinaryOp::Add | BinaryOp::Sub)
            {
                break;
            }
            let mut op_tok = self.bump()?;
            if matches!(
                op,
                BinaryOp::Match(MatchOp::NotContains | MatchOp::NotOverlaps)
            ) {
                op_tok.span = op_tok.span.to(self.bump()?.span);
            }
            if self.tok.kind == TokenKind::Eof {
                return Err(self
                    .error(
                        op_tok.span,
                        format!("expected a value after `{}`", op.symbol()),
                    )
                    .into());
            }
            let rhs = self.parse_binary(prec + 1, ctx)?;
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                span,
            };
        }
        Ok(lhs)
    }

    /// `start..end`, the current token being `..`.
    fn parse_range(&mut self, start: Expr, ctx: Context) -> PResult<Expr> {
        let dots = self.bump()?;
        if self.tok.kind == TokenKind::Eof {
            return Err(self
                .error(dots.span, "expected the end of the range after `..`")
                .with_hint("a range names both ends: `1..10`")
                .into());
        }
        let end = self.parse_binary(RANGE_PRECEDENCE + 1, ctx)?;
        if self.at(Punct::DotDot) {
            return Err(self
                .error(self.tok.span, "a range has one `..`")
                .with_hint("write `start..end`; ranges cannot be chained")
                .into());
        }
        let span = start.span.to(end.span);
        Ok(Expr {
            kind: ExprKind::Range(Box::new(start), Box::new(end)),
            span,
        })
    }

    fn parse_unary(&mut self, ctx: Context) -> PResult<Expr> {
        let op = match &self.tok.kind {
            TokenKind::Punct(Punct::Bang) => UnaryOp::Not,
            TokenKind::Punct(Punct::Minus) => {
                let next = self.peek_next()?;
                let touches = next.span.start == self.tok.span.end;
                if touches && matches!(next.kind, TokenKind::Int | TokenKind::Decimal) {
                    let minus = self.bump()?;
                    let number = self.bump()?;
                    let literal = self.number_literal(minus.span.to(number.span), &number.kind)?;
                    return self.parse_postfix(literal);
                }
                UnaryOp::Negate
            }
            _ => {
                let primary = self.parse_primary()?;
                return self.parse_postfix(primary);
            }
        };
        let op_tok = self.bump()?;
        self.enter(op_tok.span)?;
        let mut operand = self.parse_unary(ctx)?;
        // `!$items|is_empty` negates the filtered value: what authors mean.
        while self.at(Punct::Pipe) && !ctx.in_filter_arg {
            operand = self.parse_filter(Some(operand), ctx)?;
        }
        self.leave();
        Ok(Expr {
            span: op_tok.span.to(operand.span),
            kind: ExprKind::Unary(op, Box::new(operand)),
        })
    }

    fn parse_postfix(&mut self, mut expr: Expr) -> PResult<Expr> {
        loop {
            match &self.tok.kind {
                TokenKind::Punct(Punct::Dot) => {
                    self.bump()?;
                    let field = self.parse_field_name()?;
                    let span = expr.span.to(field.span);
                    expr = Expr {
                        kind: ExprKind::Field(Box::new(expr), field),
                        span,
                    };
                }
                TokenKind::Punct(Punct::LBracket) if !self.tok.newline_before => {
                    let open = self.bump()?;
                    self.enter(open.span)?;
                    let index = self.parse_expr()?;
                    if !self.at(Punct::RBracket) {
                        return Err(self.unclosed(open.span, "]", "index").into());
                    }
                    let close = self.bump()?;
                    self.leave();
                    let span = expr.span.to(close.span);
                    expr = Expr {
                        kind: ExprKind::Index(Box::new(expr), Box::new(index)),
                        span,
                    };
                }
                _ => return Ok(expr),
            }
        }
    }

    /// After `.`: a word (keywords included) or digits.
    fn parse_field_name(&mut self) -> PResult<Name> {
        match self.tok.kind {
            TokenKind::Ident | TokenKind::Int => {
                let tok = self.bump()?;
                Ok(Name {
                    text: self.text(tok.span).to_owned(),
                    span: tok.span,
                })
            }
            _ => Err(self.expected("a field name after `.`").into()),
        }
    }

    /// `|name:arg:arg`, the current token being `|`; `value` is `None` for a
    /// filter written without a subject (`|range:1:5`).
    fn parse_filter(&mut self, value: Option<Expr>, ctx: Context) -> PResult<Expr> {
        let pipe = self.bump()?;
        if self.tok.kind != TokenKind::Ident {
            return Err(self
                .expected("a filter name after `|`")
                .with_hint("filters look like `$value|trim` or `$value|get:\"key\"`")
                .into());
        }
        let name_tok = self.bump()?;
        let name = Name {
            text: self.text(name_tok.span).to_owned(),
            span: name_tok.span,
        };
        self.enter(pipe.span)?;
        let mut args = Vec::new();
        while self.at(Punct::Colon) {
            let spaced = self.tok.span.start as usize > self.prev_end;
            if ctx.in_ternary_then && spaced {
                break;
            }
            let colon = self.bump()?;
            if self.tok.newline_before
                || self.at(Punct::Colon)
                || self.at(Punct::Pipe)
                || self.tok.kind == TokenKind::Eof
            {
                return Err(self
                    .error(
                        colon.span,
                        format!("expected an argument for filter `{}` after `:`", name.text),
                    )
                    .with_hint("remove the `:` or write the argument right after it")
                    .into());
            }
            if let Some(word) = self.bare_word_argument() {
                args.push(word?);
                continue;
            }
            let arg_ctx = Context {
                in_filter_arg: true,
                in_array: false,
                in_ternary_then: false,
            };
            args.push(self.parse_binary(0, arg_ctx)?);
        }
        self.leave();
        let start = value
            .as_ref()
            .map_or(pipe.span.start, |value| value.span.start);
        let span = Span::new(start as usize, self.prev_end);
        Ok(Expr {
            kind: ExprKind::Filter {
                value: value.map(Box::new),
                name,
                args,
            },
            span,
        })
    }

    /// The reference writes some filter arguments as bare words
    /// (`$users|sort:name:text:false`, `$rows|index_by:id`): a word that is not
    /// a keyword, standing alone as an argument, is read as that text.
    fn bare_word_argument(&mut self) -> Option<PResult<Expr>> {
        if self.tok.kind != TokenKind::Ident {
            return None;
        }
        let span = self.tok.span;
        let word = self.text(span);
        if matches!(word, "true" | "false" | "null" | "now") {
            return None;
        }
        let word = word.to_owned();
        Some(self.bump().map(|_| Expr {
            kind: ExprKind::Text(word),
            span,
        }))
    }

    fn parse_primary(&mut self) -> PResult<Expr> {
        let span = self.tok.span;
        let kind = match &self.tok.kind {
            TokenKind::Int | TokenKind::Decimal => {
                let tok = self.bump()?;
                return self.number_literal(tok.span, &tok.kind);
            }
            // A timestamp is epoch milliseconds, as `now` is.
            TokenKind::Timestamp(ms) => {
                let ms = *ms;
                self.bump()?;
                ExprKind::Int(ms)
            }
            TokenKind::Str(_) => {
                let tok = self.bump()?;
                let TokenKind::Str(text) = tok.kind else {
                    return Err(self.error(span, "expected text").into());
                };
                ExprKind::Text(text)
            }
            TokenKind::Variable => {
                let tok = self.bump()?;
                let name = self.text(tok.span).get(1..).unwrap_or("");
                ExprKind::Variable(name.to_owned())
            }
            TokenKind::Ident if self.at_function_call() => return self.parse_function_call(),
            TokenKind::Ident => return self.parse_keyword(),
            // A filter with no subject: `|range:1:5`, `|uuid`.
            TokenKind::Punct(Punct::Pipe) => return self.parse_filter(None, Context::default()),
            TokenKind::Punct(Punct::LParen) => {
                let open = self.bump()?;
                self.enter(open.span)?;
                let inner = self.parse_expr()?;
                if !self.at(Punct::RParen) {
                    return Err(self.unclosed(open.span, ")", "parenthesis").into());
                }
                let close = self.bump()?;
                self.leave();
                // Parentheses only group; the span grows to cover them so
                // diagnostics underline what the author wrote.
                return Ok(Expr {
                    kind: inner.kind,
                    span: open.span.to(close.span),
                });
            }
            TokenKind::Punct(Punct::LBracket) => return self.parse_array(),
            TokenKind::Punct(Punct::LBrace) => return self.parse_object(),
            TokenKind::Backtick => return self.parse_backtick(),
            TokenKind::Eof => {
                return Err(self.expected("a value").into());
            }
            TokenKind::Punct(Punct::Ellipsis) => {
                return Err(self
                    .error(span, "`...` spreads only inside an array literal")
                    .with_hint("write `[...$items, 4]`, or `$a|merge:$b` to join two arrays")
                    .into());
            }
            _ => {
                return Err(self.expected("a value").with_hint(
                    "values are text `\"...\"`, numbers, `true`, `false`, `null`, `now`, `[...]`, `{...}` or variables like `$name`",
                ).into());
            }
        };
        Ok(Expr { kind, span })
    }

    /// `namespace.name(` on one line: a function call such as `math.add(5, 3)`.
    fn at_function_call(&self) -> bool {
        let mut lexer = self.lexer.clone();
        let mut end = self.tok.span.end;
        let mut dots = 0;
        loop {
            let Ok(tok) = lexer.next_token() else {
                return false;
            };
            if !(tok.is(Punct::Dot) && tok.span.start == end) {
                return dots > 0 && tok.is(Punct::LParen) && !tok.newline_before;
            }
            let Ok(part) = lexer.next_token() else {
                return false;
            };
            if part.kind != TokenKind::Ident || part.span.start != tok.span.end {
                return false;
            }
            end = part.span.end;
            dots += 1;
        }
    }

    /// `math.add(5, 3)`: the dotted name, then arguments separated by commas.
    fn parse_function_call(&mut self) -> PResult<Expr> {
        let name = self.parse_dotted_name()?;
        let open = self.expect(Punct::LParen, "`(`")?;
        self.enter(open.span)?;
        let mut args = Vec::new();
        while !self.at(Punct::RParen) {
            if self.tok.kind == TokenKind::Eof || self.at_entry_start() {
                return Err(self
                    .unclosed(open.span, ")", &format!("arguments of `{}(`", name.text))
                    .into());
            }
            args.push(self.parse_expr()?);
            if self.at(Punct::Comma) {
                self.bump()?;
            } else if self.tok.kind == TokenKind::Eof {
                return Err(self
                    .unclosed(open.span, ")", &format!("arguments of `{}(`", name.text))
                    .into());
            } else if !self.at(Punct::RParen) {
                return Err(self
                    .expected(&format!("`,` or `)` in the arguments of `{}(`", name.text))
                    .with_hint(format!(
                        "separate the arguments with commas: `{}(value, argument)`",
                        name.text
                    ))
                    .into());
            }
        }
        let close = self.bump()?;
        self.leave();
        Ok(Expr {
            span: name.span.to(close.span),
            kind: ExprKind::Call { name, args },
        })
    }

    fn parse_keyword(&mut self) -> PResult<Expr> {
        let span = self.tok.span;
        let kind = match self.text(span) {
            "true" => ExprKind::Bool(true),
            "false" => ExprKind::Bool(false),
            "null" => ExprKind::Null,
            "now" => ExprKind::Now,
            word => {
                return Err(self
                    .error(span, format!("unexpected word `{word}` in an expression"))
                    .with_hint(format!(
                        "write text in quotes (`\"{word}\"`); variables start with `$` (`$input.{word}`, `${word}`)"
                    )).into());
            }
        };
        self.bump()?;
        Ok(Expr { kind, span })
    }

    /// An integer or decimal literal covering `span` (which may include a `-`).
    fn number_literal(&self, span: Span, kind: &TokenKind) -> PResult<Expr> {
        let text = self.text(span);
        let kind = if *kind == TokenKind::Int {
            match text.parse::<i64>() {
                Ok(n) => ExprKind::Int(n),
                Err(_) => {
                    return Err(self
                        .error(span, format!("integer `{text}` does not fit in 64 bits"))
                        .with_hint(format!("write it as a decimal (`{text}.0`) or as text"))
                        .into());
                }
            }
        } else {
            match text.parse::<f64>() {
                Ok(n) if n.is_finite() => ExprKind::Decimal(n),
                _ => {
                    return Err(self
                        .error(span, format!("number `{text}` is too large"))
                        .into());
                }
            }
        };
        Ok(Expr { kind, span })
    }

    fn parse_array(&mut self) -> PResult<Expr> {
        let open = self.bump()?;
        self.enter(open.span)?;
        let mut items = Vec::new();
        let ctx = Context {
            in_array: true,
            ..Context::default()
        };
        loop {
            if self.at(Punct::RBracket) {
                break;
            }
            // A block entry (`other = 1`) where an element should be means
            // the `]` was forgotten.
            if self.tok.kind == TokenKind::Eof || self.at_entry_start() {
                return Err(self.unclosed(open.span, "]", "array").into());
            }
            items.push(self.parse_array_element(ctx)?);
            if self.at(Punct::Comma) {
                self.bump()?;
            } else if !self.at(Punct::RBracket) && !self.tok.newline_before {
                return Err(self
                    .unclosed(open.span, "]", "array")
                    .with_hint("separate the elements of an array with `,` or line breaks")
                    .into());
            }
        }
        let close = self.bump()?;
        self.leave();
        Ok(Expr {
            kind: ExprKind::Array(items),
            span: open.span.to(close.span),
        })
    }

    /// One element of an array literal: a value or `...value`.
    fn parse_array_element(&mut self, ctx: Context) -> PResult<Expr> {
        if !self.at(Punct::Ellipsis) {
            return self.parse_ternary(ctx);
        }
        let dots = self.bump()?;
        if self.at(Punct::Comma) || self.at(Punct::RBracket) || self.tok.kind == TokenKind::Eof {
            return Err(self
                .error(dots.span, "expected an array to spread after `...`")
                .with_hint("write the array right after the dots: `[...$items, 4]`")
                .into());
        }
        let inner = self.parse_binary(0, ctx)?;
        Ok(Expr {
            span: dots.span.to(inner.span),
            kind: ExprKind::Spread(Box::new(inner)),
        })
    }

    fn parse_object(&mut self) -> PResult<Expr> {
        let open = self.bump()?;
        self.enter(open.span)?;
        let mut entries = Vec::new();
        loop {
            if self.at(Punct::RBrace) {
                break;
            }
            if self.tok.kind == TokenKind::Eof {
                return Err(self.unclosed(open.span, "}", "object").into());
            }
            if self.at(Punct::Ellipsis) {
                return Err(self
                    .error(self.tok.span, "`...` cannot spread into an object")
                    .with_hint("merge objects with a filter: `$defaults|merge:{ b: 2 }`")
                    .into());
            }
            let key_on_new_line = self.tok.newline_before;
            let key = self.parse_object_key()?;
            let shown = match &key {
                ObjectKey::Literal(name) => name.text.clone(),
                ObjectKey::Computed(expr) => self.text(expr.span).to_owned(),
            };
            if self.at(Punct::Assign) {
                // `key =` at the start of a line is a block attribute: the
                // object above it was left open.
                if key_on_new_line {
                    return Err(self
                        .error(
                            key.span(),
                            format!(
                                "expected `}}` to close the object opened at line {}, found `{shown}`",
                                self.line_of(open.span.start),
                            ),
                        )
                        .into());
                }
                return Err(self
                    .error(self.tok.span, format!("expected `:` after the key `{shown}`, found `=`"))
                    .with_hint("object entries are written `key: value`; `key = value` is for block attributes").into());
            }
            if !self.at(Punct::Colon) {
                let diagnostic = self.expected(&format!("`:` after the key `{shown}`"));
                return Err(match key {
                    ObjectKey::Computed(_) => diagnostic.with_hint(
                        "a computed key is followed by `:` and its value: `{ $key: 1 }`, `{ ($prefix ~ \"_id\"): 1 }`",
                    ),
                    ObjectKey::Literal(_) => diagnostic,
                }
                .into());
            }
            self.bump()?;
            let value = self.parse_expr()?;
            entries.push((key, value));
            if self.at(Punct::Comma) {
                self.bump()?;
            } else if !self.at(Punct::RBrace) && !self.tok.newline_before {
                return Err(self
                    .unclosed(open.span, "}", "object")
                    .with_hint("separate the entries of an object with `,` or line breaks")
                    .into());
            }
        }
        let close = self.bump()?;
        self.leave();
        Ok(Expr {
            kind: ExprKind::Object(entries),
            span: open.span.to(close.span),
        })
    }

    /// A word that is not a value keyword at the start of a line, where an
    /// array element should be: a block attribute (`other = 1`) follows an
    /// array whose `]` was forgotten.
    fn at_entry_start(&self) -> bool {
        self.tok.newline_before
            && self.tok.kind == TokenKind::Ident
            && !matches!(self.text(self.tok.span), "true" | "false" | "null" | "now")
    }

    /// A bare word (dotted words allowed, as in `{ user.id: "asc" }`), a
    /// quoted key or digits; or a computed key: a variable with its path
    /// (`$key`, `$item.id`) or a parenthesised expression.
    fn parse_object_key(&mut self) -> PResult<ObjectKey> {
        match &self.tok.kind {
            TokenKind::Variable | TokenKind::Punct(Punct::LParen) => {
                let primary = self.parse_primary()?;
                Ok(ObjectKey::Computed(self.parse_postfix(primary)?))
            }
            _ => self.parse_literal_key().map(ObjectKey::Literal),
        }
    }

    fn parse_literal_key(&mut self) -> PResult<Name> {
        match &self.tok.kind {
            TokenKind::Ident => self.parse_dotted_name(),
            TokenKind::Int => {
                let tok = self.bump()?;
                Ok(Name {
                    text: self.text(tok.span).to_owned(),
                    span: tok.span,
                })
            }
            TokenKind::Str(_) => {
                let tok = self.bump()?;
                let TokenKind::Str(text) = tok.kind else {
                    return Err(self.error(tok.span, "expected a key").into());
                };
                Ok(Name {
                    text,
                    span: tok.span,
                })
            }
            _ => Err(self
                .expected("an object key such as `name`, `\"name\"` or `$key`")
                .into()),
        }
    }

    /// `` `expr` ``: the inside is parsed as an expression of its own.
    fn parse_backtick(&mut self) -> PResult<Expr> {
        let tok = self.bump()?;
        let start = tok.span.start as usize + 1;
        let end = (tok.span.end as usize).saturating_sub(1).max(start);
        let mut inner = Parser::new(self.file, start, end, self.depth)?;
        inner.enter(tok.span)?;
        if inner.tok.kind == TokenKind::Eof {
            return Err(self.error(tok.span, "empty backtick expression").into());
        }
        let expr = inner.parse_expr()?;
        if inner.tok.kind != TokenKind::Eof {
            return Err(self
                .error(
                    inner.tok.span,
                    format!(
                        "unexpected {} in backtick expression",
                        describe(self.file, &inner.tok)
                    ),
                )
                .into());
        }
        Ok(Expr {
            kind: ExprKind::Backtick(Box::new(expr)),
            span: tok.span,
        })
    }
}
