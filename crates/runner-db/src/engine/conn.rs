//! Running a built [`Sql`] on either backend's connection: binding its
//! cells, reading rows back into JSON by the storage class of each column,
//! and turning the drivers' errors into [`DbError`]s.

use serde_json::Value;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, Column, PgConnection, Row, SqliteConnection, TypeInfo, ValueRef};

use super::Dialect;
use super::sql::{Cell, Kind, Sql};
use crate::error::DbError;
use crate::model::Record;

/// A connection of one backend: what every operation is written against.
pub(crate) trait Conn: Send + Sized {
    type Db: sqlx::Database<Connection = Self>;

    fn dialect(&self) -> Dialect;

    /// Rows of the columns `kinds` describes, in order.
    async fn fetch(&mut self, sql: &Sql, kinds: &[Kind]) -> Result<Vec<Vec<Value>>, DbError>;

    /// Rows whose columns are read by the types the backend reports
    /// (`db.direct_query`, `runner-cli db sql`).
    async fn fetch_dynamic(&mut self, sql: &Sql) -> Result<Vec<Record>, DbError>;

    /// The number of rows the statement changed.
    async fn execute(&mut self, sql: &Sql) -> Result<u64, DbError>;
}

/// One implementation per backend, the same but for the row and argument
/// types, which the drivers do not share.
macro_rules! conn_impl {
    ($conn:ty, $db:ty, $row:ty, $dialect:expr, $bind:ident, $read:ident, $read_dynamic:ident) => {
        impl Conn for $conn {
            type Db = $db;

            fn dialect(&self) -> Dialect {
                $dialect
            }

            async fn fetch(
                &mut self,
                sql: &Sql,
                kinds: &[Kind],
            ) -> Result<Vec<Vec<Value>>, DbError> {
                let query = sql
                    .binds
                    .iter()
                    .fold(sqlx::query(AssertSqlSafe(sql.text.as_str())), $bind);
                let rows = query.fetch_all(&mut *self).await.map_err(driver_error)?;
                rows.iter()
                    .map(|row| {
                        kinds
                            .iter()
                            .enumerate()
                            .map(|(i, kind)| $read(row, i, *kind))
                            .collect()
                    })
                    .collect()
            }

            async fn fetch_dynamic(&mut self, sql: &Sql) -> Result<Vec<Record>, DbError> {
                let query = sql
                    .binds
                    .iter()
                    .fold(sqlx::query(AssertSqlSafe(sql.text.as_str())), $bind);
                let rows = query.fetch_all(&mut *self).await.map_err(driver_error)?;
                rows.iter()
                    .map(|row| {
                        let mut record = Record::new();
                        for (i, column) in row.columns().iter().enumerate() {
                            record.insert(column.name().to_owned(), $read_dynamic(row, i)?);
                        }
                        Ok(record)
                    })
                    .collect()
            }

            async fn execute(&mut self, sql: &Sql) -> Result<u64, DbError> {
                let query = sql
                    .binds
                    .iter()
                    .fold(sqlx::query(AssertSqlSafe(sql.text.as_str())), $bind);
                let done = query.execute(&mut *self).await.map_err(driver_error)?;
                Ok(done.rows_affected())
            }
        }
    };
}

conn_impl!(
    SqliteConnection,
    sqlx::Sqlite,
    SqliteRow,
    Dialect::Sqlite,
    bind_sqlite,
    read_sqlite,
    read_sqlite_dynamic
);
conn_impl!(
    PgConnection,
    sqlx::Postgres,
    PgRow,
    Dialect::Postgres,
    bind_postgres,
    read_postgres,
    read_postgres_dynamic
);

type SqliteQuery<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;
type PgQuery<'q> = sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>;

fn bind_sqlite<'q>(query: SqliteQuery<'q>, cell: &Cell) -> SqliteQuery<'q> {
    match cell {
        Cell::Null(Kind::Int | Kind::Bool) => query.bind(None::<i64>),
        Cell::Null(Kind::Real) => query.bind(None::<f64>),
        Cell::Null(Kind::Text | Kind::Json) => query.bind(None::<String>),
        Cell::Int(i) => query.bind(*i),
        Cell::Real(r) => query.bind(*r),
        Cell::Bool(b) => query.bind(*b),
        Cell::Text(text) => query.bind(text.clone()),
        // SQLite keeps JSON as text; its json functions read it.
        Cell::Json(json) => query.bind(json.to_string()),
    }
}

fn bind_postgres<'q>(query: PgQuery<'q>, cell: &Cell) -> PgQuery<'q> {
    match cell {
        Cell::Null(Kind::Int) => query.bind(None::<i64>),
        Cell::Null(Kind::Real) => query.bind(None::<f64>),
        Cell::Null(Kind::Bool) => query.bind(None::<bool>),
        Cell::Null(Kind::Text) => query.bind(None::<String>),
        Cell::Null(Kind::Json) => query.bind(None::<sqlx::types::Json<Value>>),
        Cell::Int(i) => query.bind(*i),
        Cell::Real(r) => query.bind(*r),
        Cell::Bool(b) => query.bind(*b),
        Cell::Text(text) => query.bind(text.clone()),
        Cell::Json(json) => query.bind(sqlx::types::Json(json.clone())),
    }
}

