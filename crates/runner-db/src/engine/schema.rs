//! Keeping the stored tables in step with the declared ones.
//!
//! Each table's declaration is stored beside its data (`_runner_tables`),
//! so a change can be told from a new table: a new table is created and
//! seeded from its items; a new optional field (or one with a default, or
//! any field of an empty table) is added; indexes follow the declaration.
//! A field that was removed or changed type would lose data, so it stops
//! the sync with a message naming the change; the caller offers a reset.

use serde_json::Value;

use super::conn::Conn;
use super::encode::{default_of, encode, kind_of};
use super::sql::{Cell, Kind, Sql};
use super::{Dialect, write};
use crate::error::DbError;
use crate::model::{DefaultValue, Field, ID, Index, IndexKind, Table};

/// Where each table's applied declaration is kept.
const META: &str = "_runner_tables";

/// What a sync changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// Tables created (and seeded).
    pub created: Vec<String>,
    /// Changes applied to existing tables, as sentences.
    pub changed: Vec<String>,
}

pub(crate) async fn sync<C: Conn>(conn: &mut C, tables: &[Table]) -> Result<SyncReport, DbError> {
    let dialect = conn.dialect();
    let mut sql = Sql::new(dialect);
    sql.push("CREATE TABLE IF NOT EXISTS ").ident(META);
    sql.push(" (")
        .ident("name")
        .push(" TEXT PRIMARY KEY, ")
        .ident("declaration")
        .push(" TEXT NOT NULL)");
    conn.execute(&sql).await?;
    if dialect == Dialect::Postgres {
        // Two processes starting at once must not both create a table.
        let sql = Sql {
            dialect,
            text: "SELECT pg_advisory_xact_lock(7305182915)::text".to_owned(),
            binds: Vec::new(),
        };
        conn.fetch(&sql, &[Kind::Text]).await?;
    }
    let mut report = SyncReport::default();
    for table in tables {
        match stored(conn, &table.name).await? {
            None => {
                create(conn, table).await?;
                report.created.push(table.name.clone());
            }
            Some(before) if before == declaration(table) => {}
            Some(before) => {
                report.changed.extend(migrate(conn, &before, table).await?);
                remember(conn, table, true).await?;
            }
        }
    }
    Ok(report)
}

/// Drops and recreates each table, seeded from its items.
pub(crate) async fn reset<C: Conn>(
    conn: &mut C,
    tables: &[std::sync::Arc<Table>],
) -> Result<(), DbError> {
    for table in tables {
        let mut sql = Sql::new(conn.dialect());
        sql.push("DROP TABLE IF EXISTS ").ident(&table.name);
        conn.execute(&sql).await?;
        let mut sql = Sql::new(conn.dialect());
        sql.push("DELETE FROM ")
            .ident(META)
            .push(" WHERE ")
            .ident("name")
            .push(" = ")
            .bind(Cell::Text(table.name.clone()));
        conn.execute(&sql).await?;
        create(conn, table).await?;
    }
    Ok(())
}

/// The part of a table that the stored data depends on: fields and indexes, not items.
fn declaration(table: &Table) -> Table {
    Table {
        items: Vec::new(),
        ..table.clone()
    }
}

async fn stored<C: Conn>(conn: &mut C, name: &str) -> Result<Option<Table>, DbError> {
    let mut sql = Sql::new(conn.dialect());
    sql.push("SELECT ")
        .ident("declaration")
        .push(" FROM ")
        .ident(META);
    sql.push(" WHERE ")
        .ident("name")
        .push(" = ")
        .bind(Cell::Text(name.to_owned()));
    let rows = conn.fetch(&sql, &[Kind::Text]).await?;
    let Some(text) = rows
        .first()
        .and_then(|row| row.first())
        .and_then(Value::as_str)
    else {
        return Ok(None);
    };
    serde_json::from_str(text)
        .map(Some)
        .map_err(|error| DbError::SchemaChange {
            table: name.to_owned(),
            change: format!("its stored declaration cannot be read ({error})"),
        })
}

