//! Every operation on both backends, with the same expected answers.

mod support;

use runner_db::request::{
    Condition, FieldRef, Join, JoinKind, Lookup, Op, Operand, Order, Output, Paging, Query, Sort,
};
use runner_db::{DbError, Request, Session};
use serde_json::{Value, json};
use support::{NOW, on_each, products, record, table};

async fn run(session: &Session, request: Request) -> Value {
    session
        .execute(request, NOW)
        .await
        .expect("the request succeeds")
}

fn lookup(table: &str, field: &str, value: Value) -> Lookup {
    Lookup {
        table: table.to_owned(),
        field: field.to_owned(),
        value,
    }
}

fn compare(field: &str, op: Op, value: Value) -> Condition {
    Condition::Compare {
        field: FieldRef::new("product", field),
        op,
        operand: Operand::Value(value),
    }
}

/// The names of the products a condition selects, in id order.
async fn names_where(session: &Session, condition: Condition) -> Vec<String> {
    let mut query = Query::all("product");
    query.condition = Some(condition);
    names(run(session, Request::Query(query)).await)
}

fn names(records: Value) -> Vec<String> {
    records
        .as_array()
        .expect("a list")
        .iter()
        .map(|record| record["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn seeded_items_are_there_with_defaults_and_without_passwords() {
    on_each(&[products()], async |backend, session| {
        let apple = run(&session, Request::Get(lookup("product", "id", json!(3)))).await;
        assert_eq!(apple["name"], "Apple", "{backend}");
        assert_eq!(
            apple["stock"], 0,
            "{backend}: the default of an omitted field"
        );
        assert_eq!(apple["active"], false, "{backend}");
        assert_eq!(apple["tags"], json!([]), "{backend}");
        assert!(
            apple["created_at"].as_i64().is_some(),
            "{backend}: `now` default"
        );
        assert!(
            apple.get("password").is_none(),
            "{backend}: passwords are never read"
        );
    })
    .await;
}

#[tokio::test]
async fn add_answers_the_stored_record_with_a_generated_id() {
    on_each(&[products()], async |backend, session| {
        let added = run(
            &session,
            Request::Add {
                table: "product".into(),
                record: record(
                    json!({"name": "Kite", "sku": "K-1", "price": 15, "password": "hunter22"}),
                ),
            },
        )
        .await;
        assert_eq!(added["id"], 5, "{backend}: after the seeded ids");
        assert_eq!(added["price"], 15.0, "{backend}");
        assert_eq!(added["created_at"], NOW, "{backend}");
        assert_eq!(added["stock"], 0, "{backend}");
        assert!(added.get("password").is_none(), "{backend}");
        let stored = session
            .execute(
                Request::DirectQuery {
                    sql: "SELECT password FROM product WHERE id = ?".into(),
                    args: vec![json!(5)],
                    single: true,
                },
                NOW,
            )
            .await
            .unwrap();
        let hash = stored["password"].as_str().unwrap();
        assert!(hash.starts_with("$argon2id$"), "{backend}: {hash}");
        assert!(runner_db::verify_password("hunter22", hash), "{backend}");
    })
    .await;
}

#[tokio::test]
async fn comparisons_select_the_same_records_on_both_backends() {
    on_each(&[products()], async |backend, session| {
        let cases: Vec<(Condition, Vec<&str>)> = vec![
            (
                compare("price", Op::Gt, json!(7.25)),
                vec!["Hammer", "Teddy"],
            ),
            (
                compare("price", Op::GtEq, json!(7.25)),
                vec!["Hammer", "Teddy", "Screwdriver"],
            ),
            (compare("price", Op::Lt, json!(1)), vec!["Apple"]),
            (
                compare("price", Op::LtEq, json!(7.25)),
                vec!["Apple", "Screwdriver"],
            ),
            (compare("stock", Op::Eq, json!(0)), vec!["Teddy", "Apple"]),
            (
                compare("stock", Op::NotEq, json!(0)),
                vec!["Hammer", "Screwdriver"],
            ),
            (
                compare("stock", Op::Gt, json!(2.5)),
                vec!["Hammer", "Screwdriver"],
            ),
            (
                compare("secret", Op::Eq, Value::Null),
                vec!["Hammer", "Teddy", "Apple", "Screwdriver"],
            ),
            (
                compare("category", Op::Eq, json!("tools")),
                vec!["Hammer", "Screwdriver"],
            ),
            (compare("active", Op::Eq, json!(false)), vec!["Apple"]),
            (
                compare("name", Op::Includes, json!("DRIVER")),
                vec!["Screwdriver"],
            ),
            (
                compare("name", Op::Contains, json!("driver")),
                vec!["Screwdriver"],
            ),
            (compare("name", Op::Contains, json!("DRIVER")), vec![]),
            (
                compare("tags", Op::Contains, json!("metal")),
                vec!["Hammer", "Screwdriver"],
            ),
            (
                compare("tags", Op::NotContains, json!("metal")),
                vec!["Teddy", "Apple"],
            ),
            (
                compare("tags", Op::Overlaps, json!(["soft", "heavy"])),
                vec!["Hammer", "Teddy"],
            ),
            (
                compare("tags", Op::NotOverlaps, json!(["soft", "heavy"])),
                vec!["Apple", "Screwdriver"],
            ),
            (
                Condition::And(vec![
                    compare("category", Op::Eq, json!("tools")),
                    compare("stock", Op::Gt, json!(5)),
                ]),
                vec!["Screwdriver"],
            ),
            (
                Condition::Or(vec![
                    compare("category", Op::Eq, json!("food")),
                    compare("price", Op::Gt, json!(15)),
                ]),
                vec!["Teddy", "Apple"],
            ),
            (
                Condition::Not(Box::new(compare("category", Op::Eq, json!("tools")))),
                vec!["Teddy", "Apple"],
            ),
            (
                Condition::And(vec![]),
                vec!["Hammer", "Teddy", "Apple", "Screwdriver"],
            ),
        ];
        for (condition, expected) in cases {
            let described = format!("{condition:?}");
            assert_eq!(
                names_where(&session, condition).await,
                expected,
                "{backend}: {described}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn sort_orders_by_fields_and_rand_returns_every_record() {
    on_each(&[products()], async |backend, session| {
        let mut query = Query::all("product");
        query.sort = vec![Sort {
            field: FieldRef::new("product", "price"),
            order: Order::Desc,
        }];
        let sorted = names(run(&session, Request::Query(query.clone())).await);
        assert_eq!(
            sorted,
            ["Teddy", "Hammer", "Screwdriver", "Apple"],
            "{backend}"
        );
        query.sort = vec![
            Sort {
                field: FieldRef::new("product", "category"),
                order: Order::Asc,
            },
            Sort {
                field: FieldRef::new("product", "name"),
                order: Order::Desc,
            },
        ];
        let sorted = names(run(&session, Request::Query(query.clone())).await);
        assert_eq!(
            sorted,
            ["Apple", "Screwdriver", "Hammer", "Teddy"],
            "{backend}"
        );
        query.sort = vec![Sort {
            field: FieldRef::new("product", "id"),
            order: Order::Random,
        }];
        let mut shuffled = names(run(&session, Request::Query(query)).await);
        shuffled.sort();
        assert_eq!(
            shuffled,
            ["Apple", "Hammer", "Screwdriver", "Teddy"],
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn return_types_single_count_exists_and_pages() {
    on_each(&[products()], async |backend, session| {
        let mut query = Query::all("product");
        query.condition = Some(compare("category", Op::Eq, json!("tools")));
        query.output = Output::Count;
        assert_eq!(
            run(&session, Request::Query(query.clone())).await,
            2,
            "{backend}"
        );
        query.output = Output::Exists;
        assert_eq!(
            run(&session, Request::Query(query.clone())).await,
            true,
            "{backend}"
        );
        query.output = Output::Single;
        assert_eq!(
            run(&session, Request::Query(query.clone())).await["name"],
            "Hammer",
            "{backend}"
        );
        query.condition = Some(compare("category", Op::Eq, json!("nothing")));
        assert_eq!(
            run(&session, Request::Query(query.clone())).await,
            Value::Null,
            "{backend}"
        );
        query.output = Output::Exists;
        assert_eq!(
            run(&session, Request::Query(query)).await,
            false,
            "{backend}"
        );

        let mut paged = Query::all("product");
        paged.output = Output::List {
            paging: Some(Paging {
                page: 2,
                per_page: 3,
                totals: true,
            }),
        };
        let page = run(&session, Request::Query(paged.clone())).await;
        let page_names = names(page["items"].clone());
        assert_eq!(page_names, ["Screwdriver"], "{backend}");
        let mut shape = page.as_object().unwrap().clone();
        shape.remove("items");
        assert_eq!(
            Value::Object(shape),
            json!({"itemsReceived": 1, "curPage": 2, "nextPage": null, "prevPage": 1,
                   "offset": 3, "perPage": 3, "itemsTotal": 4, "pageTotal": 2}),
            "{backend}"
        );
        paged.output = Output::List {
            paging: Some(Paging {
                page: 1,
                per_page: 3,
                totals: false,
            }),
        };
        let first = run(&session, Request::Query(paged)).await;
        assert_eq!(first["nextPage"], 2, "{backend}");
        assert_eq!(first["prevPage"], Value::Null, "{backend}");
        assert!(
            first.get("itemsTotal").is_none(),
            "{backend}: totals only when asked"
        );
    })
    .await;
}

fn reviews() -> runner_db::Table {
    table(json!({
        "name": "review",
        "fields": [
            {"name": "id", "ty": "int"},
            {"name": "product_id", "ty": "int", "references": "product"},
            {"name": "stars", "ty": "int"}
        ],
        "indexes": [],
        "items": [
            {"product_id": 1, "stars": 5},
            {"product_id": 1, "stars": 3},
            {"product_id": 4, "stars": 4},
            {"product_id": 99, "stars": 1}
        ]
    }))
}

#[tokio::test]
async fn joins_add_eval_fields_and_filter_on_the_joined_table() {
    on_each(&[products(), reviews()], async |backend, session| {
        let on = Condition::Compare {
            field: FieldRef::new("review", "product_id"),
            op: Op::Eq,
            operand: Operand::Field(FieldRef::new("p", "id")),
        };
        let mut query = Query::all("review");
        query.joins = vec![Join {
            alias: "p".into(),
            table: "product".into(),
            kind: JoinKind::Inner,
            on: on.clone(),
        }];
        query.eval = vec![("product_name".into(), FieldRef::new("p", "name"))];
        query.condition = Some(Condition::Compare {
            field: FieldRef::new("p", "category"),
            op: Op::Eq,
            operand: Operand::Value(json!("tools")),
        });
        let rows = run(&session, Request::Query(query.clone())).await;
        assert_eq!(
            rows,
            json!([
                {"id": 1, "product_id": 1, "stars": 5, "product_name": "Hammer"},
                {"id": 2, "product_id": 1, "stars": 3, "product_name": "Hammer"},
                {"id": 3, "product_id": 4, "stars": 4, "product_name": "Screwdriver"}
            ]),
            "{backend}"
        );
        query.joins[0].kind = JoinKind::Left;
        query.condition = None;
        let rows = run(&session, Request::Query(query)).await;
        assert_eq!(
            rows[3]["product_name"],
            Value::Null,
            "{backend}: a left join keeps the orphan"
        );
    })
    .await;
}

#[tokio::test]
async fn edit_patch_upsert_and_delete() {
    on_each(&[products()], async |backend, session| {
        let edited = run(
            &session,
            Request::Edit {
                lookup: lookup("product", "sku", json!("T-1")),
                record: record(json!({"stock": 7})),
            },
        )
        .await;
        assert_eq!(
            (edited["name"].clone(), edited["stock"].clone()),
            (json!("Teddy"), json!(7)),
            "{backend}"
        );
        let missing = session
            .execute(
                Request::Edit {
                    lookup: lookup("product", "sku", json!("NOPE")),
                    record: record(json!({"stock": 1})),
                },
                NOW,
            )
            .await
            .unwrap_err();
        assert_eq!(
            missing.to_string(),
            r#"no record of `product` has `sku` = text "NOPE""#,
            "{backend}"
        );

        let upserted = run(
            &session,
            Request::AddOrEdit {
                lookup: lookup("product", "sku", json!("Z-1")),
                record: record(json!({"name": "Zebra", "price": 3})),
            },
        )
        .await;
        assert_eq!(
            (upserted["id"].clone(), upserted["sku"].clone()),
            (json!(5), json!("Z-1")),
            "{backend}"
        );
        let again = run(
            &session,
            Request::AddOrEdit {
                lookup: lookup("product", "sku", json!("Z-1")),
                record: record(json!({"price": 4})),
            },
        )
        .await;
        assert_eq!(
            (again["id"].clone(), again["price"].clone()),
            (json!(5), json!(4.0)),
            "{backend}"
        );

        run(&session, Request::Delete(lookup("product", "id", json!(5)))).await;
        let has = run(
            &session,
            Request::Has(lookup("product", "sku", json!("Z-1"))),
        )
        .await;
        assert_eq!(has, false, "{backend}");
        // Deleting what is not there is not an error.
        run(&session, Request::Delete(lookup("product", "id", json!(5)))).await;
    })
    .await;
}

#[tokio::test]
async fn bulk_operations_answer_counts() {
    on_each(&[products()], async |backend, session| {
        let added = run(
            &session,
            Request::BulkAdd {
                table: "product".into(),
                records: vec![
                    record(json!({"name": "A", "sku": "B-1", "price": 1})),
                    record(json!({"name": "B", "sku": "B-2", "price": 2})),
                ],
            },
        )
        .await;
        assert_eq!(added, 2, "{backend}");
        let updated = run(
            &session,
            Request::BulkUpdate {
                table: "product".into(),
                condition: Some(compare("price", Op::LtEq, json!(2))),
                record: record(json!({"stock": 99})),
            },
        )
        .await;
        assert_eq!(updated, 3, "{backend}: two new ones and the apple");
        let deleted = run(
            &session,
            Request::BulkDelete {
                table: "product".into(),
                condition: Some(compare("stock", Op::Eq, json!(99))),
            },
        )
        .await;
        assert_eq!(deleted, 3, "{backend}");
        // A failing record leaves none of the batch behind.
        let failed = session
            .execute(
                Request::BulkAdd {
                    table: "product".into(),
                    records: vec![
                        record(json!({"name": "C", "sku": "C-1", "price": 1})),
                        record(json!({"name": "D", "sku": "C-1", "price": 1})),
                    ],
                },
                NOW,
            )
            .await;
        assert!(
            matches!(failed, Err(DbError::Duplicate { .. })),
            "{backend}: {failed:?}"
        );
        assert_eq!(
            run(
                &session,
                Request::Has(lookup("product", "sku", json!("C-1")))
            )
            .await,
            false,
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn truncate_with_reset_starts_ids_again_at_one() {
    on_each(&[products()], async |backend, session| {
        run(
            &session,
            Request::Truncate {
                table: "product".into(),
                reset: true,
            },
        )
        .await;
        let mut count = Query::all("product");
        count.output = Output::Count;
        assert_eq!(run(&session, Request::Query(count)).await, 0, "{backend}");
        let added = run(
            &session,
            Request::Add {
                table: "product".into(),
                record: record(json!({"name": "N", "sku": "N-1", "price": 1})),
            },
        )
        .await;
        assert_eq!(added["id"], 1, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn a_duplicate_names_the_table_field_and_value_but_not_a_sensitive_one() {
    on_each(&[products()], async |backend, session| {
        let error = session
            .execute(
                Request::Add {
                    table: "product".into(),
                    record: record(json!({"name": "X", "sku": "H-1", "price": 1})),
                },
                NOW,
            )
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"`product` already has a record with `sku` = "H-1""#,
            "{backend}"
        );
        run(
            &session,
            Request::Add {
                table: "product".into(),
                record: record(
                    json!({"name": "X", "sku": "X-1", "price": 1, "secret": "s3cr3t-value"}),
                ),
            },
        )
        .await;
        let error = session
            .execute(
                Request::Add {
                    table: "product".into(),
                    record: record(
                        json!({"name": "Y", "sku": "Y-1", "price": 1, "secret": "s3cr3t-value"}),
                    ),
                },
                NOW,
            )
            .await
            .unwrap_err();
        let message = error.to_string();
        assert_eq!(
            message, "`product` already has a record with `secret` = (sensitive)",
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_written() {
    on_each(&[products()], async |backend, session| {
        let cases = vec![
            (
                json!({"name": "X", "sku": "Q", "price": "cheap"}),
                "`product.price` is a decimal, got text \"cheap\"",
            ),
            (
                json!({"name": "X", "price": 1}),
                "`product.sku` is required",
            ),
            (
                json!({"name": "X", "sku": "Q", "price": 1, "colour": "red"}),
                "table `product` has no field `colour`",
            ),
            (
                json!({"name": "X", "sku": "Q", "price": 1, "category": "cars"}),
                "`product.category` is one of `tools`, `toys`, `food`, not `cars`",
            ),
            (
                json!({"name": "X", "sku": "Q", "price": 1, "secret": 5}),
                "`product.secret` is text, got int",
            ),
            (
                json!({"name": "X", "sku": "Q", "price": 1, "tags": "metal"}),
                "`product.tags` is an array, got text \"metal\"",
            ),
        ];
        for (given, expected) in cases {
            let error = session
                .execute(
                    Request::Add {
                        table: "product".into(),
                        record: record(given),
                    },
                    NOW,
                )
                .await
                .unwrap_err();
            assert_eq!(error.to_string(), expected, "{backend}");
        }
        let error = session
            .execute(
                Request::Query(Query {
                    condition: Some(compare("prise", Op::Eq, json!(1))),
                    ..Query::all("product")
                }),
                NOW,
            )
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "table `product` has no field `prise` (did you mean `price`?)",
            "{backend}"
        );
        let error = session
            .execute(Request::Query(Query::all("prodcut")), NOW)
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown table `prodcut` (did you mean `product`?)",
            "{backend}"
        );
        let mut count = Query::all("product");
        count.output = Output::Count;
        assert_eq!(run(&session, Request::Query(count)).await, 4, "{backend}");
    })
    .await;
}

#[tokio::test]
async fn a_hostile_value_is_only_ever_a_value() {
    on_each(&[products()], async |backend, session| {
        let hostile = "x'); DROP TABLE product; --";
        run(
            &session,
            Request::Add {
                table: "product".into(),
                record: record(json!({"name": hostile, "sku": hostile, "price": 1})),
            },
        )
        .await;
        let found = names_where(&session, compare("name", Op::Eq, json!(hostile))).await;
        assert_eq!(found, [hostile], "{backend}");
        let found = names_where(&session, compare("name", Op::Includes, json!("%"))).await;
        assert!(
            found.is_empty(),
            "{backend}: `%` is a character, not a wildcard"
        );
    })
    .await;
}

#[tokio::test]
async fn transactions_commit_roll_back_and_nest() {
    on_each(&[products()], async |backend, session| {
        let add = |sku: &str| Request::Add {
            table: "product".into(),
            record: record(json!({"name": sku, "sku": sku, "price": 1})),
        };
        run(&session, Request::Begin).await;
        run(&session, add("T-A")).await;
        run(&session, Request::Commit).await;
        run(&session, Request::Begin).await;
        run(&session, add("T-B")).await;
        run(&session, Request::Begin).await;
        run(&session, add("T-C")).await;
        run(&session, Request::Rollback).await;
        run(&session, add("T-D")).await;
        run(&session, Request::Commit).await;
        run(&session, Request::Begin).await;
        run(&session, add("T-E")).await;
        run(&session, Request::Rollback).await;
        let mut skus = Vec::new();
        for sku in ["T-A", "T-B", "T-C", "T-D", "T-E"] {
            if run(&session, Request::Has(lookup("product", "sku", json!(sku)))).await == true {
                skus.push(sku);
            }
        }
        assert_eq!(skus, ["T-A", "T-B", "T-D"], "{backend}");
    })
    .await;
}

#[tokio::test]
async fn after_a_failed_statement_a_transaction_can_only_roll_back() {
    on_each(&[products()], async |backend, session| {
        run(&session, Request::Begin).await;
        let duplicate = Request::Add {
            table: "product".into(),
            record: record(json!({"name": "X", "sku": "H-1", "price": 1})),
        };
        assert!(session.execute(duplicate, NOW).await.is_err());
        let next = Request::Add {
            table: "product".into(),
            record: record(json!({"name": "Y", "sku": "Y-9", "price": 1})),
        };
        assert_eq!(
            session.execute(next, NOW).await.unwrap_err(),
            DbError::TransactionFailed,
            "{backend}"
        );
        assert_eq!(
            session.execute(Request::Commit, NOW).await.unwrap_err(),
            DbError::TransactionFailed,
            "{backend}"
        );
        assert_eq!(
            run(
                &session,
                Request::Has(lookup("product", "sku", json!("Y-9")))
            )
            .await,
            false,
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn direct_query_binds_its_arguments() {
    on_each(&[products()], async |backend, session| {
        let rows = run(
            &session,
            Request::DirectQuery {
                sql: "SELECT name, price FROM product WHERE category = ? AND price > ? ORDER BY id"
                    .into(),
                args: vec![json!("tools"), json!(8)],
                single: false,
            },
        )
        .await;
        assert_eq!(
            rows,
            json!([{"name": "Hammer", "price": 12.5}]),
            "{backend}"
        );
        let none = run(
            &session,
            Request::DirectQuery {
                sql: "SELECT name FROM product WHERE sku = ?".into(),
                args: vec![json!("' OR 1=1 --")],
                single: true,
            },
        )
        .await;
        assert_eq!(none, Value::Null, "{backend}");
    })
    .await;
}
