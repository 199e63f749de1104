//! Turns source bytes into tokens, on demand.
//!
//! The lexer is pulled one token at a time by the parser instead of producing
//! a token list up front, because input declarations switch to a raw mode
//! (`filters=pattern:^\d{5}$` is not made of tokens) and because the parser can
//! then look ahead by cloning the lexer, which is just a cursor.
//!
//! It scans bytes, never characters, except to name an unexpected non-ASCII
//! character in a diagnostic; every slice it takes ends on an ASCII byte, so it
//! cannot split a UTF-8 sequence.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

use super::ast::Comparison;
use super::strings;
use super::timestamp;

/// Operators and delimiters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Punct {
    LBrace,
    RBrace,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Colon,
    Assign,
    Dot,
    /// `..`: an inclusive integer range, `1..10`.
    DotDot,
    /// `...`: spreads an array into an array literal, `[...$a, 4]`.
    Ellipsis,
    Question,
    Pipe,
    Bang,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Tilde,
    Lt,
    LtEq,
    Gt,
    GtEq,
    EqEq,
    NotEq,
    StrictEq,
    StrictNotEq,
    AndAnd,
    OrOr,
    QuestionQuestion,
    /// `==?`, `!=?`, `<?`, `<=?`, `>?`, `>=?`.
    NullSafe(Comparison),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind {
    /// A bare word: `var`, `true`, `as`, `text`. Its text is the span.
    Ident,
    /// `$name` or `$$`; the span covers the `$`.
    Variable,
    /// Digits only; converted by the parser so it can report overflow.
    Int,
    /// Digits with a fraction or an exponent.
    Decimal,
    /// Xano's timestamp literal `2026-01-01 00:00:00+0000`, in epoch
    /// milliseconds (`timestamp.rs`).
    Timestamp(i64),
    /// A string literal with its escapes already resolved.
    Str(String),
    /// `` `...` ``; the span covers both backticks, the parser reads the inside.
    Backtick,
    Punct(Punct),
    Eof,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    pub(crate) span: Span,
    /// A line break (outside comments' own text) separates this token from the
    /// previous one; the parser uses it to end values and declarations.
    pub(crate) newline_before: bool,
}

impl Token {
    pub(crate) fn is(&self, punct: Punct) -> bool {
        self.kind == TokenKind::Punct(punct)
    }
}

/// A cursor over `text[pos..end]`; cheap to clone for lookahead.
#[derive(Clone)]
pub(crate) struct Lexer<'a> {
    file: &'a Arc<SourceFile>,
    bytes: &'a [u8],
    pos: usize,
    end: usize,
    /// The previous token was `.`: a number here is a field index (`$a.0.1`
    /// is two fields, not the decimal `0.1`).
    after_dot: bool,
}

pub(crate) fn is_ident_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_'
}

