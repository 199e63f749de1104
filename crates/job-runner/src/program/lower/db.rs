//! Lowering `db.*` statements: their table, their attributes, and the
//! `where` trees, which stay trees of `$db.table.field` comparisons rather
//! than expressions, since the database evaluates them, not the interpreter.
//!
//! Decisions where the reference is silent: `db.edit` and `db.patch` are the
//! same statement here (both take a `data` object); a `where` is made of
//! comparisons with `$db.table.field` on one side (a bare `$db.t.flag` means
//! `== true`), combined with `&&`, `||` and `!`; `sort` keys are fields of
//! the queried table or `alias.field`; the Xano features that need its
//! hosted services (`addon`, external databases, data sources) are errors.

use indexmap::IndexMap;
use runner_db::request::{JoinKind, Op, Order};

use super::Lowerer;
use crate::program::db::{
    Cond, CondOperand, DbOp, DbStmt, FieldPath, JoinStmt, LookupExpr, QueryStmt, TableRef,
};
use crate::program::{Expr, StmtKind};
use crate::suggest::closest;
use crate::syntax::ast::{self, BinaryOp, Comparison, MatchOp, ObjectKey, UnaryOp};

/// Every `db.*` statement this runner runs, for "did you mean" hints.
pub(crate) const DB_STATEMENTS: &[&str] = &[
    "db.query",
    "db.get",
    "db.has",
    "db.add",
    "db.edit",
    "db.patch",
    "db.add_or_edit",
    "db.del",
    "db.truncate",
    "db.bulk.add",
    "db.bulk.update",
    "db.bulk.patch",
    "db.bulk.delete",
    "db.direct_query",
    "db.transaction",
];

/// The raw attributes of a call, by key.
type Raw<'c> = IndexMap<&'c str, &'c ast::Attribute>;

