//! Runs each test on every backend: SQLite in memory always, PostgreSQL
//! too when `RUNNER_TEST_POSTGRES` holds a URL, each test in a schema of
//! its own so parallel runs never see each other's tables.

// Each test file uses its own part of these helpers.
#![allow(dead_code)]

use runner_db::{Database, Location, Session, Table};

pub(crate) const NOW: i64 = 1_750_000_000_000;

/// The databases a test runs on, synced with `tables`.
pub(crate) async fn databases(tables: &[Table]) -> Vec<(String, Database)> {
    let mut databases = Vec::new();
    let sqlite = Database::open(&Location::SqliteMemory)
        .await
        .expect("sqlite opens");
    sqlite.sync(tables).await.expect("sqlite sync");
    databases.push(("sqlite".to_owned(), sqlite));
    if let Some(url) = postgres_url() {
        let schema = format!("test_{}", uuid::Uuid::new_v4().simple());
        let location = Location::Postgres {
            url,
            schema: Some(schema),
        };
        let postgres = Database::open(&location).await.expect("postgres opens");
        postgres.sync(tables).await.expect("postgres sync");
        databases.push(("postgres".to_owned(), postgres));
    }
    databases
}

pub(crate) fn postgres_url() -> Option<String> {
    std::env::var("RUNNER_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// Runs `test` on every backend, then drops the PostgreSQL schema.
pub(crate) async fn on_each<F>(tables: &[Table], test: F)
where
    F: AsyncFn(&str, Session),
{
    for (backend, database) in databases(tables).await {
        test(&backend, database.session()).await;
        database.drop_schema().await.expect("schema dropped");
        database.close().await;
    }
}

pub(crate) fn table(json: serde_json::Value) -> Table {
    serde_json::from_value(json).expect("a table declaration")
}

pub(crate) fn record(json: serde_json::Value) -> runner_db::Record {
    match json {
        serde_json::Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// Products with tags, a unique sku, a sensitive secret and a password.
pub(crate) fn products() -> Table {
    table(serde_json::json!({
        "name": "product",
        "fields": [
            {"name": "id", "ty": "int"},
            {"name": "name", "ty": "text"},
            {"name": "sku", "ty": "text"},
            {"name": "price", "ty": "decimal"},
            {"name": "stock", "ty": "int", "optional": true, "default": {"value": 0}},
            {"name": "active", "ty": "bool", "optional": true, "default": {"value": true}},
            {"name": "tags", "ty": "text", "is_array": true, "optional": true},
            {"name": "category", "ty": "enum", "values": ["tools", "toys", "food"], "optional": true},
            {"name": "created_at", "ty": "timestamp", "optional": true, "default": "now"},
            {"name": "secret", "ty": "text", "optional": true, "sensitive": true},
            {"name": "password", "ty": "password", "optional": true}
        ],
        "indexes": [
            {"kind": "primary", "fields": ["id"]},
            {"kind": "unique", "fields": ["sku"]},
            {"kind": "unique", "fields": ["secret"]},
            {"kind": "btree", "fields": ["price"]}
        ],
        "items": [
            {"id": 1, "name": "Hammer", "sku": "H-1", "price": 12.5, "stock": 3, "tags": ["metal", "heavy"], "category": "tools"},
            {"id": 2, "name": "Teddy", "sku": "T-1", "price": 20.0, "stock": 0, "tags": ["soft"], "category": "toys"},
            {"id": 3, "name": "Apple", "sku": "A-1", "price": 0.5, "tags": [], "category": "food", "active": false},
            {"id": 4, "name": "Screwdriver", "sku": "S-1", "price": 7.25, "stock": 10, "tags": ["metal"], "category": "tools"}
        ]
    }))
}