pub(crate) fn is_ident_continue(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

impl<'a> Lexer<'a> {
    /// A lexer over `file.text()[start..end]`; spans stay relative to the whole file.
    pub(crate) fn new(file: &'a Arc<SourceFile>, start: usize, end: usize) -> Self {
        let bytes = file.text().as_bytes();
        let end = end.min(bytes.len());
        // Editors on Windows may start a file with a byte order mark.
        let start = if start == 0 && bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            start
        };
        Lexer {
            file,
            bytes,
            pos: start.min(end),
            end,
            after_dot: false,
        }
    }

    fn peek_byte(&self, offset: usize) -> Option<u8> {
        let at = self.pos + offset;
        if at < self.end {
            Some(self.bytes[at])
        } else {
            None
        }
    }

    /// Skips spaces and comments; reports whether a line break was crossed.
    fn skip_trivia(&mut self) -> Result<bool, Box<Diagnostic>> {
        // A local cursor over a slice cut at `end` keeps this loop, the
        // hottest of the parser (indentation), free of reloads and checks.
        let bytes = &self.bytes[..self.end];
        let mut pos = self.pos;
        let mut newline = false;
        loop {
            match bytes.get(pos) {
                Some(b' ' | b'\t' | b'\r' | 0x0c) => pos += 1,
                Some(b'\n') => {
                    newline = true;
                    pos += 1;
                }
                Some(b'/') if bytes.get(pos + 1) == Some(&b'/') => {
                    pos += memchr_newline(&bytes[pos..]);
                }
                Some(b'/') if bytes.get(pos + 1) == Some(&b'*') => {
                    let start = pos;
                    let Some(close) = bytes[pos + 2..].windows(2).position(|w| w == b"*/") else {
                        self.pos = pos;
                        return Err(Diagnostic::error(
                            self.file,
                            Span::new(start, start + 2),
                            "unterminated comment",
                        )
                        .with_hint("close it with `*/`")
                        .into());
                    };
                    let end = pos + 2 + close + 2;
                    newline |= bytes[pos..end].contains(&b'\n');
                    pos = end;
                }
                _ => break,
            }
        }
        self.pos = pos;
        Ok(newline)
    }

    pub(crate) fn next_token(&mut self) -> Result<Token, Box<Diagnostic>> {
        let newline_before = self.skip_trivia()?;
        let after_dot = std::mem::take(&mut self.after_dot);
        let start = self.pos;
        let Some(&byte) = self.bytes.get(self.pos).filter(|_| self.pos < self.end) else {
            return Ok(Token {
                kind: TokenKind::Eof,
                span: Span::new(self.end, self.end),
                newline_before: true,
            });
        };
        let kind = match byte {
            b if is_ident_start(b) => {
                self.eat_while(is_ident_continue);
                TokenKind::Ident
            }
            b'0'..=b'9' => self.number(after_dot)?,
            b'$' => self.variable()?,
            b'"' | b'\'' => {
                let (value, end) = strings::lex_string(self.file, self.bytes, start, self.end)?;
                self.pos = end;
                TokenKind::Str(value)
            }
            b'`' => {
                let close = self.bytes[start + 1..self.end]
                    .iter()
                    .position(|&b| b == b'`')
                    .ok_or_else(|| {
                        Diagnostic::error(
                            self.file,
                            Span::new(start, start + 1),
                            "unterminated backtick expression",
                        )
                        .with_hint("close it with a matching backtick")
                    })?;
                self.pos = start + 1 + close + 1;
                TokenKind::Backtick
            }
            _ => TokenKind::Punct(self.punct(start)?),
        };
        if kind == TokenKind::Punct(Punct::Dot) {
            self.after_dot = true;
        }
        Ok(Token {
            kind,
            span: Span::new(start, self.pos),
            newline_before,
        })
    }

    fn eat_while(&mut self, keep: impl Fn(u8) -> bool) {
        let rest = &self.bytes[self.pos..self.end];
        self.pos += rest.iter().position(|&b| !keep(b)).unwrap_or(rest.len());
    }

    fn number(&mut self, after_dot: bool) -> Result<TokenKind, Box<Diagnostic>> {
        if !after_dot {
            let start = self.pos;
            match timestamp::scan(&self.bytes[start..self.end]) {
                timestamp::Scan::NotTimestamp => {}
                timestamp::Scan::Timestamp { len, ms } => {
                    self.pos += len;
                    return Ok(TokenKind::Timestamp(ms));
                }
                timestamp::Scan::Bad { len, message } => {
                    return Err(Diagnostic::error(
                        self.file,
                        Span::new(start, start + len),
                        message,
                    )
                    .with_hint(timestamp::hint())
                    .into());
                }
            }
        }
        self.eat_while(|b| b.is_ascii_digit());
        if after_dot {
            return Ok(TokenKind::Int);
        }
        let mut kind = TokenKind::Int;
        if self.peek_byte(0) == Some(b'.') && self.peek_byte(1).is_some_and(|b| b.is_ascii_digit())
        {
            self.pos += 1;
            self.eat_while(|b| b.is_ascii_digit());
            kind = TokenKind::Decimal;
        }
        if matches!(self.peek_byte(0), Some(b'e' | b'E')) {
            let digits_at = if matches!(self.peek_byte(1), Some(b'+' | b'-')) {
                2
            } else {
                1
            };
            if self
                .peek_byte(digits_at)
                .is_some_and(|b| b.is_ascii_digit())
            {
                self.pos += digits_at;
                self.eat_while(|b| b.is_ascii_digit());
                kind = TokenKind::Decimal;
            }
        }
        Ok(kind)
    }

    fn variable(&mut self) -> Result<TokenKind, Box<Diagnostic>> {
        let start = self.pos;
        self.pos += 1;
        match self.peek_byte(0) {
            Some(b'$') => self.pos += 1,
            Some(b) if is_ident_continue(b) => self.eat_while(is_ident_continue),
            _ => {
                return Err(Diagnostic::error(
                    self.file,
                    Span::new(start, start + 1),
                    "expected a variable name after `$`",
                )
                .with_hint("variables look like `$name`, `$input.field` or `$$`")
                .into());
            }
        }
        Ok(TokenKind::Variable)
    }

    fn punct(&mut self, start: usize) -> Result<Punct, Box<Diagnostic>> {
        let next = self.peek_byte(1);
        let next2 = self.peek_byte(2);
        let next3 = self.peek_byte(3);
        // A null-safe comparison ends with one `?`; `a >?? b` is `>` then `??`.
        let lone_question =
            |at: Option<u8>, after: Option<u8>| at == Some(b'?') && after != Some(b'?');
        let (punct, len) = match (self.bytes[start], next, next2) {
            (b'=', Some(b'='), Some(b'?')) if lone_question(next2, next3) => {
                (Punct::NullSafe(Comparison::Eq), 3)
            }
            (b'!', Some(b'='), Some(b'?')) if lone_question(next2, next3) => {
                (Punct::NullSafe(Comparison::NotEq), 3)
            }
            (b'<', Some(b'='), Some(b'?')) if lone_question(next2, next3) => {
                (Punct::NullSafe(Comparison::LtEq), 3)
            }
            (b'>', Some(b'='), Some(b'?')) if lone_question(next2, next3) => {
                (Punct::NullSafe(Comparison::GtEq), 3)
            }
            (b'<', Some(b'?'), _) if lone_question(next, next2) => {
                (Punct::NullSafe(Comparison::Lt), 2)
            }
            (b'>', Some(b'?'), _) if lone_question(next, next2) => {
                (Punct::NullSafe(Comparison::Gt), 2)
            }
            (b'{', _, _) => (Punct::LBrace, 1),
            (b'}', _, _) => (Punct::RBrace, 1),
            (b'(', _, _) => (Punct::LParen, 1),
            (b')', _, _) => (Punct::RParen, 1),
            (b'[', _, _) => (Punct::LBracket, 1),
            (b']', _, _) => (Punct::RBracket, 1),
            (b',', _, _) => (Punct::Comma, 1),
            (b':', _, _) => (Punct::Colon, 1),
            (b'.', Some(b'.'), Some(b'.')) => (Punct::Ellipsis, 3),
            (b'.', Some(b'.'), _) => (Punct::DotDot, 2),
            (b'.', _, _) => (Punct::Dot, 1),
            (b'+', _, _) => (Punct::Plus, 1),
            (b'-', _, _) => (Punct::Minus, 1),
            (b'*', _, _) => (Punct::Star, 1),
            (b'/', _, _) => (Punct::Slash, 1),
            (b'%', _, _) => (Punct::Percent, 1),
            (b'~', _, _) => (Punct::Tilde, 1),
            (b'?', Some(b'?'), _) => (Punct::QuestionQuestion, 2),
            (b'?', _, _) => (Punct::Question, 1),
            (b'|', Some(b'|'), _) => (Punct::OrOr, 2),
            (b'|', _, _) => (Punct::Pipe, 1),
            (b'&', Some(b'&'), _) => (Punct::AndAnd, 2),
            (b'=', Some(b'='), Some(b'=')) => (Punct::StrictEq, 3),
            (b'=', Some(b'='), _) => (Punct::EqEq, 2),
            (b'=', _, _) => (Punct::Assign, 1),
            (b'!', Some(b'='), Some(b'=')) => (Punct::StrictNotEq, 3),
            (b'!', Some(b'='), _) => (Punct::NotEq, 2),
            (b'!', _, _) => (Punct::Bang, 1),
            (b'<', Some(b'='), _) => (Punct::LtEq, 2),
            (b'<', _, _) => (Punct::Lt, 1),
            (b'>', Some(b'='), _) => (Punct::GtEq, 2),
            (b'>', _, _) => (Punct::Gt, 1),
            _ => return Err(self.unexpected_character(start).into()),
        };
        self.pos = start + len;
        Ok(punct)
    }

    fn unexpected_character(&self, start: usize) -> Diagnostic {
        let text = self.file.text();
        let ch = text
            .get(start..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or('\u{fffd}');
        let span = Span::new(start, start + ch.len_utf8());
        let diagnostic = Diagnostic::error(self.file, span, format!("unexpected character `{ch}`"));
        match ch {
            '&' => diagnostic.with_hint("the logical and operator is `&&`"),
            '#' => diagnostic.with_hint("comments start with `//`"),
            '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}' => {
                diagnostic.with_hint("use straight quotes `\"` for text")
            }
            _ => diagnostic,
        }
    }

    /// Raw mode for input filters: skips spaces on the current line, then takes
    /// everything up to the next whitespace. Returns the byte range taken.
    pub(crate) fn raw_word(&mut self) -> (usize, usize) {
        self.eat_while(|b| b == b' ' || b == b'\t');
        let start = self.pos;
        // A `}` that closes nothing in the word ends it, so a one-line
        // `input { text a filters=trim}` still closes its block.
        let mut braces = 0usize;
        while self.pos < self.end {
            match self.bytes[self.pos] {
                b if b.is_ascii_whitespace() => break,
                b'{' => braces += 1,
                b'}' if braces == 0 => break,
                b'}' => braces -= 1,
                _ => {}
            }
            self.pos += 1;
        }
        self.after_dot = false;
        (start, self.pos)
    }
}

/// The length of `bytes` up to (not including) the first line break.
fn memchr_newline(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len())
}
