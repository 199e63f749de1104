//! The parser's cursor and the statement-level grammar: documents, blocks,
//! attributes and calls. Expressions live in `expr.rs`, input declarations in
//! `inputs.rs`.
//!
//! Every rule returns the first problem it finds as an `Err`: one clear
//! diagnostic per file is more useful than a cascade of guesses.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

use super::ast::{Attribute, Body, Call, Document, Entry, Name, PathStep, Target, VarTarget};
use super::lexer::{Lexer, Punct, Token, TokenKind};

pub(crate) type PResult<T> = Result<T, Box<Diagnostic>>;

/// How deeply blocks, brackets and unary operators may nest before the parser
/// gives up; keeps hostile input from overflowing the stack.
pub const MAX_NESTING: usize = 128;

pub(crate) struct Parser<'a> {
    pub(super) file: &'a Arc<SourceFile>,
    pub(super) lexer: Lexer<'a>,
    /// The current (not yet consumed) token.
    pub(super) tok: Token,
    /// End offset of the last consumed token.
    pub(super) prev_end: usize,
    pub(super) depth: usize,
}

impl<'a> Parser<'a> {
    /// A parser over `file.text()[start..end]` that starts `depth` levels deep.
    pub(crate) fn new(
        file: &'a Arc<SourceFile>,
        start: usize,
        end: usize,
        depth: usize,
    ) -> PResult<Self> {
        let mut lexer = Lexer::new(file, start, end);
        let tok = lexer.next_token()?;
        Ok(Parser {
            file,
            lexer,
            tok,
            prev_end: start,
            depth,
        })
    }

    /// Consumes the current token and returns it.
    pub(super) fn bump(&mut self) -> PResult<Token> {
        let next = self.lexer.next_token()?;
        let tok = std::mem::replace(&mut self.tok, next);
        self.prev_end = tok.span.end as usize;
        Ok(tok)
    }

    /// The token after the current one, without consuming anything.
    pub(super) fn peek_next(&self) -> PResult<Token> {
        self.lexer.clone().next_token()
    }

    pub(super) fn at(&self, punct: Punct) -> bool {
        self.tok.is(punct)
    }

    pub(super) fn at_word(&self, word: &str) -> bool {
        self.tok.kind == TokenKind::Ident && self.text(self.tok.span) == word
    }

