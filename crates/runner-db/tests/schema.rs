//! Keeping stored tables in step with declarations, resets, the read-only
//! SQL door, and the failures of a database that is locked or unreachable.

mod support;

use std::time::Duration;

use runner_db::request::Query;
use runner_db::{Database, DbError, ErrorKind, Location, Request, Table};
use serde_json::json;
use support::{NOW, databases, products, record};

async fn add(database: &Database, given: serde_json::Value) -> Result<serde_json::Value, DbError> {
    let request = Request::Add {
        table: "product".into(),
        record: record(given),
    };
    database.session().execute(request, NOW).await
}

fn with_field(mut table: Table, field: serde_json::Value) -> Table {
    table.fields.push(serde_json::from_value(field).unwrap());
    table
}

#[tokio::test]
async fn a_new_optional_field_is_added_and_filled_with_its_default() {
    for (backend, database) in databases(&[products()]).await {
        let grown = with_field(
            products(),
            json!({"name": "colour", "ty": "text", "optional": true, "default": {"value": "grey"}}),
        );
        let report = database.sync(&[grown]).await.unwrap();
        assert_eq!(
            report.changed,
            ["added field `product.colour`"],
            "{backend}"
        );
        let hammer = database
            .session()
            .execute(
                Request::Get(runner_db::request::Lookup {
                    table: "product".into(),
                    field: "id".into(),
                    value: json!(1),
                }),
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(hammer["colour"], "grey", "{backend}");
        database.drop_schema().await.unwrap();
    }
}

#[tokio::test]
async fn destructive_changes_are_refused_with_what_changed() {
    for (backend, database) in databases(&[products()]).await {
        let mut retyped = products();
        retyped
            .fields
            .iter_mut()
            .find(|f| f.name == "stock")
            .unwrap()
            .ty = runner_db::FieldType::Text;
        let error = database.sync(&[retyped]).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "table `product`: field `stock` changed from int to text; converting it could lose data",
            "{backend}"
        );
        assert_eq!(error.kind(), ErrorKind::Schema);

        let mut shrunk = products();
        shrunk.fields.retain(|f| f.name != "secret");
        shrunk.indexes.retain(|i| i.fields != ["secret"]);
        let error = database.sync(&[shrunk]).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "table `product`: field `secret` was removed from the declaration; dropping it would lose its data",
            "{backend}"
        );

        let required = with_field(products(), json!({"name": "barcode", "ty": "text"}));
        let error = database.sync(&[required]).await.unwrap_err();
        assert!(
            error
                .to_string()
                .contains("the new field `barcode` is required"),
            "{backend}: {error}"
        );

        let mut unique_price = products();
        unique_price
            .indexes
            .push(serde_json::from_value(json!({"kind": "unique", "fields": ["stock"]})).unwrap());
        let error = database.sync(&[unique_price]).await.unwrap_err();
        assert!(
            error.to_string().contains("records already share a value"),
            "{backend}: {error}"
        );

        // Nothing of the refused syncs stuck: the old declaration still works.
        database.sync(&[products()]).await.unwrap();
        let count = database.counts().await.unwrap();
        assert_eq!(count, [("product".to_owned(), 4)], "{backend}");
        database.drop_schema().await.unwrap();
    }
}

#[tokio::test]
async fn reset_recreates_a_table_from_its_items() {
    for (backend, database) in databases(&[products()]).await {
        let session = database.session();
        session
            .execute(
                Request::Truncate {
                    table: "product".into(),
                    reset: false,
                },
                NOW,
            )
            .await
            .unwrap();
        let mut retyped = products();
        retyped
            .fields
            .iter_mut()
            .find(|f| f.name == "stock")
            .unwrap()
            .ty = runner_db::FieldType::Decimal;
        assert!(database.sync(std::slice::from_ref(&retyped)).await.is_err());
        // The way out the refusal offers: reset under the new declaration.
        let reset = database
            .reset(std::slice::from_ref(&retyped), Some("product"))
            .await
            .unwrap();
        assert_eq!(reset, ["product"], "{backend}");
        assert_eq!(
            database.counts().await.unwrap()[0].1,
            4,
            "{backend}: seeded again"
        );
        let dumped = database.dump("product").await.unwrap();
        assert_eq!(dumped[0]["stock"], 3.0, "{backend}: now a decimal");
        database.drop_schema().await.unwrap();
    }
}

