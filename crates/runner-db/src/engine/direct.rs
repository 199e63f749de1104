//! `db.direct_query` and `runner-cli db sql`: SQL as the author wrote it,
//! its `?` placeholders bound to the arguments (numbered `$1..` for
//! PostgreSQL, outside quotes and comments), columns read by their types.

use serde_json::Value;

use super::Dialect;
use super::conn::{Conn, driver_error};
use super::sql::{Cell, Kind, Sql};
use crate::error::DbError;
use crate::model::Record;

pub(crate) async fn run<C: Conn>(
    conn: &mut C,
    text: &str,
    args: &[Value],
    single: bool,
) -> Result<Value, DbError> {
    let sql = statement(conn.dialect(), text, args);
    let mut rows = conn.fetch_dynamic(&sql).await?;
    Ok(if single {
        if rows.is_empty() {
            Value::Null
        } else {
            Value::Object(rows.swap_remove(0))
        }
    } else {
        Value::Array(rows.into_iter().map(Value::Object).collect())
    })
}

/// Runs `text` so that it cannot change anything, and throws away any
/// transaction it was in.
pub(crate) async fn read_only<C>(conn: &mut C, text: &str) -> Result<Vec<Record>, DbError>
where
    C: Conn + sqlx::Connection<Database = <C as Conn>::Db>,
{
    let dialect = conn.dialect();
    let begin: &'static str = match dialect {
        Dialect::Sqlite => "BEGIN",
        Dialect::Postgres => "BEGIN READ ONLY",
    };
    let mut tx = conn.begin_with(begin).await.map_err(driver_error)?;
    if dialect == Dialect::Sqlite {
        tx.execute_pragma(true).await?;
    }
    let rows = tx.fetch_dynamic(&statement(dialect, text, &[])).await;
    if dialect == Dialect::Sqlite {
        tx.execute_pragma(false).await?;
    }
    tx.rollback().await.map_err(driver_error)?;
    rows.map_err(|error| match error {
        DbError::Backend(message)
            if message.contains("readonly")
                || message.contains("read-only")
                || message.contains("query_only") =>
        {
            DbError::InvalidRequest(format!(
                "`db sql` only reads; the statement tried to write ({message})"
            ))
        }
        other => other,
    })
}

trait QueryOnly {
    async fn execute_pragma(&mut self, on: bool) -> Result<(), DbError>;
}

impl<C: Conn> QueryOnly for C {
    /// SQLite's switch that refuses every write on this connection.
    async fn execute_pragma(&mut self, on: bool) -> Result<(), DbError> {
        let sql = Sql {
            dialect: Dialect::Sqlite,
            text: if on {
                "PRAGMA query_only = ON"
            } else {
                "PRAGMA query_only = OFF"
            }
            .to_owned(),
            binds: Vec::new(),
        };
        self.execute(&sql).await.map(drop)
    }
}

fn statement(dialect: Dialect, text: &str, args: &[Value]) -> Sql {
    Sql {
        dialect,
        text: match dialect {
            Dialect::Sqlite => text.to_owned(),
            Dialect::Postgres => number_placeholders(text),
        },
        binds: args.iter().map(cell).collect(),
    }
}

fn cell(value: &Value) -> Cell {
    match value {
        Value::Null => Cell::Null(Kind::Text),
        Value::Bool(b) => Cell::Bool(*b),
        Value::Number(n) if n.is_i64() => Cell::Int(n.as_i64().unwrap_or_default()),
        Value::Number(n) => Cell::Real(n.as_f64().unwrap_or_default()),
        Value::String(text) => Cell::Text(text.clone()),
        other => Cell::Json(other.clone()),
    }
}

/// `?` → `$1, $2, ...`, leaving quoted text, quoted names and comments alone.
fn number_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut n = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::number_placeholders;

    #[test]
    fn placeholders_are_numbered_outside_quotes_and_comments() {
        assert_eq!(
            number_placeholders(
                "SELECT '?' AS q, \"a?\" FROM t WHERE a = ? AND b = ? -- why?\nAND c = ?"
            ),
            "SELECT '?' AS q, \"a?\" FROM t WHERE a = $1 AND b = $2 -- why?\nAND c = $3"
        );
    }
}
