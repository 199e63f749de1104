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