    pub(super) fn text(&self, span: Span) -> &'a str {
        self.file.slice(span)
    }

    pub(super) fn error(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, span, message)
    }

    /// Names the current token for messages: `` `foo` `` or `end of file`.
    pub(super) fn describe_current(&self) -> String {
        describe(self.file, &self.tok)
    }

    /// An error at the current token: "expected X, found Y".
    pub(super) fn expected(&self, what: &str) -> Diagnostic {
        self.error(
            self.tok.span,
            format!("expected {what}, found {}", self.describe_current()),
        )
    }

    pub(super) fn expect(&mut self, punct: Punct, what: &str) -> PResult<Token> {
        if self.at(punct) {
            self.bump()
        } else {
            Err(self.expected(what).into())
        }
    }

    /// Enters one nesting level; `span` is what opened it.
    pub(super) fn enter(&mut self, span: Span) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self
                .error(span, "nesting is too deep")
                .with_hint(format!(
                    "blocks, brackets and operators may nest at most {MAX_NESTING} levels; split the expression with variables"
                )).into());
        }
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    pub(super) fn line_of(&self, offset: u32) -> usize {
        self.file.line_col(offset).line
    }

    // ----- documents and blocks -----

    pub(crate) fn parse_document(&mut self) -> PResult<Document> {
        let mut items = Vec::new();
        while self.tok.kind != TokenKind::Eof {
            if self.tok.kind != TokenKind::Ident {
                return Err(self
                    .expected("a construct such as `function \"name\" { ... }`")
                    .into());
            }
            match self.parse_entry()? {
                Entry::Call(call) => items.push(call),
                Entry::Attribute(attribute) => {
                    return Err(self
                        .error(
                            attribute.key.span,
                            format!("attribute `{}` is outside of any block", attribute.key.text),
                        )
                        .with_hint("attributes belong inside a `{ ... }` block")
                        .into());
                }
                Entry::Inputs(block) => {
                    return Err(self
                        .error(
                            block.keyword.span,
                            format!("`{}` block is outside of any construct", block.keyword.text),
                        )
                        .with_hint("put it inside `function \"name\" { ... }`")
                        .into());
                }
            }
        }
        Ok(Document { items })
    }

    /// One expression filling the whole input.
    pub(crate) fn parse_whole_expression(&mut self) -> PResult<super::ast::Expr> {
        let expr = self.parse_expr()?;
        if self.tok.kind != TokenKind::Eof {
            return Err(self.expected("the end of the expression").into());
        }
        Ok(expr)
    }

    /// `{ entries }`: the current token must be `{`.
    pub(super) fn parse_body(&mut self) -> PResult<Body> {
        let open = self.expect(Punct::LBrace, "`{`")?;
        self.enter(open.span)?;
        let mut entries = Vec::new();
        loop {
            match &self.tok.kind {
                TokenKind::Punct(Punct::RBrace) => break,
                TokenKind::Ident => entries.push(self.parse_entry()?),
                TokenKind::Eof => return Err(self.unclosed(open.span, "}", "block").into()),
                TokenKind::Punct(Punct::Comma) => {
                    return Err(self
                        .error(self.tok.span, "unexpected `,` between block entries")
                        .with_hint(
                            "attributes of a block go one per line without commas; commas separate the entries of an object `{ a: 1, b: 2 }`",
                        ).into());
                }
                _ => {
                    return Err(self
                        .expected("an attribute `name = value`, a statement or `}`")
                        .into());
                }
            }
        }
        let close = self.bump()?;
        self.leave();
        Ok(Body {
            entries,
            span: open.span.to(close.span),
        })
    }

    /// The error for a bracket that is never closed: at the current token
    /// when it is a stray one, at the opening bracket at end of file.
    pub(super) fn unclosed(&self, open: Span, close: &str, what: &str) -> Diagnostic {
        let line = self.line_of(open.start);
        if self.tok.kind == TokenKind::Eof {
            self.error(
                open,
                format!("expected `{close}` to close the {what} opened at line {line}, found end of file"),
            )
            .with_hint(format!("add the missing `{close}`"))
        } else {
            self.error(
                self.tok.span,
                format!(
                    "expected `{close}` to close the {what} opened at line {line}, found {}",
                    self.describe_current()
                ),
            )
        }
    }

    /// A dotted name such as `var.update`; the parts must touch the dots.
    pub(super) fn parse_dotted_name(&mut self) -> PResult<Name> {
        let first = self.bump()?;
        let mut span = first.span;
        while self.at(Punct::Dot) && self.tok.span.start == span.end {
            let part = self.name_after_dot(false, "a name")?;
            span = span.to(part.span);
        }
        Ok(Name {
            text: self.text(span).to_owned(),
            span,
        })
    }

    /// The current token being a `.`, consumes it and the word (or, with
    /// `digits`, the number) written against it, which it returns.
    fn name_after_dot(&mut self, digits: bool, what: &str) -> PResult<Token> {
        let after = self.peek_next()?;
        let touches = after.span.start == self.tok.span.end;
        let is_name = after.kind == TokenKind::Ident || (digits && after.kind == TokenKind::Int);
        if !touches || !is_name {
            return Err(self
                .error(
                    after.span,
                    format!(
                        "expected {what} after `.`, found {}",
                        describe(self.file, &after)
                    ),
                )
                .into());
        }
        self.bump()?;
        self.bump()
    }

    /// One entry of a block; the current token is an identifier.
    fn parse_entry(&mut self) -> PResult<Entry> {
        let name = self.parse_dotted_name()?;
        if self.at(Punct::Assign) {
            return self.parse_attribute(name).map(Entry::Attribute);
        }
        if (name.text == "input" || name.text == "schema") && self.at(Punct::LBrace) {
            return self.parse_input_block(name).map(Entry::Inputs);
        }
        self.parse_call(name).map(Entry::Call)
    }

    fn parse_attribute(&mut self, key: Name) -> PResult<Attribute> {
        let assign = self.bump()?;
        if key.text.contains('.') {
            return Err(self
                .error(key.span, format!("attribute name `{}` cannot contain `.`", key.text))
                .with_hint("write the attribute as a plain name, or build an object value `{ a: { b: 1 } }`").into());
        }
        if self.tok.newline_before || self.at(Punct::RBrace) {
            return Err(self
                .error(
                    assign.span,
                    format!("expected a value after `{} =`", key.text),
                )
                .with_hint("write the value on the same line as `=`")
                .into());
        }
        let value = self.parse_expr()?;
        Ok(Attribute {
            span: key.span.to(value.span),
            key,
            value,
        })
    }

    /// `name [target] [(arg)] [as $x] [{ body }] [as $x]`, the name already read.
    fn parse_call(&mut self, name: Name) -> PResult<Call> {
        // `break` and `continue` stand alone: `} break default {` is two
        // statements even on one line.
        if name.text == "break" || name.text == "continue" {
            return Ok(Call {
                span: name.span,
                name,
                target: None,
                arg: None,
                body: None,
                alias: None,
                index_alias: None,
            });
        }
        let target = self.parse_target(&name)?;
        let mut arg = None;
        if self.at(Punct::LParen) {
            let open = self.bump()?;
            self.enter(open.span)?;
            let expr = self.parse_expr()?;
            if !self.at(Punct::RParen) {
                return Err(self.unclosed(open.span, ")", "parenthesis").into());
            }
            self.bump()?;
            self.leave();
            arg = Some(expr);
        }
        let (mut alias, mut index_alias) = self.parse_alias()?;
        let body = if self.at(Punct::LBrace) {
            Some(self.parse_body()?)
        } else {
            None
        };
        if self.at_word("as") {
            let as_span = self.tok.span;
            let second = self.parse_alias()?;
            if alias.is_some() {
                return Err(self
                    .error(as_span, format!("`{}` already has an alias", name.text))
                    .with_hint("write `as $name` once, either before or after the block")
                    .into());
            }
            (alias, index_alias) = second;
        }
        Ok(Call {
            span: Span::new(name.span.start as usize, self.prev_end),
            name,
            target,
            arg,
            body,
            alias,
            index_alias,
        })
    }

    fn parse_target(&mut self, name: &Name) -> PResult<Option<Target>> {
        match &self.tok.kind {
            TokenKind::Variable => {
                let tok = self.bump()?;
                if self.text(tok.span) == "$$" {
                    return Err(self
                        .error(
                            tok.span,
                            format!("`$$` cannot be the target of `{}`", name.text),
                        )
                        .into());
                }
                let root = Name {
                    text: self.text(tok.span).get(1..).unwrap_or("").to_owned(),
                    span: tok.span,
                };
                self.parse_target_path(root)
                    .map(|target| Some(Target::Variable(target)))
            }
            TokenKind::Str(_) => {
                let tok = self.bump()?;
                let TokenKind::Str(text) = tok.kind else {
                    return Ok(None);
                };
                Ok(Some(Target::Text(Name {
                    text,
                    span: tok.span,
                })))
            }
            // A bare word names the target only when a block follows on the
            // same line (`function send_digest {`), so `break` followed by
            // `default { .. }` stays two statements.
            TokenKind::Ident if !self.tok.newline_before && !self.at_word("as") => {
                if self.peek_next()?.is(Punct::LBrace) {
                    let tok = self.bump()?;
                    Ok(Some(Target::Word(Name {
                        text: self.text(tok.span).to_owned(),
                        span: tok.span,
                    })))
                } else {
                    Ok(None)
                }
            }
            _ => Ok(None),
        }
    }

    /// The path after a target's variable: `.field` and `.0` written against
    /// what precedes them, `[index]` on the same line (`$grid[$r][$c]`,
    /// `$o.items[2].name`).
    fn parse_target_path(&mut self, root: Name) -> PResult<VarTarget> {
        let mut span = root.span;
        let mut path = Vec::new();
        loop {
            if self.at(Punct::Dot) && self.tok.span.start == span.end {
                let field = self.name_after_dot(true, "a field name")?;
                span = span.to(field.span);
                path.push(PathStep::Field(Name {
                    text: self.text(field.span).to_owned(),
                    span: field.span,
                }));
            } else if self.at(Punct::LBracket) && !self.tok.newline_before {
                let open = self.bump()?;
                self.enter(open.span)?;
                if self.at(Punct::RBracket) {
                    return Err(self
                        .error(open.span.to(self.tok.span), "expected an index inside `[]`")
                        .with_hint("write the position or key to change: `$items[0]`, `$counts[$key]`; to add to an array use `array.push`")
                        .into());
                }
                let index = self.parse_expr()?;
                if !self.at(Punct::RBracket) {
                    return Err(self.unclosed(open.span, "]", "index of the target").into());
                }
                let close = self.bump()?;
                self.leave();
                span = span.to(close.span);
                path.push(PathStep::Index(index));
            } else {
                return Ok(VarTarget { root, path, span });
            }
        }
    }

    /// `as $name` or `as $item, $index`, when the current token is `as`.
    fn parse_alias(&mut self) -> PResult<(Option<Name>, Option<Name>)> {
        if !self.at_word("as") {
            return Ok((None, None));
        }
        self.bump()?;
        let first = self.alias_variable()?;
        if !self.at(Punct::Comma) {
            return Ok((Some(first), None));
        }
        self.bump()?;
        let second = self.alias_variable()?;
        Ok((Some(first), Some(second)))
    }

    fn alias_variable(&mut self) -> PResult<Name> {
        if self.tok.kind != TokenKind::Variable || self.text(self.tok.span) == "$$" {
            return Err(self
                .expected("a variable after `as`")
                .with_hint("name the result like `as $result`")
                .into());
        }
        let tok = self.bump()?;
        let text = self.text(tok.span).get(1..).unwrap_or("");
        Ok(Name {
            text: text.to_owned(),
            span: tok.span,
        })
    }
}

/// Names a token for messages.
pub(crate) fn describe(file: &SourceFile, tok: &Token) -> String {
    match tok.kind {
        TokenKind::Eof => "end of file".to_owned(),
        _ => {
            let text = file.slice(tok.span);
            let line = text.lines().next().unwrap_or("");
            let mut shown: String = line.chars().take(40).collect();
            if shown.len() < text.len() {
                shown.push_str("...");
            }
            format!("`{shown}`")
        }
    }
}
