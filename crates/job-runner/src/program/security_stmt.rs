//! Lowering the `security.*` statements that are a filter under another
//! name: `security.encrypt { data algorithm key iv } as $x` runs `encrypt`
//! on `data`, `security.jws_decode { token key ... } as $claims` runs
//! `jws_decode` on `token`, each attribute in the place of the filter's
//! argument of the same meaning. One implementation of each, as for the
//! `text.*` statements.

use super::lower::Lowerer;
use super::{Expr, ExprKind, FilterInto, StmtKind};
use crate::filters;
use crate::syntax::ast;
use crate::value::Value;

/// A statement, its filter, the attribute the filter runs on, and the
/// attributes that are the filter's arguments, in the filter's order.
struct SecurityStatement {
    name: &'static str,
    filter: &'static str,
    subject: &'static str,
    args: &'static [&'static str],
    /// The arguments that must be written: the key always, the IV of a cipher.
    required: &'static [&'static str],
}

const fn statement(
    name: &'static str,
    filter: &'static str,
    subject: &'static str,
    args: &'static [&'static str],
) -> SecurityStatement {
    let required: &[&str] = if args.len() == 3 {
        &["key", "iv"]
    } else {
        &["key"]
    };
    SecurityStatement {
        name,
        filter,
        subject,
        args,
        required,
    }
}

const STATEMENTS: &[SecurityStatement] = &[
    statement(
        "security.encrypt",
        "encrypt",
        "data",
        &["algorithm", "key", "iv"],
    ),
    statement(
        "security.decrypt",
        "decrypt",
        "data",
        &["algorithm", "key", "iv"],
    ),
    statement(
        "security.jws_encode",
        "jws_encode",
        "claims",
        &["headers", "key", "signature_algorithm", "ttl"],
    ),
    statement(
        "security.jws_decode",
        "jws_decode",
        "token",
        &["check_claims", "key", "signature_algorithm", "timeDrift"],
    ),
    statement(
        "security.jwe_encode",
        "jwe_encode",
        "claims",
        &[
            "headers",
            "key",
            "key_algorithm",
            "content_algorithm",
            "ttl",
        ],
    ),
    statement(
        "security.jwe_decode",
        "jwe_decode",
        "token",
        &[
            "check_claims",
            "key",
            "key_algorithm",
            "content_algorithm",
            "timeDrift",
        ],
    ),
];

/// Whether `name` is one of these statements.
pub(super) fn is_security_filter(name: &str) -> bool {
    STATEMENTS.iter().any(|statement| statement.name == name)
}

impl Lowerer<'_> {
    pub(super) fn security_filter(&mut self, call: &ast::Call) -> Option<StmtKind> {
        let name = call.name.text.as_str();
        let statement = STATEMENTS.iter().find(|statement| statement.name == name)?;
        let filter = filters::lookup(statement.filter)?;
        let allowed: Vec<&str> = std::iter::once(statement.subject)
            .chain(statement.args.iter().copied())
            .collect();
        let mut attrs = self.attrs(call, &allowed)?;
        let subject = self.required(call, &mut attrs, statement.subject)?;
        let mut args = Vec::with_capacity(statement.args.len());
        for arg in statement.args {
            let value = if statement.required.contains(arg) {
                self.required(call, &mut attrs, arg)?
            } else {
                attrs.take(arg).unwrap_or(Expr {
                    kind: ExprKind::Const(Value::Null),
                    span: call.span,
                })
            };
            args.push(value);
        }
        Some(StmtKind::FilterInto(FilterInto {
            subject,
            filter,
            args,
            alias: self.alias(call),
        }))
    }
}

/// `security.random_bytes`, `security.create_password`,
/// `security.create_secret_key` and `security.check_password`: statements
/// that make (or check) a secret. Their results are values of the job like
/// any other; nothing here is logged.
#[derive(Debug)]
pub struct SecurityStmt {
    pub op: SecurityOp,
    pub alias: super::Alias,
}

#[derive(Debug)]
pub enum SecurityOp {
    /// `security.random_bytes { length }`: `length` random bytes.
    RandomBytes { length: Expr },
    /// `security.create_password { character_count require_* symbol_whitelist }`.
    CreatePassword(Box<PasswordRules>),
    /// `security.create_secret_key { bits format }`: an `oct` JWK.
    CreateSecretKey { bits: Expr, format: Option<Expr> },
    /// `security.check_password { text_password hash_password }`.
    CheckPassword { text: Expr, hash: Expr },
}

/// The attributes of `security.create_password`; each left out takes its default.
#[derive(Debug)]
pub struct PasswordRules {
    pub character_count: Option<Expr>,
    pub require_lowercase: Option<Expr>,
    pub require_uppercase: Option<Expr>,
    pub require_digit: Option<Expr>,
    pub require_symbol: Option<Expr>,
    pub symbol_whitelist: Option<Expr>,
}