fn read_sqlite(row: &SqliteRow, i: usize, kind: Kind) -> Result<Value, DbError> {
    let value = match kind {
        Kind::Int => row.try_get::<Option<i64>, _>(i).map(|v| v.map(Value::from)),
        Kind::Real => row.try_get::<Option<f64>, _>(i).map(|v| v.map(number)),
        Kind::Bool => row
            .try_get::<Option<bool>, _>(i)
            .map(|v| v.map(Value::Bool)),
        Kind::Text => row
            .try_get::<Option<String>, _>(i)
            .map(|v| v.map(Value::String)),
        Kind::Json => {
            return match row.try_get::<Option<String>, _>(i).map_err(driver_error)? {
                None => Ok(Value::Null),
                Some(text) => serde_json::from_str(&text).map_err(|error| {
                    DbError::Backend(format!("a stored JSON value is not JSON: {error}"))
                }),
            };
        }
    };
    value.map(Option::unwrap_or_default).map_err(driver_error)
}

fn read_postgres(row: &PgRow, i: usize, kind: Kind) -> Result<Value, DbError> {
    let value = match kind {
        // PostgreSQL types a literal `1` or a COUNT narrower than our columns.
        Kind::Int => match row.columns()[i].type_info().name() {
            "INT4" => row.try_get::<Option<i32>, _>(i).map(|v| v.map(Value::from)),
            "INT2" => row.try_get::<Option<i16>, _>(i).map(|v| v.map(Value::from)),
            _ => row.try_get::<Option<i64>, _>(i).map(|v| v.map(Value::from)),
        },
        Kind::Real => row.try_get::<Option<f64>, _>(i).map(|v| v.map(number)),
        Kind::Bool => row
            .try_get::<Option<bool>, _>(i)
            .map(|v| v.map(Value::Bool)),
        Kind::Text => row
            .try_get::<Option<String>, _>(i)
            .map(|v| v.map(Value::String)),
        Kind::Json => row
            .try_get::<Option<sqlx::types::Json<Value>>, _>(i)
            .map(|v| v.map(|json| json.0)),
    };
    value.map(Option::unwrap_or_default).map_err(driver_error)
}

/// SQLite types each value, not each column: read what is there.
fn read_sqlite_dynamic(row: &SqliteRow, i: usize) -> Result<Value, DbError> {
    let raw = row.try_get_raw(i).map_err(driver_error)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let kind = match raw.type_info().name() {
        "INTEGER" | "BOOLEAN" | "INT" | "BIGINT" => Kind::Int,
        "REAL" | "FLOAT" | "DOUBLE" | "NUMERIC" => Kind::Real,
        "BLOB" => {
            return Ok(Value::String("(binary)".to_owned()));
        }
        _ => Kind::Text,
    };
    read_sqlite(row, i, kind)
}

fn read_postgres_dynamic(row: &PgRow, i: usize) -> Result<Value, DbError> {
    let column = &row.columns()[i];
    let kind = match column.type_info().name() {
        "INT8" | "INT4" | "INT2" => Kind::Int,
        "FLOAT8" => Kind::Real,
        "FLOAT4" => {
            return row
                .try_get::<Option<f32>, _>(i)
                .map(|v| v.map(|f| number(f64::from(f))).unwrap_or_default())
                .map_err(driver_error);
        }
        "BOOL" => Kind::Bool,
        "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" | "CHAR" => Kind::Text,
        "JSON" | "JSONB" => Kind::Json,
        other => {
            return Err(DbError::InvalidRequest(format!(
                "column `{}` has the type {other}, which this runner cannot read; cast it in the SQL, e.g. `{}::text`",
                column.name(),
                column.name()
            )));
        }
    };
    read_postgres(row, i, kind)
}

/// A decimal as JSON; a non-finite one (which JSON cannot hold) as null.
fn number(value: f64) -> Value {
    serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
}

/// The driver's error as ours: a busy SQLite file, an unreachable server,
/// a duplicate, or what the backend said.
pub(crate) fn driver_error(error: sqlx::Error) -> DbError {
    match &error {
        sqlx::Error::Database(database) if database.is_unique_violation() => {
            // PostgreSQL names the index (ours are named after their
            // fields); SQLite writes `table.field, table.other`. The caller,
            // which knows the table and the record, fills in the rest.
            let raw = match database.constraint() {
                Some(name) => name.to_owned(),
                None => database
                    .message()
                    .rsplit("failed: ")
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            };
            DbError::Duplicate {
                table: String::new(),
                fields: vec![raw],
                value: String::new(),
            }
        }
        sqlx::Error::Database(database) => {
            let code = database.code().unwrap_or_default();
            let sqlite_busy = code
                .parse::<i32>()
                .is_ok_and(|code| matches!(code & 0xff, 5 | 6));
            if sqlite_busy || matches!(code.as_ref(), "55P03" | "40P01") {
                return DbError::Locked {
                    detail: database.message().to_owned(),
                };
            }
            if database
                .message()
                .contains("current transaction is aborted")
            {
                return DbError::TransactionFailed;
            }
            DbError::Backend(database.message().to_owned())
        }
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed => DbError::Unavailable {
            target: "the configured database".to_owned(),
            detail: error.to_string(),
        },
        _ => DbError::Backend(error.to_string()),
    }
}