impl Lowerer<'_> {
    /// One `db.*` statement; `None` when it is broken (already reported) or disabled.
    pub(super) fn db(&mut self, call: &ast::Call) -> Option<StmtKind> {
        let name = call.name.text.as_str();
        let op = match name {
            "db.query" => self.db_query(call)?,
            "db.get" | "db.has" | "db.del" => {
                let mut raw = self.raw_attrs(call, &["field_name", "field_value", "mock"])?;
                let lookup = self.lookup(call, &mut raw)?;
                match name {
                    "db.get" => DbOp::Get(lookup),
                    "db.has" => DbOp::Has(lookup),
                    _ => DbOp::Delete(lookup),
                }
            }
            "db.add" | "db.bulk.add" => {
                let mut raw = self.raw_attrs(call, &["data", "mock", "allow_id_field"])?;
                let table = self.table_ref(call)?;
                let data = self.raw_required(call, &mut raw, "data")?;
                if name == "db.add" {
                    DbOp::Add { table, data }
                } else {
                    DbOp::BulkAdd { table, data }
                }
            }
            "db.edit" | "db.patch" | "db.add_or_edit" => {
                let mut raw =
                    self.raw_attrs(call, &["field_name", "field_value", "data", "mock"])?;
                let lookup = self.lookup(call, &mut raw)?;
                let data = self.raw_required(call, &mut raw, "data")?;
                if name == "db.add_or_edit" {
                    DbOp::AddOrEdit { lookup, data }
                } else {
                    DbOp::Edit { lookup, data }
                }
            }
            "db.truncate" => {
                let mut raw = self.raw_attrs(call, &["reset", "mock"])?;
                let table = self.table_ref(call)?;
                let reset = raw.shift_remove("reset").map(|a| self.expr(&a.value));
                DbOp::Truncate { table, reset }
            }
            "db.bulk.update" | "db.bulk.patch" | "db.bulk.delete" => {
                let allowed: &[&str] = if name == "db.bulk.delete" {
                    &["where", "mock"]
                } else {
                    &["where", "data", "mock"]
                };
                let mut raw = self.raw_attrs(call, allowed)?;
                let table = self.table_ref(call)?;
                let condition = match raw.shift_remove("where") {
                    Some(attribute) => Some(self.condition(&attribute.value)?),
                    None => None,
                };
                if name == "db.bulk.delete" {
                    DbOp::BulkDelete { table, condition }
                } else {
                    let data = self.raw_required(call, &mut raw, "data")?;
                    DbOp::BulkUpdate {
                        table,
                        condition,
                        data,
                    }
                }
            }
            "db.direct_query" => {
                let mut raw =
                    self.raw_attrs(call, &["sql", "arg", "response_type", "parser", "mock"])?;
                let sql = self.raw_required(call, &mut raw, "sql")?;
                DbOp::DirectQuery {
                    sql,
                    args: raw.shift_remove("arg").map(|a| self.expr(&a.value)),
                    response_type: raw
                        .shift_remove("response_type")
                        .map(|a| self.expr(&a.value)),
                }
            }
            "db.transaction" => {
                let mut body = crate::program::Block::default();
                for clause in self.clauses(call, &["stack"]) {
                    body.statements.extend(self.body_block(clause).statements);
                }
                return Some(StmtKind::Db(Box::new(DbStmt {
                    op: DbOp::Transaction { body },
                    alias: None,
                    mock: None,
                })));
            }
            _ => {
                let hint = match closest(name, DB_STATEMENTS.iter().copied()) {
                    Some(close) if !name.starts_with("db.external") => {
                        format!("did you mean `{close}`?")
                    }
                    _ => format!("this runner runs {}", DB_STATEMENTS.join(", ")),
                };
                self.error(
                    call.name.span,
                    format!("`{name}` is not supported by this runner"),
                )
                .hint = Some(hint);
                return None;
            }
        };
        let mock = call
            .body
            .iter()
            .flat_map(|body| &body.entries)
            .find_map(|entry| match entry {
                ast::Entry::Attribute(attribute) if attribute.key.text == "mock" => {
                    Some(self.expr(&attribute.value))
                }
                _ => None,
            });
        Some(StmtKind::Db(Box::new(DbStmt {
            op,
            alias: self.alias(call),
            mock,
        })))
    }

    /// The attributes of a db statement as written; unknown ones reported,
    /// `None` when `disabled = true`.
    fn raw_attrs<'c>(&mut self, call: &'c ast::Call, allowed: &[&str]) -> Option<Raw<'c>> {
        let mut raw = Raw::new();
        let name = call.name.text.as_str();
        for entry in call.body.iter().flat_map(|body| &body.entries) {
            match entry {
                ast::Entry::Attribute(attribute) => {
                    let key = attribute.key.text.as_str();
                    if key == "description" {
                        continue;
                    }
                    if key == "disabled" {
                        if matches!(attribute.value.kind, ast::ExprKind::Bool(true)) {
                            return None;
                        }
                        continue;
                    }
                    if !allowed.contains(&key) {
                        let hint = match closest(key, allowed.iter().copied()) {
                            Some(close) => format!("did you mean `{close}`?"),
                            None if key == "addon" => "addons need Xano's function library; query the related table with a second `db.query`".to_owned(),
                            None => format!("`{name}` takes {}", allowed.join(", ")),
                        };
                        self.error(
                            attribute.key.span,
                            format!("`{name}` has no attribute `{key}`"),
                        )
                        .hint = Some(hint);
                        continue;
                    }
                    if raw.insert(key, attribute).is_some() {
                        self.error(
                            attribute.key.span,
                            format!("attribute `{key}` is given twice"),
                        );
                    }
                }
                ast::Entry::Call(inner) => {
                    self.error(
                        inner.name.span,
                        format!(
                            "`{name}` cannot hold `{}`; it takes attributes only",
                            inner.name.text
                        ),
                    );
                }
                ast::Entry::Inputs(inputs) => {
                    self.error(inputs.span, format!("`{name}` cannot hold declarations"));
                }
            }
        }
        Some(raw)
    }

    fn raw_required(&mut self, call: &ast::Call, raw: &mut Raw<'_>, key: &str) -> Option<Expr> {
        match raw.shift_remove(key) {
            Some(attribute) => Some(self.expr(&attribute.value)),
            None => {
                self.error(
                    call.span,
                    format!("`{}` needs a `{key}` attribute", call.name.text),
                )
                .hint = Some(format!("add `{key} = ...` inside its `{{ }}`"));
                None
            }
        }
    }

    /// `db.query "table"` (or `db.query table`).
    fn table_ref(&mut self, call: &ast::Call) -> Option<TableRef> {
        match &call.target {
            Some(ast::Target::Text(name) | ast::Target::Word(name)) if !name.text.is_empty() => {
                Some(TableRef {
                    name: name.text.clone(),
                    span: name.span,
                })
            }
            _ => {
                self.error(
                    call.span,
                    format!("`{}` needs the table's name", call.name.text),
                )
                .hint = Some(format!("write `{} \"user\" {{ ... }}`", call.name.text));
                None
            }
        }
    }

    fn lookup(&mut self, call: &ast::Call, raw: &mut Raw<'_>) -> Option<LookupExpr> {
        let table = self.table_ref(call)?;
        let field = self.raw_required(call, raw, "field_name")?;
        let value = self.raw_required(call, raw, "field_value")?;
        Some(LookupExpr {
            table,
            field,
            value,
        })
    }

    fn db_query(&mut self, call: &ast::Call) -> Option<DbOp> {
        let mut raw = self.raw_attrs(
            call,
            &["where", "join", "eval", "sort", "return", "output", "mock"],
        )?;
        let table = self.table_ref(call)?;
        let joins = match raw.shift_remove("join") {
            Some(attribute) => self.joins(&attribute.value)?,
            None => Vec::new(),
        };
        let condition = match raw.shift_remove("where") {
            Some(attribute) => Some(self.condition(&attribute.value)?),
            None => None,
        };
        let eval = match raw.shift_remove("eval") {
            Some(attribute) => self.evals(&attribute.value)?,
            None => Vec::new(),
        };
        let sort = match raw.shift_remove("sort") {
            Some(attribute) => self.sorts(&table.name, &attribute.value)?,
            None => Vec::new(),
        };
        let output = raw.shift_remove("return").map(|a| self.expr(&a.value));
        Some(DbOp::Query(QueryStmt {
            table,
            joins,
            condition,
            eval,
            sort,
            output,
        }))
    }

    fn entries<'e>(
        &mut self,
        expr: &'e ast::Expr,
        what: &str,
        example: &str,
    ) -> Option<Vec<(&'e ast::Name, &'e ast::Expr)>> {
        let ast::ExprKind::Object(entries) = &expr.kind else {
            self.error(expr.span, format!("`{what}` must be an object"))
                .hint = Some(format!("write `{what} = {example}`"));
            return None;
        };
        let mut found = Vec::new();
        for (key, value) in entries {
            match key {
                ObjectKey::Literal(name) => found.push((name, value)),
                ObjectKey::Computed(_) => {
                    self.error(
                        key.span(),
                        format!("the keys of `{what}` are written out, not computed"),
                    );
                    return None;
                }
            }
        }
        Some(found)
    }

    fn joins(&mut self, expr: &ast::Expr) -> Option<Vec<JoinStmt>> {
        let example = "{ post: { table: \"post\", type: \"inner\", where: $db.comment.post_id == $db.post.id } }";
        let mut joins = Vec::new();
        for (alias, spec) in self.entries(expr, "join", example)? {
            let parts = self.entries(spec, "join", example)?;
            let text = |key: &str| {
                parts
                    .iter()
                    .find(|(name, _)| name.text == key)
                    .and_then(|(_, value)| match &value.kind {
                        ast::ExprKind::Text(text) => Some((text.clone(), value.span)),
                        _ => None,
                    })
            };
            let table = match text("table") {
                Some((name, span)) => TableRef { name, span },
                None => TableRef {
                    name: alias.text.clone(),
                    span: alias.span,
                },
            };
            let kind = match text("type")
                .as_ref()
                .map(|(word, span)| (word.as_str(), *span))
            {
                None | Some(("inner", _)) => JoinKind::Inner,
                Some(("left", _)) => JoinKind::Left,
                Some(("right", _)) => JoinKind::Right,
                Some((other, span)) => {
                    self.error(span, format!("unknown join type `{other}`"))
                        .hint = Some("join types are `inner`, `left` and `right`".into());
                    return None;
                }
            };
            let Some((_, on)) = parts.iter().find(|(name, _)| name.text == "where") else {
                self.error(
                    spec.span,
                    format!(
                        "the join `{}` needs `where: $db.a.field == $db.b.field`",
                        alias.text
                    ),
                );
                return None;
            };
            let on = self.condition(on)?;
            joins.push(JoinStmt {
                alias: alias.text.clone(),
                table,
                kind,
                on,
            });
        }
        Some(joins)
    }

    fn evals(&mut self, expr: &ast::Expr) -> Option<Vec<(String, FieldPath)>> {
        let mut evals = Vec::new();
        for (name, value) in self.entries(expr, "eval", "{ post_title: $db.post.title }")? {
            let Some(path) = db_path(value) else {
                self.error(
                    value.span,
                    format!("`eval.{}` must be a field `$db.table.field`", name.text),
                )
                .hint = Some("computed evals (filters on fields) are not supported by this runner; compute them after the query".into());
                return None;
            };
            evals.push((name.text.clone(), path));
        }
        Some(evals)
    }

    fn sorts(&mut self, table: &str, expr: &ast::Expr) -> Option<Vec<(FieldPath, Order)>> {
        let mut sorts = Vec::new();
        for (key, value) in self.entries(expr, "sort", "{ created_at: \"desc\" }")? {
            let order = match &value.kind {
                ast::ExprKind::Text(word) => match word.as_str() {
                    "asc" | "ASC" => Order::Asc,
                    "desc" | "DESC" => Order::Desc,
                    "rand" | "random" => Order::Random,
                    other => {
                        self.error(value.span, format!("unknown sort order `{other}`"))
                            .hint = Some("orders are `asc`, `desc` and `rand`".into());
                        return None;
                    }
                },
                _ => {
                    self.error(
                        value.span,
                        "a sort order is written as text: `\"asc\"`, `\"desc\"` or `\"rand\"`",
                    );
                    return None;
                }
            };
            let (owner, field) = match key.text.split_once('.') {
                Some((owner, field)) => (owner.to_owned(), field.to_owned()),
                None => (table.to_owned(), key.text.clone()),
            };
            sorts.push((
                FieldPath {
                    table: owner,
                    field,
                    span: key.span,
                },
                order,
            ));
        }
        Some(sorts)
    }

    /// A `where` expression as a tree of field comparisons.
    fn condition(&mut self, expr: &ast::Expr) -> Option<Cond> {
        match &expr.kind {
            ast::ExprKind::Binary(BinaryOp::And, left, right) => {
                let (left, right) = (self.condition(left)?, self.condition(right)?);
                Some(flatten(true, left, right))
            }
            ast::ExprKind::Binary(BinaryOp::Or, left, right) => {
                let (left, right) = (self.condition(left)?, self.condition(right)?);
                Some(flatten(false, left, right))
            }
            ast::ExprKind::Unary(UnaryOp::Not, inner) => {
                Some(Cond::Not(Box::new(self.condition(inner)?)))
            }
            ast::ExprKind::Backtick(inner) => self.condition(inner),
            ast::ExprKind::Binary(op, left, right) => {
                let Some((op, null_safe)) = where_op(*op) else {
                    return self.not_a_condition(expr);
                };
                match (db_path(left), db_path(right)) {
                    (Some(field), Some(other)) => Some(Cond::Compare {
                        field,
                        op,
                        null_safe,
                        operand: CondOperand::Field(other),
                    }),
                    (Some(field), None) => Some(Cond::Compare {
                        field,
                        op,
                        null_safe,
                        operand: CondOperand::Value(self.expr(right)),
                    }),
                    (None, Some(field)) => match op.flipped() {
                        Some(flipped) => Some(Cond::Compare {
                            field,
                            op: flipped,
                            null_safe,
                            operand: CondOperand::Value(self.expr(left)),
                        }),
                        None => {
                            self.error(
                                expr.span,
                                format!(
                                    "`{}` needs the field `$db.table.field` on its left",
                                    op.symbol()
                                ),
                            );
                            None
                        }
                    },
                    (None, None) => self.not_a_condition(expr),
                }
            }
            _ => match db_path(expr) {
                Some(field) => Some(Cond::Compare {
                    field,
                    op: Op::Eq,
                    null_safe: false,
                    operand: CondOperand::Value(Expr::constant(
                        crate::value::Value::Bool(true),
                        expr.span,
                    )),
                }),
                None => self.not_a_condition(expr),
            },
        }
    }

    fn not_a_condition(&mut self, expr: &ast::Expr) -> Option<Cond> {
        self.error(
            expr.span,
            "a `where` compares a field `$db.table.field` with a value",
        )
        .hint = Some("write e.g. `$db.user.email == $input.email && $db.user.age >=? $input.min_age`; filters on fields are not supported by this runner".into());
        None
    }
}

