//! Reads: `db.query` with joins, conditions, sorting, paging and its return
//! types; `db.get` and `db.has`. Also the `where` translation that bulk
//! writes share.
//!
//! Decisions where the reference is silent: records come in id order when
//! no `sort` is given (and id breaks ties otherwise), so both backends
//! answer alike; nulls sort first ascending and last descending on both;
//! `includes` ignores case, `contains` on a text field does not.

use std::sync::Arc;

use serde_json::Value;

use super::conn::Conn;
use super::encode::{self, kind_of};
use super::sql::{Cell, Kind, Sql};
use super::{Dialect, Tables, unknown_table};
use crate::error::DbError;
use crate::model::{Field, FieldType, ID, Record, Table};
use crate::request::{
    Condition, FieldRef, JoinKind, Lookup, Op, Operand, Order, Output, Paging, Query,
};

/// The tables a statement can name: the queried one and its joins, by alias.
pub(crate) struct Scope {
    entries: Vec<(String, Arc<Table>)>,
}

impl Scope {
    pub(crate) fn single(table: &Arc<Table>) -> Scope {
        Scope {
            entries: vec![(table.name.clone(), Arc::clone(table))],
        }
    }

    fn resolve(&self, field: &FieldRef) -> Result<(&str, &Table, &Field), DbError> {
        let Some((alias, table)) = self.entries.iter().find(|(alias, _)| *alias == field.table)
        else {
            return Err(DbError::InvalidRequest(format!(
                "`$db.{}.{}` names `{}`, which is not the queried table or one of its joins ({})",
                field.table,
                field.field,
                field.table,
                self.entries
                    .iter()
                    .map(|(alias, _)| format!("`{alias}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        let found = table.require_field(&field.field)?;
        if found.ty == FieldType::Password {
            return Err(DbError::Invalid {
                table: table.name.clone(),
                field: found.name.clone(),
                reason: "is a password, stored hashed: it cannot be queried or read".to_owned(),
            });
        }
        Ok((alias, table, found))
    }
}

/// The columns a read returns: every field but passwords, which never leave the database.
pub(crate) fn readable(table: &Table) -> impl Iterator<Item = &Field> {
    table
        .fields
        .iter()
        .filter(|field| field.ty != FieldType::Password)
}

pub(crate) fn kinds(table: &Table) -> Vec<Kind> {
    readable(table).map(kind_of).collect()
}

/// `"alias"."a", "alias"."b", ...` for the readable fields.
pub(crate) fn push_columns(sql: &mut Sql, alias: &str, table: &Table) {
    sql.list(readable(table), |sql, field| {
        sql.column(alias, &field.name);
    });
}

/// A row of [`push_columns`] as a record.
pub(crate) fn record(table: &Table, row: Vec<Value>) -> Record {
    readable(table)
        .map(|field| field.name.clone())
        .zip(row)
        .collect()
}

pub(crate) async fn get<C: Conn>(
    conn: &mut C,
    tables: &Tables,
    lookup: &Lookup,
) -> Result<Option<Record>, DbError> {
    let table = tables
        .get(&lookup.table)
        .ok_or_else(|| unknown_table(tables, &lookup.table))?;
    let mut sql = Sql::new(conn.dialect());
    sql.push("SELECT ");
    push_columns(&mut sql, &table.name, table);
    sql.push(" FROM ").ident(&table.name).push(" WHERE ");
    lookup_condition(&mut sql, table, lookup)?;
    sql.push(" ORDER BY ")
        .column(&table.name, ID)
        .push(" LIMIT 1");
    let mut rows = conn.fetch(&sql, &kinds(table)).await?;
    Ok(rows.pop().map(|row| record(table, row)))
}

/// `"table"."field" = ?` (or `IS NULL`) for a `field_name`/`field_value` lookup.
pub(crate) fn lookup_condition(
    sql: &mut Sql,
    table: &Arc<Table>,
    lookup: &Lookup,
) -> Result<(), DbError> {
    let condition = Condition::Compare {
        field: FieldRef::new(table.name.clone(), lookup.field.clone()),
        op: Op::Eq,
        operand: Operand::Value(lookup.value.clone()),
    };
    push_condition(sql, &Scope::single(table), &condition)
}

pub(crate) async fn query<C: Conn>(
    conn: &mut C,
    tables: &Tables,
    query: &Query,
) -> Result<Value, DbError> {
    let base = tables
        .get(&query.table)
        .ok_or_else(|| unknown_table(tables, &query.table))?;
    let mut scope = Scope::single(base);
    for join in &query.joins {
        let table = tables
            .get(&join.table)
            .ok_or_else(|| unknown_table(tables, &join.table))?;
        if scope.entries.iter().any(|(alias, _)| *alias == join.alias) {
            return Err(DbError::InvalidRequest(format!(
                "the join `{}` uses a name already taken in this query; give it another alias",
                join.alias
            )));
        }
        scope.entries.push((join.alias.clone(), Arc::clone(table)));
    }
    let mut eval_kinds = Vec::new();
    for (_, field) in &query.eval {
        eval_kinds.push(kind_of(scope.resolve(field)?.2));
    }

    match &query.output {
        Output::Count => {
            let count = count_rows(conn, &scope, query).await?;
            Ok(Value::from(count))
        }
        Output::Exists => {
            let mut sql = Sql::new(conn.dialect());
            sql.push("SELECT 1");
            push_from(&mut sql, &scope, query)?;
            sql.push(" LIMIT 1");
            Ok(Value::Bool(
                !conn.fetch(&sql, &[Kind::Int]).await?.is_empty(),
            ))
        }
        Output::Single => {
            let mut rows = select(conn, &scope, query, &eval_kinds, Some((1, 0))).await?;
            Ok(rows.pop().map_or(Value::Null, Value::Object))
        }
        Output::List { paging: None } => {
            let rows = select(conn, &scope, query, &eval_kinds, None).await?;
            Ok(Value::Array(rows.into_iter().map(Value::Object).collect()))
        }
        Output::List {
            paging: Some(paging),
        } => page(conn, &scope, query, &eval_kinds, *paging).await,
    }
}

/// The reference's page object: `items`, `itemsReceived`, `curPage`,
/// `nextPage`, `prevPage`, `offset`, `perPage`, and with `totals`
/// `itemsTotal` and `pageTotal`.
async fn page<C: Conn>(
    conn: &mut C,
    scope: &Scope,
    query: &Query,
    eval_kinds: &[Kind],
    paging: Paging,
) -> Result<Value, DbError> {
    if paging.page == 0 || paging.per_page == 0 {
        return Err(DbError::InvalidRequest(
            "paging needs `page` and `per_page` of at least 1".to_owned(),
        ));
    }
    let offset = (paging.page - 1).saturating_mul(paging.per_page);
    // One row more than the page tells whether there is a next page without counting.
    let mut items = select(
        conn,
        scope,
        query,
        eval_kinds,
        Some((paging.per_page + 1, offset)),
    )
    .await?;
    let has_next = items.len() as u64 > paging.per_page;
    items.truncate(paging.per_page as usize);
    let mut result = Record::new();
    result.insert("itemsReceived".to_owned(), Value::from(items.len()));
    result.insert("curPage".to_owned(), Value::from(paging.page));
    result.insert(
        "nextPage".to_owned(),
        if has_next {
            Value::from(paging.page + 1)
        } else {
            Value::Null
        },
    );
    result.insert(
        "prevPage".to_owned(),
        if paging.page > 1 {
            Value::from(paging.page - 1)
        } else {
            Value::Null
        },
    );
    result.insert("offset".to_owned(), Value::from(offset));
    result.insert("perPage".to_owned(), Value::from(paging.per_page));
    if paging.totals {
        let total = count_rows(conn, scope, query).await?;
        result.insert("itemsTotal".to_owned(), Value::from(total));
        result.insert(
            "pageTotal".to_owned(),
            Value::from(total.div_ceil(paging.per_page)),
        );
    }
    let mut ordered = Record::new();
    ordered.insert(
        "items".to_owned(),
        Value::Array(items.into_iter().map(Value::Object).collect()),
    );
    ordered.extend(result);
    Ok(Value::Object(ordered))
}

async fn count_rows<C: Conn>(conn: &mut C, scope: &Scope, query: &Query) -> Result<u64, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("SELECT COUNT(*)");
    push_from(&mut sql, scope, query)?;
    let rows = conn.fetch(&sql, &[Kind::Int]).await?;
    Ok(rows
        .first()
        .and_then(|row| row.first())
        .and_then(Value::as_u64)
        .unwrap_or_default())
}

async fn select<C: Conn>(
    conn: &mut C,
    scope: &Scope,
    query: &Query,
    eval_kinds: &[Kind],
    limit: Option<(u64, u64)>,
) -> Result<Vec<Record>, DbError> {
    let (alias, base) = (&scope.entries[0].0, &scope.entries[0].1);
    let mut sql = Sql::new(conn.dialect());
    sql.push("SELECT ");
    push_columns(&mut sql, alias, base);
    for (_, field) in &query.eval {
        let (alias, _, found) = scope.resolve(field)?;
        sql.push(", ").column(alias, &found.name);
    }
    push_from(&mut sql, scope, query)?;
    sql.push(" ORDER BY ");
    let mut ordered_by_id = false;
    for sort in &query.sort {
        if sort.order == Order::Random {
            sql.push("RANDOM(), ");
            continue;
        }
        let (alias, _, found) = scope.resolve(&sort.field)?;
        ordered_by_id |= alias == base.name && found.name == ID;
        sql.column(alias, &found.name).push(match sort.order {
            Order::Desc => " DESC NULLS LAST, ",
            _ => " ASC NULLS FIRST, ",
        });
    }
    if ordered_by_id {
        sql.text.truncate(sql.text.len() - 2);
    } else {
        sql.column(alias, ID).push(" ASC");
    }
    if let Some((count, offset)) = limit {
        sql.push(" LIMIT ").bind(Cell::Int(count as i64));
        sql.push(" OFFSET ").bind(Cell::Int(offset as i64));
    }
    let mut kinds = kinds(base);
    kinds.extend_from_slice(eval_kinds);
    let rows = conn.fetch(&sql, &kinds).await?;
    let base_width = readable(base).count();
    Ok(rows
        .into_iter()
        .map(|mut row| {
            let evals = row.split_off(base_width);
            let mut record = record(base, row);
            for ((name, _), value) in query.eval.iter().zip(evals) {
                record.insert(name.clone(), value);
            }
            record
        })
        .collect())
}

/// ` FROM base JOIN .. ON .. WHERE ..`.
fn push_from(sql: &mut Sql, scope: &Scope, query: &Query) -> Result<(), DbError> {
    sql.push(" FROM ").ident(&query.table);
    for join in &query.joins {
        sql.push(match join.kind {
            JoinKind::Inner => " INNER JOIN ",
            JoinKind::Left => " LEFT JOIN ",
            JoinKind::Right => " RIGHT JOIN ",
        });
        sql.ident(&join.table)
            .push(" AS ")
            .ident(&join.alias)
            .push(" ON ");
        push_condition(sql, scope, &join.on)?;
    }
    if let Some(condition) = &query.condition {
        sql.push(" WHERE ");
        push_condition(sql, scope, condition)?;
    }
    Ok(())
}

/// Writes a `where` tree.
pub(crate) fn push_condition(
    sql: &mut Sql,
    scope: &Scope,
    condition: &Condition,
) -> Result<(), DbError> {
    match condition {
        Condition::And(parts) | Condition::Or(parts) if parts.is_empty() => {
            sql.push(if matches!(condition, Condition::And(_)) {
                "1 = 1"
            } else {
                "1 = 0"
            });
        }
        Condition::And(parts) | Condition::Or(parts) => {
            let joiner = if matches!(condition, Condition::And(_)) {
                " AND "
            } else {
                " OR "
            };
            sql.push("(");
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    sql.push(joiner);
                }
                push_condition(sql, scope, part)?;
            }
            sql.push(")");
        }
        Condition::Not(inner) => {
            sql.push("NOT COALESCE(");
            push_condition(sql, scope, inner)?;
            sql.push(", FALSE)");
        }
        Condition::Compare { field, op, operand } => compare(sql, scope, field, *op, operand)?,
    }
    Ok(())
}

fn compare(
    sql: &mut Sql,
    scope: &Scope,
    field: &FieldRef,
    op: Op,
    operand: &Operand,
) -> Result<(), DbError> {
    let (alias, table, found) = scope.resolve(field)?;
    let value = match operand {
        Operand::Field(other) => {
            let (other_alias, _, other_field) = scope.resolve(other)?;
            let symbol = comparison(op).ok_or_else(|| {
                DbError::InvalidRequest(format!(
                    "`{}` compares a field with a value, not with another field",
                    op.symbol()
                ))
            })?;
            sql.push("(")
                .column(alias, &found.name)
                .push(symbol)
                .column(other_alias, &other_field.name)
                .push(")");
            return Ok(());
        }
        Operand::Value(value) => value,
    };
    match op {
        Op::Eq | Op::NotEq if value.is_null() => {
            sql.column(alias, &found.name).push(if op == Op::Eq {
                " IS NULL"
            } else {
                " IS NOT NULL"
            });
        }
        Op::Eq | Op::NotEq | Op::Lt | Op::LtEq | Op::Gt | Op::GtEq => {
            let cell = comparable(table, found, value)?;
            let symbol = comparison(op).unwrap_or(" = ");
            if op == Op::NotEq {
                // `!=` keeps records whose field is null, as a comparison of values would.
                sql.push("(")
                    .column(alias, &found.name)
                    .push(" IS NULL OR ");
                sql.column(alias, &found.name)
                    .push(symbol)
                    .bind(cell)
                    .push(")");
            } else {
                sql.column(alias, &found.name).push(symbol).bind(cell);
            }
        }
        Op::Includes if !found.is_array => {
            let text = as_text(table, found, value)?;
            substring(sql, alias, &found.name, text, true);
        }
        Op::Includes | Op::Contains | Op::NotContains => {
            let negate = op == Op::NotContains;
            if negate {
                sql.push("NOT COALESCE(");
            }
            if found.is_array || matches!(found.ty, FieldType::Json | FieldType::File) {
                array_contains(sql, alias, table, found, value)?;
            } else {
                let text = as_text(table, found, value)?;
                substring(sql, alias, &found.name, text, false);
            }
            if negate {
                sql.push(", FALSE)");
            }
        }
        Op::Overlaps | Op::NotOverlaps => {
            if !value.is_array() {
                return Err(DbError::InvalidRequest(format!(
                    "`{}` needs an array to compare `{}.{}` with",
                    op.symbol(),
                    table.name,
                    found.name
                )));
            }
            if op == Op::NotOverlaps {
                sql.push("NOT ");
            }
            match sql.dialect {
                Dialect::Sqlite => {
                    sql.push("EXISTS (SELECT 1 FROM json_each(")
                        .column(alias, &found.name);
                    sql.push(") AS a, json_each(")
                        .bind(Cell::Json(value.clone()));
                    sql.push(") AS b WHERE a.value = b.value)");
                }
                Dialect::Postgres => {
                    sql.push("EXISTS (SELECT 1 FROM jsonb_array_elements(")
                        .column(alias, &found.name);
                    sql.push(") AS a(v), jsonb_array_elements(")
                        .bind(Cell::Json(value.clone()));
                    sql.push(") AS b(v) WHERE a.v = b.v)");
                }
            }
        }
    }
    Ok(())
}

/// A text field holding `text`, ignoring case or not. A position search,
/// not `LIKE`, so `%` and `_` in the text are only characters.
fn substring(sql: &mut Sql, alias: &str, column: &str, text: String, ignore_case: bool) {
    sql.push(match sql.dialect {
        Dialect::Sqlite => "(instr(",
        Dialect::Postgres => "(strpos(",
    });
    if ignore_case {
        sql.push("lower(")
            .column(alias, column)
            .push("), lower(")
            .bind(Cell::Text(text))
            .push(")");
    } else {
        sql.column(alias, column).push(", ").bind(Cell::Text(text));
    }
    sql.push(") > 0)");
}

/// An array (or JSON) field holding `value` as one of its elements.
fn array_contains(
    sql: &mut Sql,
    alias: &str,
    table: &Table,
    field: &Field,
    value: &Value,
) -> Result<(), DbError> {
    match sql.dialect {
        Dialect::Sqlite => {
            let cell = match value {
                Value::Bool(b) => Cell::Int(i64::from(*b)),
                Value::Number(n) if n.is_i64() => Cell::Int(n.as_i64().unwrap_or_default()),
                Value::Number(n) => Cell::Real(n.as_f64().unwrap_or_default()),
                Value::String(text) => Cell::Text(text.clone()),
                other => {
                    return Err(DbError::InvalidRequest(format!(
                        "`contains` looks for one value in `{}.{}`, not {}",
                        table.name,
                        field.name,
                        encode::describe(field, other)
                    )));
                }
            };
            sql.push("EXISTS (SELECT 1 FROM json_each(")
                .column(alias, &field.name);
            sql.push(") AS e WHERE e.value = ").bind(cell).push(")");
        }
        Dialect::Postgres => {
            sql.push("(").column(alias, &field.name).push(" @> ");
            sql.bind(Cell::Json(Value::Array(vec![value.clone()])))
                .push(")");
        }
    }
    Ok(())
}

fn comparison(op: Op) -> Option<&'static str> {
    Some(match op {
        Op::Eq => " = ",
        Op::NotEq => " <> ",
        Op::Lt => " < ",
        Op::LtEq => " <= ",
        Op::Gt => " > ",
        Op::GtEq => " >= ",
        _ => return None,
    })
}

/// The value a field is compared with, in the field's storage class. A
/// decimal may be compared with an int field (`$db.t.stock > 2.5`).
fn comparable(table: &Table, field: &Field, value: &Value) -> Result<Cell, DbError> {
    if let (FieldType::Int, Value::Number(n)) = (field.ty, value)
        && !field.is_array
        && !n.is_i64()
    {
        return Ok(Cell::Real(n.as_f64().unwrap_or_default()));
    }
    let lenient = Field {
        optional: true,
        ..field.clone()
    };
    // An enum compared with an unknown value simply matches nothing.
    if let (FieldType::Enum, Value::String(text)) = (field.ty, value) {
        return Ok(Cell::Text(text.clone()));
    }
    encode::encode(table, &lenient, value)
}

fn as_text(table: &Table, field: &Field, value: &Value) -> Result<String, DbError> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(DbError::WrongType {
            table: table.name.clone(),
            field: field.name.clone(),
            expected: "text to look for".to_owned(),
            got: encode::describe(field, other),
        }),
    }
}
