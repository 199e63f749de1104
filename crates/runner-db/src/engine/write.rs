//! Writes: add, edit, add-or-edit, delete, truncate and the bulk forms.
//!
//! Decisions where the reference is silent: a record names only declared
//! fields (an unknown one is an error, not silently dropped); `id` may be
//! given when adding (seed items and `db load` keep their ids) but never
//! changed; `db.edit` of a missing record is a `notfound` error while
//! `db.del` of one does nothing; the bulk forms answer a count.

use std::sync::Arc;

use serde_json::Value;

use super::conn::Conn;
use super::encode::{self, default_of, encode};
use super::read::{self, Scope, kinds, lookup_condition, push_columns, push_condition};
use super::sql::{Cell, Kind, Sql};
use super::{Dialect, Tables, unknown_table};
use crate::error::DbError;
use crate::model::{FieldType, ID, Record, Table};
use crate::request::{Condition, Lookup};

pub(crate) fn table(tables: &Tables, name: &str) -> Result<Arc<Table>, DbError> {
    tables
        .get(name)
        .cloned()
        .ok_or_else(|| unknown_table(tables, name))
}

/// Every key of `record` must be a field of `table`.
fn check_keys(table: &Table, record: &Record) -> Result<(), DbError> {
    for key in record.keys() {
        table.require_field(key)?;
    }
    Ok(())
}

/// Inserts one record; answers it as stored when `returning`, and whether
/// it carried its own id (PostgreSQL's id sequence must then catch up).
pub(crate) async fn add<C: Conn>(
    conn: &mut C,
    table: &Table,
    record: Record,
    now_ms: i64,
    returning: bool,
) -> Result<(Option<Record>, bool), DbError> {
    check_keys(table, &record)?;
    let mut columns = Vec::with_capacity(table.fields.len());
    let mut cells = Vec::with_capacity(table.fields.len());
    let mut explicit_id = false;
    for field in &table.fields {
        let given = record.get(&field.name).filter(|value| !value.is_null());
        if field.name == ID {
            if let Some(id) = given {
                cells.push(encode(table, field, id)?);
                columns.push(field.name.as_str());
                explicit_id = true;
            }
            continue;
        }
        let value = match given {
            Some(value) => value.clone(),
            None => match default_of(field, now_ms) {
                Some(default) => default,
                None if record.contains_key(&field.name) => Value::Null,
                None if field.optional || field.nullable => Value::Null,
                None => {
                    return Err(DbError::Required {
                        table: table.name.clone(),
                        field: field.name.clone(),
                    });
                }
            },
        };
        cells.push(encode(table, field, &value)?);
        columns.push(field.name.as_str());
    }
    let mut sql = Sql::new(conn.dialect());
    sql.push("INSERT INTO ").ident(&table.name);
    if columns.is_empty() {
        sql.push(" DEFAULT VALUES");
    } else {
        sql.push(" (").list(&columns, |sql, column| {
            sql.ident(column);
        });
        sql.push(") VALUES (").list(cells, |sql, cell| {
            sql.bind(cell);
        });
        sql.push(")");
    }
    if !returning {
        conn.execute(&sql)
            .await
            .map_err(|error| duplicate(error, table, &record))?;
        return Ok((None, explicit_id));
    }
    sql.push(" RETURNING ");
    push_columns(&mut sql, &table.name, table);
    let stored = returned(conn, &sql, table, &record).await?;
    Ok((stored, explicit_id))
}

/// After rows were inserted with their own ids, PostgreSQL's sequence is
/// moved past them, so the next generated id does not collide.
pub(crate) async fn after_explicit_ids<C: Conn>(
    conn: &mut C,
    table: &Table,
) -> Result<(), DbError> {
    if conn.dialect() != Dialect::Postgres {
        return Ok(());
    }
    let mut quoted = Sql::new(Dialect::Postgres);
    quoted.ident(&table.name);
    let mut sql = Sql::new(Dialect::Postgres);
    sql.push("SELECT setval(pg_get_serial_sequence(")
        .bind(Cell::Text(quoted.text));
    sql.push(", 'id'), GREATEST((SELECT MAX(")
        .ident(ID)
        .push(") FROM ")
        .ident(&table.name);
    sql.push("), 1))");
    conn.fetch(&sql, &[Kind::Int]).await.map(drop)
}