/// `$db.table.field`, when the expression is one.
pub(crate) fn db_path(expr: &ast::Expr) -> Option<FieldPath> {
    let ast::ExprKind::Field(base, field) = &expr.kind else {
        return None;
    };
    let ast::ExprKind::Field(root, table) = &base.kind else {
        return None;
    };
    match &root.kind {
        ast::ExprKind::Variable(name) if name == "db" => Some(FieldPath {
            table: table.text.clone(),
            field: field.text.clone(),
            span: expr.span,
        }),
        _ => None,
    }
}

fn where_op(op: BinaryOp) -> Option<(Op, bool)> {
    let comparison = |c: Comparison| match c {
        Comparison::Eq => Op::Eq,
        Comparison::NotEq => Op::NotEq,
        Comparison::Lt => Op::Lt,
        Comparison::LtEq => Op::LtEq,
        Comparison::Gt => Op::Gt,
        Comparison::GtEq => Op::GtEq,
    };
    Some(match op {
        BinaryOp::Eq | BinaryOp::StrictEq => (Op::Eq, false),
        BinaryOp::NotEq | BinaryOp::StrictNotEq => (Op::NotEq, false),
        BinaryOp::Lt => (Op::Lt, false),
        BinaryOp::LtEq => (Op::LtEq, false),
        BinaryOp::Gt => (Op::Gt, false),
        BinaryOp::GtEq => (Op::GtEq, false),
        BinaryOp::NullSafe(c) => (comparison(c), true),
        BinaryOp::Match(MatchOp::Includes) => (Op::Includes, false),
        BinaryOp::Match(MatchOp::Contains) => (Op::Contains, false),
        BinaryOp::Match(MatchOp::NotContains) => (Op::NotContains, false),
        BinaryOp::Match(MatchOp::Overlaps) => (Op::Overlaps, false),
        BinaryOp::Match(MatchOp::NotOverlaps) => (Op::NotOverlaps, false),
        _ => return None,
    })
}

/// `a && b && c` as one `And` of three, not nested pairs.
fn flatten(and: bool, left: Cond, right: Cond) -> Cond {
    let mut parts = Vec::new();
    for part in [left, right] {
        match (and, part) {
            (true, Cond::And(inner)) | (false, Cond::Or(inner)) => parts.extend(inner),
            (_, other) => parts.push(other),
        }
    }
    if and {
        Cond::And(parts)
    } else {
        Cond::Or(parts)
    }
}
