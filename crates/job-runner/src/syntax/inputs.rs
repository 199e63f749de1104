//! Input declarations: `input { ... }` and `schema { ... }` blocks.
//!
//! One declaration per line:
//! `type[min:max]? name? = default filters=f1|f2:arg { attributes }`.
//! Filter arguments are raw text up to the next whitespace, because they are
//! often regular expressions (`pattern:^\d{5}(-\d{4})?$`) that no tokenizer
//! would survive. The text is split on `|` and `:` outside of brackets, so
//! `pattern:^(a|b)$` stays one argument.

use super::ast::{ArrayBounds, InputBlock, InputField, InputFilter, Name};
use super::lexer::{Punct, TokenKind};
use super::parser::{PResult, Parser};
use crate::source::Span;

impl Parser<'_> {
    /// `input { ... }`, the keyword already read and the current token `{`.
    pub(super) fn parse_input_block(&mut self, keyword: Name) -> PResult<InputBlock> {
        let open = self.bump()?;
        self.enter(open.span)?;
        let mut fields = Vec::new();
        loop {
            match self.tok.kind {
                TokenKind::Punct(Punct::RBrace) => break,
                TokenKind::Ident => {
                    if !fields.is_empty() && !self.tok.newline_before {
                        return Err(self
                            .error(self.tok.span, "expected a line break before the next input")
                            .with_hint("declare each input on its own line")
                            .into());
                    }
                    fields.push(self.parse_input_field()?);
                }
                TokenKind::Eof => {
                    return Err(self
                        .unclosed(open.span, "}", &format!("`{}` block", keyword.text))
                        .into());
                }
                _ => {
                    return Err(self
                        .expected("an input declaration such as `text name`")
                        .with_hint(
                            "declarations look like `text name`, `int count?=1` or `json data`",
                        )
                        .into());
                }
            }
        }
        let close = self.bump()?;
        self.leave();
        Ok(InputBlock {
            span: keyword.span.to(close.span),
            keyword,
            fields,
        })
    }

    fn parse_input_field(&mut self) -> PResult<InputField> {
        let ty_tok = self.bump()?;
        let ty = Name {
            text: self.text(ty_tok.span).to_owned(),
            span: ty_tok.span,
        };
        let mut is_array = false;
        let mut bounds = None;
        if self.at(Punct::LBracket) && self.tok.span.start == ty.span.end {
            is_array = true;
            bounds = self.parse_array_bounds()?;
        }
        let nullable = self.eat_touching_question()?;
        if self.tok.kind != TokenKind::Ident || self.tok.newline_before {
            let mut diagnostic = self.expected(&format!("a name for this `{}` input", ty.text));
            diagnostic = if ty.text == "dblink" {
                diagnostic.with_hint(
                    "`dblink` inputs come from a Xano table, which this runner does not support",
                )
            } else {
                diagnostic.with_hint(format!(
                    "write the name after the type, as in `{} my_input`",
                    ty.text
                ))
            };
            return Err(diagnostic.into());
        }
        let name_tok = self.bump()?;
        let name = Name {
            text: self.text(name_tok.span).to_owned(),
            span: name_tok.span,
        };
        let optional = self.eat_touching_question()?;
        let mut default = None;
        if self.at(Punct::Assign) && !self.tok.newline_before {
            let assign = self.bump()?;
            if self.tok.newline_before || self.at(Punct::RBrace) {
                return Err(self
                    .error(
                        assign.span,
                        format!("expected a default value for `{}` after `=`", name.text),
                    )
                    .with_hint("write the default on the same line, as in `int limit?=20`")
                    .into());
            }
            default = Some(self.parse_expr()?);
        }
        let mut filters = Vec::new();
        if self.at_word("filters") && !self.tok.newline_before {
            self.bump()?;
            if !self.at(Punct::Assign) {
                return Err(self.expected("`=` after `filters`").into());
            }
            filters = self.parse_raw_filters()?;
        }
        let body = if self.at(Punct::LBrace) {
            Some(self.parse_body()?)
        } else {
            None
        };
        if !self.tok.newline_before && !self.at(Punct::RBrace) {
            return Err(self
                .expected(&format!("the end of the `{}` declaration", name.text))
                .with_hint("a declaration reads `type name?=default filters=a|b:1 { ... }`")
                .into());
        }
        Ok(InputField {
            span: Span::new(ty.span.start as usize, self.prev_end),
            ty,
            is_array,
            bounds,
            nullable,
            name,
            optional,
            default,
            filters,
            body,
        })
    }

    /// A `?` written right after the previous token.
    fn eat_touching_question(&mut self) -> PResult<bool> {
        if self.at(Punct::Question) && self.tok.span.start as usize == self.prev_end {
            self.bump()?;
            return Ok(true);
        }
        Ok(false)
    }

    /// `[]`, `[1:10]`, `[1:]` or `[:10]`, the current token being `[`.
    fn parse_array_bounds(&mut self) -> PResult<Option<ArrayBounds>> {
        let open = self.bump()?;
        if self.at(Punct::RBracket) {
            self.bump()?;
            return Ok(None);
        }
        let min = self.parse_bound()?;
        let max = if self.at(Punct::Colon) {
            self.bump()?;
            self.parse_bound()?
        } else {
            min
        };
        if !self.at(Punct::RBracket) {
            return Err(self
                .unclosed(open.span, "]", "array size")
                .with_hint("array sizes look like `text[]`, `int[1:10]` or `text[:5]`")
                .into());
        }
        self.bump()?;
        Ok(Some(ArrayBounds { min, max }))
    }

    fn parse_bound(&mut self) -> PResult<Option<u64>> {
        if self.tok.kind != TokenKind::Int {
            return Ok(None);
        }
        let tok = self.bump()?;
        let text = self.text(tok.span);
        text.parse::<u64>().map(Some).map_err(|_| {
            self.error(tok.span, format!("array size `{text}` is too large"))
                .into()
        })
    }

    /// After `filters`, the current token being `=`: reads raw text.
    fn parse_raw_filters(&mut self) -> PResult<Vec<InputFilter>> {
        let assign_span = self.tok.span;
        let (start, end) = self.lexer.raw_word();
        // The lexer moved past the raw text: fetch the token after it.
        self.tok = self.lexer.next_token()?;
        self.prev_end = end;
        let raw = self.file.text().get(start..end).unwrap_or("");
        if raw.is_empty() {
            return Err(self
                .error(assign_span, "expected filters after `filters=`")
                .with_hint("write filters like `filters=trim|lower|max:50`")
                .into());
        }
        let mut filters = Vec::new();
        for (part_start, part) in split_outside_brackets(raw, b'|') {
            let mut pieces = split_outside_brackets(part, b':').into_iter();
            let (name_start, name_text) = pieces.next().unwrap_or((0, ""));
            let name_span = Span::new(
                start + part_start + name_start,
                start + part_start + name_start + name_text.len(),
            );
            if name_text.is_empty()
                || !name_text
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            {
                let message = if name_text.is_empty() {
                    "expected an input filter name".to_owned()
                } else {
                    format!("invalid input filter name `{name_text}`")
                };
                let span = if name_text.is_empty() {
                    Span::new(start + part_start, start + part_start + part.len().max(1))
                } else {
                    name_span
                };
                return Err(self
                    .error(span, message)
                    .with_hint("input filters look like `trim`, `max:50` or `pattern:^[a-z]+$`, separated by `|`").into());
            }
            filters.push(InputFilter {
                name: Name {
                    text: name_text.to_owned(),
                    span: name_span,
                },
                args: pieces.map(|(_, arg)| arg.to_owned()).collect(),
            });
        }
        Ok(filters)
    }
}

/// Splits `text` on `separator` where it is not inside `()`, `[]` or `{}` and
/// not escaped by `\`; yields each piece with its offset in `text`.
fn split_outside_brackets(text: &str, separator: u8) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut piece_start = 0;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 1,
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b if b == separator && depth == 0 => {
                pieces.push((piece_start, text.get(piece_start..at).unwrap_or("")));
                piece_start = at + 1;
            }
            _ => {}
        }
        at += 1;
    }
    pieces.push((piece_start, text.get(piece_start..).unwrap_or("")));
    pieces
}