/// `SET "a" = ?, "b" = ?` for the fields of `record` (never `id`).
fn push_assignments(sql: &mut Sql, table: &Table, record: &Record) -> Result<(), DbError> {
    check_keys(table, record)?;
    let mut first = true;
    for (key, value) in record {
        if key == ID {
            continue;
        }
        let field = table.require_field(key)?;
        let cell = encode(table, field, value)?;
        sql.push(if first { " SET " } else { ", " });
        sql.ident(key).push(" = ").bind(cell);
        first = false;
    }
    if first {
        return Err(DbError::InvalidRequest(format!(
            "the update of `{}` names no field to change",
            table.name
        )));
    }
    Ok(())
}

/// `id` may be repeated as it is, never changed.
fn check_id_unchanged(
    table: &Table,
    lookup_id: Option<&Value>,
    record: &Record,
) -> Result<(), DbError> {
    match (record.get(ID), lookup_id) {
        (None, _) | (Some(Value::Null), _) => Ok(()),
        (Some(given), Some(current)) if given == current => Ok(()),
        _ => Err(DbError::Invalid {
            table: table.name.clone(),
            field: ID.to_owned(),
            reason: "cannot be changed; it identifies the record".to_owned(),
        }),
    }
}

/// Updates the first record (by id) the lookup finds.
pub(crate) async fn edit<C: Conn>(
    conn: &mut C,
    table: &Arc<Table>,
    lookup: &Lookup,
    record: Record,
) -> Result<Record, DbError> {
    let current = find_id(conn, table, lookup).await?;
    let Some(id) = current else {
        return Err(not_found(table, lookup));
    };
    update_by_id(conn, table, id, record).await
}

async fn update_by_id<C: Conn>(
    conn: &mut C,
    table: &Arc<Table>,
    id: i64,
    record: Record,
) -> Result<Record, DbError> {
    check_id_unchanged(table, Some(&Value::from(id)), &record)?;
    let changes: Record = record
        .iter()
        .filter(|(key, _)| *key != ID)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut sql = Sql::new(conn.dialect());
    if changes.is_empty() {
        sql.push("SELECT ");
        push_columns(&mut sql, &table.name, table);
        sql.push(" FROM ").ident(&table.name);
    } else {
        sql.push("UPDATE ").ident(&table.name);
        push_assignments(&mut sql, table, &changes)?;
    }
    sql.push(" WHERE ")
        .ident(ID)
        .push(" = ")
        .bind(Cell::Int(id));
    if !changes.is_empty() {
        sql.push(" RETURNING ");
        push_columns(&mut sql, &table.name, table);
    }
    returned(conn, &sql, table, &record)
        .await?
        .ok_or_else(|| DbError::NotFound {
            table: table.name.clone(),
            field: ID.to_owned(),
            value: id.to_string(),
        })
}

/// The id of the first record (by id) the lookup finds.
async fn find_id<C: Conn>(
    conn: &mut C,
    table: &Arc<Table>,
    lookup: &Lookup,
) -> Result<Option<i64>, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("SELECT ")
        .ident(ID)
        .push(" FROM ")
        .ident(&table.name)
        .push(" WHERE ");
    lookup_condition(&mut sql, table, lookup)?;
    sql.push(" ORDER BY ").ident(ID).push(" LIMIT 1");
    let rows = conn.fetch(&sql, &[Kind::Int]).await?;
    Ok(rows
        .first()
        .and_then(|row| row.first())
        .and_then(Value::as_i64))
}

pub(crate) async fn add_or_edit<C: Conn>(
    conn: &mut C,
    table: &Arc<Table>,
    lookup: &Lookup,
    mut record: Record,
    now_ms: i64,
) -> Result<Record, DbError> {
    match find_id(conn, table, lookup).await? {
        Some(id) => update_by_id(conn, table, id, record).await,
        None => {
            // The new record holds the value it was looked up by.
            if !lookup.value.is_null() {
                record
                    .entry(lookup.field.clone())
                    .or_insert_with(|| lookup.value.clone());
            }
            let (added, explicit_id) = add(conn, table, record, now_ms, true).await?;
            if explicit_id {
                after_explicit_ids(conn, table).await?;
            }
            Ok(added.unwrap_or_default())
        }
    }
}