#[tokio::test]
async fn the_sql_door_reads_but_never_writes() {
    for (backend, database) in databases(&[products()]).await {
        let rows = database
            .read_only_query("SELECT COUNT(*) AS n FROM product")
            .await
            .unwrap();
        assert_eq!(rows[0]["n"], 4, "{backend}");
        let error = database
            .read_only_query("DELETE FROM product")
            .await
            .unwrap_err();
        assert!(
            error.to_string().contains("only reads"),
            "{backend}: {error}"
        );
        assert_eq!(database.counts().await.unwrap()[0].1, 4, "{backend}");
        database.drop_schema().await.unwrap();
    }
}

#[tokio::test]
async fn load_adds_all_records_or_none() {
    for (backend, database) in databases(&[products()]).await {
        let good = vec![record(
            json!({"id": 10, "name": "L", "sku": "L-1", "price": 1}),
        )];
        assert_eq!(
            database.load("product", good, NOW).await.unwrap(),
            1,
            "{backend}"
        );
        let bad = vec![
            record(json!({"name": "M", "sku": "M-1", "price": 1})),
            record(json!({"name": "N", "sku": "M-1", "price": 1})),
        ];
        assert!(
            database.load("product", bad, NOW).await.is_err(),
            "{backend}"
        );
        assert_eq!(database.counts().await.unwrap()[0].1, 5, "{backend}");
        // The id sequence moved past the loaded id. (PostgreSQL does not
        // hand out again the ids the refused load took; SQLite does.)
        let added = add(&database, json!({"name": "O", "sku": "O-1", "price": 1}))
            .await
            .unwrap();
        let id = added["id"].as_i64().unwrap();
        assert!((11..=13).contains(&id), "{backend}: {id}");
        database.drop_schema().await.unwrap();
    }
}

#[tokio::test]
async fn a_sqlite_file_is_created_in_wal_mode_and_a_lock_is_reported() {
    let folder = tempfile::tempdir().unwrap();
    let location = Location::SqliteFile(folder.path().join("nested/data.sqlite"));
    let first = Database::open_with(&location, Duration::from_millis(100))
        .await
        .unwrap();
    first.sync(&[products()]).await.unwrap();
    let mode = first.read_only_query("PRAGMA journal_mode").await.unwrap();
    assert_eq!(mode[0]["journal_mode"], "wal");

    let second = Database::open_with(&location, Duration::from_millis(100))
        .await
        .unwrap();
    second.sync(&[products()]).await.unwrap();
    let holder = first.session();
    holder.execute(Request::Begin, NOW).await.unwrap();
    let error = add(&second, json!({"name": "W", "sku": "W-1", "price": 1}))
        .await
        .unwrap_err();
    assert!(matches!(error, DbError::Locked { .. }), "{error:?}");
    assert_eq!(error.kind(), ErrorKind::Unavailable);
    holder.execute(Request::Rollback, NOW).await.unwrap();
    let count = second
        .session()
        .execute(
            Request::Query(Query {
                output: runner_db::request::Output::Count,
                ..Query::all("product")
            }),
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(count, 4);
}

#[tokio::test]
async fn an_unreachable_postgres_is_reported_without_its_password() {
    let location = Location::parse("postgres://app:hunter2@127.0.0.1:1/nothing").unwrap();
    let error = Database::open(&location).await.unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, DbError::Unavailable { .. }), "{error:?}");
    assert!(
        message.starts_with("cannot reach the database at postgres://app:***@127.0.0.1:1/nothing"),
        "{message}"
    );
    assert!(!message.contains("hunter2"), "{message}");
}
