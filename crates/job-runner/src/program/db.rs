//! `db.*` statements, lowered: which table, which fields, and the
//! expressions that give their values when the statement runs. The
//! interpreter turns one into a [`runner_db::Request`] for the host.

use runner_db::request::{JoinKind, Op, Order};

use super::{Block, Expr};
use crate::source::Span;

/// A `db.*` statement with its `as $alias` and `mock = {..}`.
#[derive(Debug)]
pub struct DbStmt {
    pub op: DbOp,
    pub alias: Option<super::VarName>,
    pub mock: Option<Expr>,
}

/// A table as a statement names it.
#[derive(Debug, Clone)]
pub struct TableRef {
    pub name: String,
    pub span: Span,
}

/// `$db.table.field` in a `where`, `eval` or `sort` (`table` may be a join's alias).
#[derive(Debug, Clone)]
pub struct FieldPath {
    pub table: String,
    pub field: String,
    pub span: Span,
}

/// A record found by one field: `field_name = ..` and `field_value = ..`.
#[derive(Debug)]
pub struct LookupExpr {
    pub table: TableRef,
    pub field: Expr,
    pub value: Expr,
}

#[derive(Debug)]
pub enum DbOp {
    Query(QueryStmt),
    Get(LookupExpr),
    Has(LookupExpr),
    Add {
        table: TableRef,
        data: Expr,
    },
    /// `db.edit` and `db.patch` (the same here: both take a data object).
    Edit {
        lookup: LookupExpr,
        data: Expr,
    },
    AddOrEdit {
        lookup: LookupExpr,
        data: Expr,
    },
    Delete(LookupExpr),
    Truncate {
        table: TableRef,
        reset: Option<Expr>,
    },
    BulkAdd {
        table: TableRef,
        data: Expr,
    },
    /// `db.bulk.update` and `db.bulk.patch`.
    BulkUpdate {
        table: TableRef,
        condition: Option<Cond>,
        data: Expr,
    },
    BulkDelete {
        table: TableRef,
        condition: Option<Cond>,
    },
    DirectQuery {
        sql: Expr,
        args: Option<Expr>,
        response_type: Option<Expr>,
    },
    /// `db.transaction { stack { .. } }`: all of it, or nothing.
    Transaction {
        body: Block,
    },
}

impl DbOp {
    /// The table a statement works on, when it names one.
    pub fn table(&self) -> Option<&TableRef> {
        match self {
            DbOp::Query(query) => Some(&query.table),
            DbOp::Get(lookup) | DbOp::Has(lookup) | DbOp::Delete(lookup) => Some(&lookup.table),
            DbOp::Edit { lookup, .. } | DbOp::AddOrEdit { lookup, .. } => Some(&lookup.table),
            DbOp::Add { table, .. }
            | DbOp::Truncate { table, .. }
            | DbOp::BulkAdd { table, .. }
            | DbOp::BulkUpdate { table, .. }
            | DbOp::BulkDelete { table, .. } => Some(table),
            DbOp::DirectQuery { .. } | DbOp::Transaction { .. } => None,
        }
    }

    /// The expressions the statement evaluates itself.
    pub fn expressions(&self) -> Vec<&Expr> {
        let mut found = Vec::new();
        match self {
            DbOp::Query(query) => {
                for join in &query.joins {
                    join.on.expressions(&mut found);
                }
                if let Some(condition) = &query.condition {
                    condition.expressions(&mut found);
                }
                found.extend(query.output.iter());
            }
            DbOp::Get(lookup) | DbOp::Has(lookup) | DbOp::Delete(lookup) => {
                found.extend([&lookup.field, &lookup.value]);
            }
            DbOp::Edit { lookup, data } | DbOp::AddOrEdit { lookup, data } => {
                found.extend([&lookup.field, &lookup.value, data]);
            }
            DbOp::Add { data, .. } | DbOp::BulkAdd { data, .. } => found.push(data),
            DbOp::Truncate { reset, .. } => found.extend(reset.iter()),
            DbOp::BulkUpdate {
                condition, data, ..
            } => {
                if let Some(condition) = condition {
                    condition.expressions(&mut found);
                }
                found.push(data);
            }
            DbOp::BulkDelete { condition, .. } => {
                if let Some(condition) = condition {
                    condition.expressions(&mut found);
                }
            }
            DbOp::DirectQuery {
                sql,
                args,
                response_type,
            } => {
                found.push(sql);
                found.extend(args.iter().chain(response_type.iter()));
            }
            DbOp::Transaction { .. } => {}
        }
        found
    }
}

/// `db.query "table" { join where eval sort return }`.
#[derive(Debug)]
pub struct QueryStmt {
    pub table: TableRef,
    pub joins: Vec<JoinStmt>,
    pub condition: Option<Cond>,
    pub eval: Vec<(String, FieldPath)>,
    pub sort: Vec<(FieldPath, Order)>,
    /// `return = { type: .., paging: {..} }`, read when the statement runs.
    pub output: Option<Expr>,
}

#[derive(Debug)]
pub struct JoinStmt {
    pub alias: String,
    pub table: TableRef,
    pub kind: JoinKind,
    pub on: Cond,
}

/// A `where` tree over `$db.table.field` comparisons.
#[derive(Debug)]
pub enum Cond {
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    Compare {
        field: FieldPath,
        op: Op,
        /// `==?` and friends: the comparison is dropped when the value is null.
        null_safe: bool,
        operand: CondOperand,
    },
}

#[derive(Debug)]
pub enum CondOperand {
    Value(Expr),
    Field(FieldPath),
}

impl Cond {
    fn expressions<'e>(&'e self, found: &mut Vec<&'e Expr>) {
        match self {
            Cond::And(parts) | Cond::Or(parts) => {
                for part in parts {
                    part.expressions(found);
                }
            }
            Cond::Not(inner) => inner.expressions(found),
            Cond::Compare {
                operand: CondOperand::Value(expr),
                ..
            } => found.push(expr),
            Cond::Compare { .. } => {}
        }
    }

    /// Every `$db.table.field` the tree names.
    pub fn fields<'c>(&'c self, found: &mut Vec<&'c FieldPath>) {
        match self {
            Cond::And(parts) | Cond::Or(parts) => {
                for part in parts {
                    part.fields(found);
                }
            }
            Cond::Not(inner) => inner.fields(found),
            Cond::Compare { field, operand, .. } => {
                found.push(field);
                if let CondOperand::Field(other) = operand {
                    found.push(other);
                }
            }
        }
    }
}