impl SecurityOp {
    /// The expressions the statement evaluates, for the program's walks.
    pub(super) fn expressions(&self) -> Vec<&Expr> {
        match self {
            SecurityOp::RandomBytes { length } => vec![length],
            SecurityOp::CreatePassword(rules) => [
                &rules.character_count,
                &rules.require_lowercase,
                &rules.require_uppercase,
                &rules.require_digit,
                &rules.require_symbol,
                &rules.symbol_whitelist,
            ]
            .into_iter()
            .flatten()
            .collect(),
            SecurityOp::CreateSecretKey { bits, format } => {
                std::iter::once(bits).chain(format.iter()).collect()
            }
            SecurityOp::CheckPassword { text, hash } => vec![text, hash],
        }
    }
}

/// The statements lowered to a [`SecurityStmt`].
pub(super) const GENERATORS: &[&str] = &[
    "security.random_bytes",
    "security.create_password",
    "security.create_secret_key",
    "security.check_password",
];

/// Xano statements that make RSA or EC keys: the runner's `jws_*`/`jwe_*`
/// filters sign and encrypt only with shared secrets, so such a key could
/// never be used here, and they are refused at load with the alternative.
pub(super) const ASYMMETRIC_KEYS: &[&str] =
    &["security.create_rsa_key", "security.create_curve_key"];

impl Lowerer<'_> {
    pub(super) fn security_generator(&mut self, call: &ast::Call) -> Option<StmtKind> {
        let op = match call.name.text.as_str() {
            "security.random_bytes" => {
                let mut attrs = self.attrs(call, &["length"])?;
                let length = self.required(call, &mut attrs, "length")?;
                self.check_literal(call, &length, "length", rules::byte_length);
                SecurityOp::RandomBytes { length }
            }
            "security.create_password" => {
                let mut attrs = self.attrs(
                    call,
                    &[
                        "character_count",
                        "require_lowercase",
                        "require_uppercase",
                        "require_digit",
                        "require_symbol",
                        "symbol_whitelist",
                    ],
                )?;
                let mut take =
                    |lowerer: &mut Self, key: &str, check: fn(&Value) -> Result<(), String>| {
                        let expr = attrs.take(key);
                        if let Some(expr) = &expr {
                            lowerer.check_literal(call, expr, key, check);
                        }
                        expr
                    };
                SecurityOp::CreatePassword(Box::new(PasswordRules {
                    // `null` takes the default length, as at run time.
                    character_count: take(self, "character_count", |v| match v {
                        Value::Null => Ok(()),
                        count => rules::character_count(count).map(drop),
                    }),
                    require_lowercase: take(self, "require_lowercase", rules::flag_check),
                    require_uppercase: take(self, "require_uppercase", rules::flag_check),
                    require_digit: take(self, "require_digit", rules::flag_check),
                    require_symbol: take(self, "require_symbol", rules::flag_check),
                    symbol_whitelist: take(self, "symbol_whitelist", |v| {
                        rules::symbols(v).map(drop)
                    }),
                }))
            }
            "security.create_secret_key" => {
                let mut attrs = self.attrs(call, &["bits", "format"])?;
                let bits = self.required(call, &mut attrs, "bits")?;
                self.check_literal(call, &bits, "bits", |v| rules::key_bits(v).map(drop));
                let format = attrs.take("format");
                if let Some(format) = &format {
                    self.check_literal(call, format, "format", |v| rules::key_format(v).map(drop));
                }
                SecurityOp::CreateSecretKey { bits, format }
            }
            "security.check_password" => {
                let mut attrs = self.attrs(call, &["text_password", "hash_password"])?;
                let text = self.required(call, &mut attrs, "text_password");
                let hash = self.required(call, &mut attrs, "hash_password");
                SecurityOp::CheckPassword {
                    text: text?,
                    hash: hash?,
                }
            }
            _ => return None,
        };
        Some(StmtKind::Security(Box::new(SecurityStmt {
            op,
            alias: self.alias(call),
        })))
    }

    /// `security.create_rsa_key` and `security.create_curve_key`: refused, with why.
    pub(super) fn asymmetric_key(&mut self, call: &ast::Call) -> Option<StmtKind> {
        let name = call.name.text.as_str();
        self.error(
            call.name.span,
            format!(
                "`{name}` is not supported: the runner's `jws_*` and `jwe_*` sign and encrypt only with shared secrets, so an RSA or EC key could not be used"
            ),
        )
        .hint = Some(
            "make a shared secret with `security.create_secret_key { bits = 256 }` and use HS256, A256KW or dir, or run this job on Xano".into(),
        );
        None
    }

    /// Reports a literal attribute value that every run would refuse, with
    /// the same rule (and words) as the run.
    fn check_literal(
        &mut self,
        call: &ast::Call,
        expr: &Expr,
        key: &str,
        check: fn(&Value) -> Result<(), String>,
    ) {
        let Some(value) = expr.as_const() else { return };
        if let Err(why) = check(value) {
            let statement = call.name.text.as_str();
            self.error(expr.span, format!("`{statement}`: `{key}`: {why}"));
        }
    }
}