async fn remember<C: Conn>(conn: &mut C, table: &Table, replace: bool) -> Result<(), DbError> {
    let text = serde_json::to_string(&declaration(table))
        .map_err(|error| DbError::Backend(error.to_string()))?;
    let mut sql = Sql::new(conn.dialect());
    if replace {
        sql.push("UPDATE ")
            .ident(META)
            .push(" SET ")
            .ident("declaration")
            .push(" = ")
            .bind(Cell::Text(text));
        sql.push(" WHERE ")
            .ident("name")
            .push(" = ")
            .bind(Cell::Text(table.name.clone()));
    } else {
        sql.push("INSERT INTO ")
            .ident(META)
            .push(" (")
            .ident("name")
            .push(", ")
            .ident("declaration");
        sql.push(") VALUES (")
            .bind(Cell::Text(table.name.clone()))
            .push(", ")
            .bind(Cell::Text(text))
            .push(")");
    }
    conn.execute(&sql).await.map(drop)
}

async fn create<C: Conn>(conn: &mut C, table: &Table) -> Result<(), DbError> {
    let dialect = conn.dialect();
    let mut sql = Sql::new(dialect);
    sql.push("CREATE TABLE ").ident(&table.name).push(" (");
    sql.ident(ID).push(match dialect {
        Dialect::Sqlite => " INTEGER PRIMARY KEY AUTOINCREMENT",
        Dialect::Postgres => " BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    });
    for field in table.fields.iter().filter(|field| field.name != ID) {
        sql.push(", ")
            .ident(&field.name)
            .push(column_type(dialect, field));
    }
    sql.push(")");
    conn.execute(&sql).await?;
    for index in &table.indexes {
        create_index(conn, table, index).await?;
    }
    remember(conn, table, false).await?;
    seed(conn, table).await
}

async fn seed<C: Conn>(conn: &mut C, table: &Table) -> Result<(), DbError> {
    let now = jiff::Timestamp::now().as_millisecond();
    let mut explicit = false;
    for item in &table.items {
        explicit |= write::add(conn, table, item.clone(), now, false).await?.1;
    }
    if explicit {
        write::after_explicit_ids(conn, table).await?;
    }
    Ok(())
}

fn column_type(dialect: Dialect, field: &Field) -> &'static str {
    match (dialect, kind_of(field)) {
        (Dialect::Sqlite, Kind::Int) => " INTEGER",
        (Dialect::Sqlite, Kind::Real) => " REAL",
        (Dialect::Sqlite, Kind::Bool) => " BOOLEAN",
        (Dialect::Sqlite, Kind::Text | Kind::Json) => " TEXT",
        (Dialect::Postgres, Kind::Int) => " BIGINT",
        (Dialect::Postgres, Kind::Real) => " DOUBLE PRECISION",
        (Dialect::Postgres, Kind::Bool) => " BOOLEAN",
        // Byte order, as SQLite compares text, so both sort alike.
        (Dialect::Postgres, Kind::Text) => " TEXT COLLATE \"C\"",
        (Dialect::Postgres, Kind::Json) => " JSONB",
    }
}

/// Index names hold the table and fields, so a driver's report of a
/// violated index can be read back; long ones end in a hash to stay under
/// PostgreSQL's 63 bytes.
pub(crate) fn index_name(table: &Table, index: &Index) -> String {
    let suffix = if index.kind == IndexKind::Unique {
        "key"
    } else {
        "idx"
    };
    let name = format!("{}_{}_{suffix}", table.name, index.fields.join("_"));
    if name.len() <= 60 {
        return name;
    }
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("idx_{hash:016x}_{suffix}")
}

async fn create_index<C: Conn>(conn: &mut C, table: &Table, index: &Index) -> Result<(), DbError> {
    if index.kind == IndexKind::Primary || index.fields.is_empty() || index.fields == [ID] {
        return Ok(());
    }
    let mut sql = Sql::new(conn.dialect());
    sql.push(if index.kind == IndexKind::Unique {
        "CREATE UNIQUE INDEX "
    } else {
        "CREATE INDEX "
    });
    sql.ident(&index_name(table, index))
        .push(" ON ")
        .ident(&table.name)
        .push(" (");
    sql.list(&index.fields, |sql, field| {
        sql.ident(field);
    });
    sql.push(")");
    conn.execute(&sql)
        .await
        .map(drop)
        .map_err(|error| match error {
            DbError::Duplicate { .. } => DbError::SchemaChange {
                table: table.name.clone(),
                change: format!(
                    "the new unique index on {} cannot be added: records already share a value",
                    index
                        .fields
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
            other => other,
        })
}

/// The fields of the unique index a driver named (`raw` is PostgreSQL's
/// index name, or SQLite's `table.a, table.b`).
pub(crate) fn unique_fields_of(table: &Table, raw: &str) -> Vec<String> {
    if raw == format!("{}_pkey", table.name) {
        return vec![ID.to_owned()];
    }
    if let Some(index) = table
        .indexes
        .iter()
        .find(|index| index_name(table, index) == raw)
    {
        return index.fields.clone();
    }
    let fields: Vec<String> = raw
        .split(',')
        .filter_map(|part| part.trim().rsplit('.').next())
        .filter(|name| table.field(name).is_some())
        .map(str::to_owned)
        .collect();
    if fields.is_empty() {
        vec![raw.to_owned()]
    } else {
        fields
    }
}

/// Applies what can be applied safely; refuses the rest, naming it.
async fn migrate<C: Conn>(
    conn: &mut C,
    before: &Table,
    after: &Table,
) -> Result<Vec<String>, DbError> {
    let refuse = |change: String| DbError::SchemaChange {
        table: after.name.clone(),
        change,
    };
    for old in &before.fields {
        match after.field(&old.name) {
            None => {
                return Err(refuse(format!(
                    "field `{}` was removed from the declaration; dropping it would lose its data",
                    old.name
                )));
            }
            Some(new) if new.ty != old.ty || new.is_array != old.is_array => {
                return Err(refuse(format!(
                    "field `{}` changed from {} to {}; converting it could lose data",
                    old.name,
                    type_words(old),
                    type_words(new)
                )));
            }
            Some(_) => {}
        }
    }
    let mut changes = Vec::new();
    let has_rows = {
        let mut sql = Sql::new(conn.dialect());
        sql.push("SELECT 1 FROM ")
            .ident(&after.name)
            .push(" LIMIT 1");
        !conn.fetch(&sql, &[Kind::Int]).await?.is_empty()
    };
    for field in after
        .fields
        .iter()
        .filter(|f| before.field(&f.name).is_none())
    {
        let fillable = field.optional || field.nullable || field.default.is_some();
        if has_rows && !fillable {
            return Err(refuse(format!(
                "the new field `{}` is required, and the stored records have no value for it; make it optional (`{}?`) or give it a default (`{}?=...`)",
                field.name, field.name, field.name
            )));
        }
        let mut sql = Sql::new(conn.dialect());
        sql.push("ALTER TABLE ")
            .ident(&after.name)
            .push(" ADD COLUMN ")
            .ident(&field.name);
        sql.push(column_type(conn.dialect(), field));
        conn.execute(&sql).await?;
        // Existing records get a constant default; `now` has no past value to give.
        if let Some(DefaultValue::Value(value)) = &field.default
            && has_rows
        {
            let cell = encode(after, field, &default_of(field, 0).unwrap_or(value.clone()))?;
            let mut sql = Sql::new(conn.dialect());
            sql.push("UPDATE ")
                .ident(&after.name)
                .push(" SET ")
                .ident(&field.name)
                .push(" = ")
                .bind(cell);
            conn.execute(&sql).await?;
        }
        changes.push(format!("added field `{}.{}`", after.name, field.name));
    }
    for index in before.indexes.iter().filter(|i| !after.indexes.contains(i)) {
        if index.kind == IndexKind::Primary {
            continue;
        }
        let mut sql = Sql::new(conn.dialect());
        sql.push("DROP INDEX IF EXISTS ")
            .ident(&index_name(before, index));
        conn.execute(&sql).await?;
        changes.push(format!(
            "dropped the index on `{}` ({})",
            after.name,
            index.fields.join(", ")
        ));
    }
    for index in after.indexes.iter().filter(|i| !before.indexes.contains(i)) {
        if index.kind == IndexKind::Primary {
            continue;
        }
        create_index(conn, after, index).await?;
        changes.push(format!(
            "added an index on `{}` ({})",
            after.name,
            index.fields.join(", ")
        ));
    }
    Ok(changes)
}

fn type_words(field: &Field) -> String {
    format!(
        "{}{}",
        field.ty.name(),
        if field.is_array { "[]" } else { "" }
    )
}
