//! One request, dispatched to the module that knows how to do it.

use serde_json::Value;

use super::Tables;
use super::conn::Conn;
use super::{direct, read, write};
use crate::error::DbError;
use crate::request::Request;

/// Runs `request` on `conn`: a pooled connection, or the run's open
/// transaction. Operations of several statements run in a transaction (a
/// savepoint inside the run's), so they never leave half their work done.
pub(crate) async fn run<C>(
    conn: &mut C,
    tables: &Tables,
    request: Request,
    now_ms: i64,
) -> Result<Value, DbError>
where
    C: Conn + sqlx::Connection<Database = <C as Conn>::Db>,
{
    match request {
        Request::Query(query) => read::query(conn, tables, &query).await,
        Request::Get(lookup) => read::get(conn, tables, &lookup)
            .await
            .map(|record| record.map_or(Value::Null, Value::Object)),
        Request::Has(lookup) => read::get(conn, tables, &lookup)
            .await
            .map(|record| Value::Bool(record.is_some())),
        Request::Add { table, record } => {
            let table = write::table(tables, &table)?;
            // One statement is atomic by itself: no savepoint, which keeps
            // 100,000 adds in one transaction at one round trip each.
            let (added, explicit_id) = write::add(conn, &table, record, now_ms, true).await?;
            if explicit_id {
                write::after_explicit_ids(conn, &table).await?;
            }
            Ok(Value::Object(added.unwrap_or_default()))
        }
        Request::Edit { lookup, record } => {
            let table = write::table(tables, &lookup.table)?;
            write::edit(conn, &table, &lookup, record)
                .await
                .map(Value::Object)
        }
        Request::AddOrEdit { lookup, record } => {
            let table = write::table(tables, &lookup.table)?;
            let mut tx = conn.begin().await.map_err(super::conn::driver_error)?;
            let stored = write::add_or_edit(&mut *tx, &table, &lookup, record, now_ms).await?;
            tx.commit().await.map_err(super::conn::driver_error)?;
            Ok(Value::Object(stored))
        }
        Request::Delete(lookup) => {
            let table = write::table(tables, &lookup.table)?;
            write::delete(conn, &table, &lookup)
                .await
                .map(|_| Value::Null)
        }
        Request::Truncate { table, reset } => {
            let table = write::table(tables, &table)?;
            write::truncate(conn, &table, reset)
                .await
                .map(|_| Value::Null)
        }
        Request::BulkAdd { table, records } => {
            let table = write::table(tables, &table)?;
            let mut tx = conn.begin().await.map_err(super::conn::driver_error)?;
            let count = records.len();
            let mut explicit_ids = false;
            for record in records {
                explicit_ids |= write::add(&mut *tx, &table, record, now_ms, false).await?.1;
            }
            if explicit_ids {
                write::after_explicit_ids(&mut *tx, &table).await?;
            }
            tx.commit().await.map_err(super::conn::driver_error)?;
            Ok(Value::from(count))
        }
        Request::BulkUpdate {
            table,
            condition,
            record,
        } => {
            let table = write::table(tables, &table)?;
            write::bulk_update(conn, tables, &table, condition.as_ref(), record)
                .await
                .map(Value::from)
        }
        Request::BulkDelete { table, condition } => {
            let table = write::table(tables, &table)?;
            write::bulk_delete(conn, tables, &table, condition.as_ref())
                .await
                .map(Value::from)
        }
        Request::DirectQuery { sql, args, single } => direct::run(conn, &sql, &args, single).await,
        // The session handles these before any connection is involved.
        Request::Begin | Request::Commit | Request::Rollback => Ok(Value::Null),
    }
}