/// The rules for these statements' attribute values, shared by lowering
/// (literal values) and the run (computed ones), so both say the same.
pub(crate) mod rules {
    use crate::value::{Number, Value};

    /// The most random bytes one statement makes: 1 MiB, far past any key or salt.
    pub(crate) const MAX_RANDOM_BYTES: i64 = 1 << 20;
    /// The longest generated password.
    pub(crate) const MAX_PASSWORD_CHARS: i64 = 1024;
    /// The largest secret key, in bits.
    pub(crate) const MAX_KEY_BITS: i64 = 16_384;
    /// The symbols of a password when `symbol_whitelist` is empty or left out.
    pub(crate) const DEFAULT_SYMBOLS: &str = "!#$%&()*+,-./:;<=>?@[]^_{|}~";

    fn whole(value: &Value) -> Option<i64> {
        match value.to_number()? {
            Number::Int(i) => Some(i),
            Number::Decimal(d) if d.is_finite() && d.fract() == 0.0 => Some(d as i64),
            Number::Decimal(_) => None,
        }
    }

    fn whole_in(value: &Value, low: i64, high: i64, what: &str) -> Result<i64, String> {
        match whole(value) {
            Some(n) if (low..=high).contains(&n) => Ok(n),
            Some(n) => Err(format!("{what} must be from {low} to {high}, got {n}")),
            None => Err(format!(
                "{what} must be a whole number, got {}",
                value.short_display()
            )),
        }
    }

    pub(crate) fn byte_length(value: &Value) -> Result<(), String> {
        length_of(value).map(drop)
    }

    /// `random_bytes`'s `length`: 0 up to [`MAX_RANDOM_BYTES`].
    pub(crate) fn length_of(value: &Value) -> Result<usize, String> {
        whole_in(value, 0, MAX_RANDOM_BYTES, "the number of bytes").map(|n| n as usize)
    }

    /// `create_password`'s `character_count`: 1 up to [`MAX_PASSWORD_CHARS`].
    pub(crate) fn character_count(value: &Value) -> Result<usize, String> {
        whole_in(value, 1, MAX_PASSWORD_CHARS, "the password length").map(|n| n as usize)
    }

    /// A `require_*` flag: `true` or `false` (`null` takes the default).
    pub(crate) fn flag(value: &Value, default: bool) -> Result<bool, String> {
        match value {
            Value::Bool(b) => Ok(*b),
            Value::Null => Ok(default),
            other => Err(format!(
                "must be true or false, got {}",
                other.short_display()
            )),
        }
    }

    pub(crate) fn flag_check(value: &Value) -> Result<(), String> {
        flag(value, false).map(drop)
    }

    /// `symbol_whitelist`: the symbols a password may hold, each once;
    /// empty (or `null`) for [`DEFAULT_SYMBOLS`]. Spaces and control
    /// characters are refused: a password is typed and pasted.
    pub(crate) fn symbols(value: &Value) -> Result<Vec<char>, String> {
        let text = match value {
            Value::Null => String::new(),
            Value::Text(text) => text.clone(),
            other => {
                return Err(format!(
                    "must be text (the allowed symbols), got {}",
                    other.type_name()
                ));
            }
        };
        let source = if text.is_empty() {
            DEFAULT_SYMBOLS
        } else {
            &text
        };
        let mut symbols: Vec<char> = Vec::new();
        for c in source.chars() {
            if c.is_whitespace() || c.is_control() {
                return Err(
                    "holds a space or control character; list visible symbols only, e.g. \"!@#$%\""
                        .into(),
                );
            }
            if !symbols.contains(&c) {
                symbols.push(c);
            }
        }
        Ok(symbols)
    }

    /// `create_secret_key`'s `bits`: a whole number of bytes, 8 to [`MAX_KEY_BITS`].
    pub(crate) fn key_bits(value: &Value) -> Result<usize, String> {
        let bits = whole_in(value, 8, MAX_KEY_BITS, "the key size in bits")?;
        if bits % 8 != 0 {
            return Err(format!(
                "the key size must be a multiple of 8 bits, got {bits} (e.g. 256 for HS256 or A256KW)"
            ));
        }
        Ok(bits as usize)
    }

    /// The key's `format`: only `"object"` (a JWK), the form the
    /// `jws_*`/`jwe_*` filters read. Xano's reference does not say what
    /// its `"base64"` form holds, so it is refused rather than guessed.
    pub(crate) fn key_format(value: &Value) -> Result<(), String> {
        match value {
            Value::Null => Ok(()),
            Value::Text(text) if text == "object" => Ok(()),
            Value::Text(text) if text == "base64" => Err(
                "\"base64\" is not supported (Xano's reference does not say what it holds); use \"object\", a JWK the jws/jwe filters read".into(),
            ),
            other => Err(format!(
                "must be \"object\", got {}",
                other.short_display()
            )),
        }
    }
}