pub(crate) async fn delete<C: Conn>(
    conn: &mut C,
    table: &Arc<Table>,
    lookup: &Lookup,
) -> Result<u64, DbError> {
    let Some(id) = find_id(conn, table, lookup).await? else {
        return Ok(0);
    };
    let mut sql = Sql::new(conn.dialect());
    sql.push("DELETE FROM ")
        .ident(&table.name)
        .push(" WHERE ")
        .ident(ID)
        .push(" = ")
        .bind(Cell::Int(id));
    conn.execute(&sql).await
}

pub(crate) async fn truncate<C: Conn>(
    conn: &mut C,
    table: &Table,
    reset: bool,
) -> Result<(), DbError> {
    let mut sql = Sql::new(conn.dialect());
    match (conn.dialect(), reset) {
        (Dialect::Postgres, true) => {
            sql.push("TRUNCATE ")
                .ident(&table.name)
                .push(" RESTART IDENTITY");
        }
        _ => {
            sql.push("DELETE FROM ").ident(&table.name);
        }
    }
    conn.execute(&sql).await?;
    if reset && conn.dialect() == Dialect::Sqlite {
        let mut sql = Sql::new(Dialect::Sqlite);
        sql.push("DELETE FROM sqlite_sequence WHERE name = ")
            .bind(Cell::Text(table.name.clone()));
        conn.execute(&sql).await?;
    }
    Ok(())
}

pub(crate) async fn bulk_update<C: Conn>(
    conn: &mut C,
    _tables: &Tables,
    table: &Arc<Table>,
    condition: Option<&Condition>,
    record: Record,
) -> Result<u64, DbError> {
    check_id_unchanged(table, None, &record)?;
    let mut sql = Sql::new(conn.dialect());
    sql.push("UPDATE ").ident(&table.name);
    push_assignments(&mut sql, table, &record)?;
    if let Some(condition) = condition {
        sql.push(" WHERE ");
        push_condition(&mut sql, &Scope::single(table), condition)?;
    }
    conn.execute(&sql)
        .await
        .map_err(|error| duplicate(error, table, &record))
}

pub(crate) async fn bulk_delete<C: Conn>(
    conn: &mut C,
    _tables: &Tables,
    table: &Arc<Table>,
    condition: Option<&Condition>,
) -> Result<u64, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("DELETE FROM ").ident(&table.name);
    if let Some(condition) = condition {
        sql.push(" WHERE ");
        push_condition(&mut sql, &Scope::single(table), condition)?;
    }
    conn.execute(&sql).await
}

/// The record a write's `RETURNING` (or a `SELECT`) gave back, if any.
async fn returned<C: Conn>(
    conn: &mut C,
    sql: &Sql,
    table: &Table,
    record: &Record,
) -> Result<Option<Record>, DbError> {
    let mut rows = conn
        .fetch(sql, &kinds(table))
        .await
        .map_err(|error| duplicate(error, table, record))?;
    Ok(rows.pop().map(|row| read::record(table, row)))
}

fn not_found(table: &Table, lookup: &Lookup) -> DbError {
    let shown = match table.field(&lookup.field) {
        Some(field) => encode::describe(field, &lookup.value),
        None => lookup.value.to_string(),
    };
    DbError::NotFound {
        table: table.name.clone(),
        field: lookup.field.clone(),
        value: shown,
    }
}

/// A unique violation of the driver, told as which fields of which table
/// were duplicated and with what value (hidden for sensitive fields).
fn duplicate(error: DbError, table: &Table, record: &Record) -> DbError {
    let DbError::Duplicate { fields, .. } = &error else {
        return error;
    };
    let raw = fields.first().cloned().unwrap_or_default();
    let fields: Vec<String> = super::schema::unique_fields_of(table, &raw);
    let value = fields
        .iter()
        .map(|name| {
            let value = record.get(name).cloned().unwrap_or_default();
            match table.field(name) {
                Some(field) if field.sensitive || field.ty == FieldType::Password => {
                    "(sensitive)".to_owned()
                }
                _ => value.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    DbError::Duplicate {
        table: table.name.clone(),
        fields,
        value,
    }
}
