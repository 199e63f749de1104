//! Input validation against `input { ... }` specs: types, coercions,
//! required/nullable rules, schemas, arrays, filters and CLI values.

use job_runner::job::{InputSpec, InputType, check_inputs, parse_cli_value, validate_inputs};
use job_runner::source::Span;
use job_runner::syntax::ast::{ArrayBounds, InputFilter, Name};
use job_runner::value::{Object, Value};
use serde_json::json;

fn spec(name: &str, ty: InputType) -> InputSpec {
    InputSpec {
        name: name.to_owned(),
        ty,
        is_array: false,
        array_bounds: None,
        nullable: false,
        optional: false,
        default: None,
        filters: Vec::new(),
        sensitive: false,
        description: None,
        enum_values: Vec::new(),
        schema: Vec::new(),
        span: Span::default(),
    }
}

fn optional(mut spec: InputSpec) -> InputSpec {
    spec.optional = true;
    spec
}

fn nullable(mut spec: InputSpec) -> InputSpec {
    spec.nullable = true;
    spec
}

fn array(mut spec: InputSpec) -> InputSpec {
    spec.is_array = true;
    spec
}

fn with_default(mut spec: InputSpec, default: serde_json::Value) -> InputSpec {
    spec.default = Some(Value::from(default));
    spec.optional = true;
    spec
}

/// `filters=trim|min:3` as the parser gives them: each filter with its args split on `:`.
fn filtered(mut spec: InputSpec, filters: &str) -> InputSpec {
    spec.filters = filters
        .split('|')
        .map(|filter| {
            let mut parts = filter.split(':');
            InputFilter {
                name: Name {
                    text: parts.next().unwrap_or_default().to_owned(),
                    span: Span::default(),
                },
                args: parts.map(str::to_owned).collect(),
            }
        })
        .collect();
    spec
}

fn object(json: serde_json::Value) -> Object {
    match Value::from(json) {
        Value::Object(object) => std::sync::Arc::unwrap_or_clone(object).into(),
        other => panic!("test input must be an object, got {other:?}"),
    }
}

/// The validated object as JSON, or the rendered errors.
fn run(specs: &[InputSpec], provided: serde_json::Value) -> Result<serde_json::Value, String> {
    validate_inputs(specs, &object(provided))
        .map(|values| Value::object(values).to_json())
        .map_err(|errors| errors.to_string())
}

fn ok(specs: &[InputSpec], provided: serde_json::Value) -> serde_json::Value {
    run(specs, provided).unwrap_or_else(|errors| panic!("expected valid inputs, got:\n{errors}"))
}

fn err(specs: &[InputSpec], provided: serde_json::Value) -> String {
    match run(specs, provided) {
        Ok(values) => panic!("expected errors, got {values}"),
        Err(errors) => errors,
    }
}

#[test]
fn int_accepts_numeric_text_and_whole_decimals() {
    let specs = [spec("n", InputType::Int)];
    assert_eq!(ok(&specs, json!({"n": 5})), json!({"n": 5}));
    assert_eq!(ok(&specs, json!({"n": "5"})), json!({"n": 5}));
    assert_eq!(ok(&specs, json!({"n": " -12 "})), json!({"n": -12}));
    assert_eq!(ok(&specs, json!({"n": 5.0})), json!({"n": 5}));
    insta::assert_snapshot!(err(&specs, json!({"n": 5.5})), @"input `n`: expected an int, got `5.5` (hint: pass a whole number such as 5)");
    insta::assert_snapshot!(err(&specs, json!({"n": "five"})), @r#"input `n`: expected an int, got `"five"` (hint: pass a whole number such as 5)"#);
    insta::assert_snapshot!(err(&specs, json!({"n": true})), @"input `n`: expected an int, got `true`");
}

#[test]
fn decimal_accepts_ints_and_numeric_text() {
    let specs = [spec("d", InputType::Decimal)];
    assert_eq!(ok(&specs, json!({"d": 2})), json!({"d": 2.0}));
    assert_eq!(ok(&specs, json!({"d": "2.5"})), json!({"d": 2.5}));
    insta::assert_snapshot!(err(&specs, json!({"d": "NaN"})), @r#"input `d`: expected a decimal, got `"NaN"`"#);
}

#[test]
fn bool_accepts_the_usual_spellings() {
    let specs = [spec("b", InputType::Bool)];
    for (given, expected) in [
        (json!(true), true),
        (json!("true"), true),
        (json!("FALSE"), false),
        (json!("1"), true),
        (json!("0"), false),
        (json!(1), true),
        (json!(0), false),
    ] {
        assert_eq!(ok(&specs, json!({ "b": given })), json!({ "b": expected }));
    }
    insta::assert_snapshot!(err(&specs, json!({"b": "yes"})), @r#"input `b`: expected a bool, got `"yes"` (hint: use true, false, 1 or 0)"#);
    insta::assert_snapshot!(err(&specs, json!({"b": 2})), @"input `b`: expected a bool, got `2` (hint: use true, false, 1 or 0)");
}

#[test]
fn text_takes_numbers_and_booleans_as_their_text() {
    let specs = [spec("t", InputType::Text)];
    assert_eq!(ok(&specs, json!({"t": 42})), json!({"t": "42"}));
    assert_eq!(ok(&specs, json!({"t": 1.5})), json!({"t": "1.5"}));
    assert_eq!(ok(&specs, json!({"t": false})), json!({"t": "false"}));
    insta::assert_snapshot!(err(&specs, json!({"t": {"a": 1}})), @r#"input `t`: expected a text, got `{"a":1}`"#);
}

#[test]
fn email_is_trimmed_and_checked() {
    let specs = [spec("e", InputType::Email)];
    assert_eq!(
        ok(&specs, json!({"e": "  ops@example.com "})),
        json!({"e": "ops@example.com"})
    );
    insta::assert_snapshot!(err(&specs, json!({"e": "ops@example"})), @r#"input `e`: expected an email address, got `"ops@example"` (hint: write it like name@example.com)"#);
}

#[test]
fn timestamp_becomes_epoch_milliseconds() {
    let specs = [spec("at", InputType::Timestamp)];
    assert_eq!(
        ok(&specs, json!({"at": 1_700_000_000_000_i64})),
        json!({"at": 1_700_000_000_000_i64})
    );
    assert_eq!(
        ok(&specs, json!({"at": "2024-01-02T03:04:05Z"})),
        json!({"at": 1_704_164_645_000_i64})
    );
    assert_eq!(
        ok(&specs, json!({"at": "2024-01-02T04:04:05+01:00"})),
        json!({"at": 1_704_164_645_000_i64})
    );
    assert_eq!(
        ok(&specs, json!({"at": "1704164645000"})),
        json!({"at": 1_704_164_645_000_i64})
    );
    let now = ok(&specs, json!({"at": "now"}));
    assert!(
        now["at"].as_i64().is_some_and(|ms| ms > 1_704_164_645_000),
        "{now}"
    );
    insta::assert_snapshot!(err(&specs, json!({"at": "next tuesday"})), @r#"input `at`: expected a timestamp, got `"next tuesday"` (hint: pass epoch milliseconds, RFC 3339 text such as 2024-05-01T12:00:00Z, or now)"#);
}

#[test]
fn timestamp_default_now_is_the_time_of_the_run() {
    let specs = [with_default(spec("at", InputType::Timestamp), json!("now"))];
    let values = ok(&specs, json!({}));
    assert!(
        values["at"]
            .as_i64()
            .is_some_and(|ms| ms > 1_704_164_645_000),
        "{values}"
    );
}

#[test]
fn date_uuid_and_enum_check_their_format() {
    let specs = [
        spec("day", InputType::Date),
        spec("id", InputType::Uuid),
        InputSpec {
            enum_values: vec!["low".into(), "medium".into(), "high".into()],
            ..spec("priority", InputType::Enum)
        },
    ];
    assert_eq!(
        ok(
            &specs,
            json!({"day": "2024-02-29", "id": "123e4567-e89b-12d3-a456-426614174000", "priority": "high"})
        ),
        json!({"day": "2024-02-29", "id": "123e4567-e89b-12d3-a456-426614174000", "priority": "high"})
    );
    insta::assert_snapshot!(
        err(&specs, json!({"day": "2023-02-29", "id": "123", "priority": "hihg"})),
        @r#"
    input `day`: expected a date, got `"2023-02-29"` (hint: write it as YYYY-MM-DD)
    input `id`: expected a uuid, got `"123"` (hint: write it like 123e4567-e89b-12d3-a456-426614174000)
    input `priority`: expected one of `low`, `medium`, `high`, got `"hihg"` (hint: did you mean `high`?)
    "#
    );
}

#[test]
fn json_takes_any_value() {
    let specs = [spec("j", InputType::Json)];
    for value in [
        json!(1),
        json!("x"),
        json!([1, {"a": 2}]),
        json!({"k": [true]}),
    ] {
        assert_eq!(
            ok(&specs, json!({ "j": value.clone() })),
            json!({ "j": value })
        );
    }
}

#[test]
fn required_optional_nullable_follow_the_table_of_types_md() {
    // `text name`, `text? name`, `text name?`, `text? name?`
    let plain = spec("name", InputType::Text);
    let cases = [
        ("text name", plain.clone()),
        ("text? name", nullable(plain.clone())),
        ("text name?", optional(plain.clone())),
        ("text? name?", nullable(optional(plain))),
    ];
    let mut table = String::new();
    for (label, spec) in cases {
        let specs = [spec];
        let verdict = |provided: serde_json::Value| match run(&specs, provided) {
            Ok(values) => format!("ok {values}"),
            Err(errors) => format!("error: {errors}"),
        };
        table.push_str(&format!(
            "{label}\n  \"Alice\": {}\n  \"\": {}\n  null: {}\n  omitted: {}\n",
            verdict(json!({"name": "Alice"})),
            verdict(json!({"name": ""})),
            verdict(json!({"name": null})),
            verdict(json!({})),
        ));
    }
    insta::assert_snapshot!(table, @r#"
    text name
      "Alice": ok {"name":"Alice"}
      "": error: input `name`: is required and must not be empty (hint: pass a non-empty value, or declare the input optional (`name?`) to allow empty text)
      null: error: input `name`: must not be null (hint: pass a value)
      omitted: error: input `name`: is required but missing (hint: pass --input name=...)
    text? name
      "Alice": ok {"name":"Alice"}
      "": error: input `name`: is required and must not be empty (hint: pass a non-empty value, or declare the input optional (`name?`) to allow empty text)
      null: ok {"name":null}
      omitted: error: input `name`: is required but missing (hint: pass --input name=...)
    text name?
      "Alice": ok {"name":"Alice"}
      "": ok {"name":""}
      null: error: input `name`: must not be null (hint: pass a value or leave it out)
      omitted: ok {}
    text? name?
      "Alice": ok {"name":"Alice"}
      "": ok {"name":""}
      null: ok {"name":null}
      omitted: ok {}
    "#);
}

#[test]
fn defaults_fill_omitted_inputs_and_are_coerced() {
    let specs = [
        with_default(spec("limit", InputType::Int), json!(20)),
        with_default(spec("label", InputType::Text), json!(" hi ")),
        with_default(spec("count", InputType::Int), json!("7")),
    ];
    let specs = [
        specs[0].clone(),
        filtered(specs[1].clone(), "trim"),
        specs[2].clone(),
    ];
    assert_eq!(
        ok(&specs, json!({})),
        json!({"limit": 20, "label": "hi", "count": 7})
    );
    assert_eq!(
        ok(&specs, json!({"limit": "3"})),
        json!({"limit": 3, "label": "hi", "count": 7})
    );
}

#[test]
fn required_text_is_checked_for_emptiness_after_trim() {
    let specs = [filtered(spec("name", InputType::Text), "trim")];
    insta::assert_snapshot!(err(&specs, json!({"name": "   "})), @"input `name`: is required and must not be empty (hint: pass a non-empty value, or declare the input optional (`name?`) to allow empty text)");
}

fn owner_spec() -> InputSpec {
    InputSpec {
        schema: vec![
            spec("name", InputType::Text),
            optional(spec("address", InputType::Email)),
            InputSpec {
                schema: vec![spec("city", InputType::Text), spec("zip", InputType::Int)],
                ..spec("home", InputType::Object)
            },
        ],
        ..spec("owner", InputType::Object)
    }
}

#[test]
fn object_schema_errors_name_the_nested_path() {
    let specs = [owner_spec()];
    assert_eq!(
        ok(
            &specs,
            json!({"owner": {"name": "Ada", "home": {"city": "Paris", "zip": "75001"}}})
        ),
        json!({"owner": {"name": "Ada", "home": {"city": "Paris", "zip": 75001}}})
    );
    insta::assert_snapshot!(
        err(&specs, json!({"owner": {"address": "nope", "home": {"zip": "x"}}})),
        @r#"
    input `owner.name`: is required but missing (hint: add `name` to `owner`)
    input `owner.address`: expected an email address, got `"nope"` (hint: write it like name@example.com)
    input `owner.home.city`: is required but missing (hint: add `city` to `owner.home`)
    input `owner.home.zip`: expected an int, got `"x"` (hint: pass a whole number such as 5)
    "#
    );
    insta::assert_snapshot!(err(&specs, json!({"owner": [1]})), @r#"input `owner`: expected an object, got `[1]` (hint: pass a JSON object such as {"key": "value"})"#);
}

#[test]
fn object_without_schema_keeps_every_field_and_reads_json_text() {
    let specs = [spec("payload", InputType::Object)];
    assert_eq!(
        ok(&specs, json!({"payload": {"a": [1, 2]}})),
        json!({"payload": {"a": [1, 2]}})
    );
    assert_eq!(
        ok(&specs, json!({"payload": "{\"a\": 1}"})),
        json!({"payload": {"a": 1}})
    );
}

#[test]
fn undeclared_keys_are_dropped_with_a_warning() {
    let specs = [spec("scenario_name", InputType::Text), owner_spec()];
    let provided = object(json!({
        "scenario_name": "sync",
        "scenaro_nam": "typo",
        "owner": {"name": "Ada", "home": {"city": "Paris", "zip": 1}, "extra": 1}
    }));
    let validated = check_inputs(&specs, &provided).expect("valid");
    assert_eq!(
        Value::object(validated.values).to_json(),
        json!({"scenario_name": "sync", "owner": {"name": "Ada", "home": {"city": "Paris", "zip": 1}}})
    );
    let ignored: Vec<String> = validated.ignored.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(ignored.join("\n"), @r"
    input `owner.extra`: is not declared in the schema of `owner`, so it was ignored
    input `scenaro_nam`: is not declared in the function's inputs, so it was ignored (hint: did you mean `scenario_name`?)
    ");
}

#[test]
fn arrays_check_each_element_and_never_wrap_a_single_value() {
    let specs = [array(spec("tags", InputType::Int))];
    assert_eq!(
        ok(&specs, json!({"tags": [1, "2", 3.0]})),
        json!({"tags": [1, 2, 3]})
    );
    assert_eq!(ok(&specs, json!({"tags": []})), json!({"tags": []}));
    insta::assert_snapshot!(err(&specs, json!({"tags": [1, "x", null, 4.5]})), @r#"
    input `tags[1]`: expected an int, got `"x"` (hint: pass a whole number such as 5)
    input `tags[2]`: must not be null
    input `tags[3]`: expected an int, got `4.5` (hint: pass a whole number such as 5)
    "#);
    insta::assert_snapshot!(err(&specs, json!({"tags": 5})), @r#"input `tags`: expected an array of int, got `5` (hint: pass a JSON array, e.g. ["a", "b"]; one value is not wrapped into an array)"#);
}

#[test]
fn arrays_of_objects_report_element_paths() {
    let specs = [array(InputSpec {
        schema: vec![spec("id", InputType::Int)],
        ..spec("items", InputType::Object)
    })];
    insta::assert_snapshot!(err(&specs, json!({"items": [{"id": 1}, {}]})), @"input `items[1].id`: is required but missing (hint: add `id` to `items[1]`)");
}

#[test]
fn text_filters_transform_then_check() {
    let specs = [
        filtered(spec("user", InputType::Text), "trim|lower|min:3|max:8"),
        filtered(spec("code", InputType::Text), "upper|startsWith:SKU-"),
        filtered(spec("hex", InputType::Text), "ok:0123456789abcdef"),
        filtered(spec("title", InputType::Text), "prevent:admin"),
        filtered(spec("letters", InputType::Text), "alphaOk"),
        filtered(spec("pin", InputType::Text), "digitOk"),
        // The parser splits filter arguments on `:`; the pattern is put back together.
        filtered(spec("clock", InputType::Text), r"pattern:^\d\d:\d\d$"),
    ];
    let good = json!({
        "user": "  ADA ", "code": "sku-12", "hex": "beef", "title": "hello",
        "letters": "abc", "pin": "0042", "clock": "12:30"
    });
    assert_eq!(
        ok(&specs, good),
        json!({
            "user": "ada", "code": "SKU-12", "hex": "beef", "title": "hello",
            "letters": "abc", "pin": "0042", "clock": "12:30"
        })
    );
    let bad = json!({
        "user": " Al ", "code": "x", "hex": "xyz", "title": "the admin",
        "letters": "ab1", "pin": "12a", "clock": "1230"
    });
    insta::assert_snapshot!(err(&specs, bad), @r"
    input `user`: must be at least 3 characters long, got 2
    input `code`: must start with `SKU-`
    input `hex`: may only contain the characters `0123456789abcdef`
    input `title`: must not contain `admin`
    input `letters`: may only contain letters a-z and A-Z
    input `pin`: may only contain digits 0-9
    input `clock`: does not match the pattern `^\d\d:\d\d$`
    ");
}

#[test]
fn min_and_max_bound_numbers_and_array_lengths() {
    let specs = [
        filtered(spec("age", InputType::Int), "min:0|max:150"),
        filtered(array(spec("tags", InputType::Text)), "trim|min:1|max:2"),
    ];
    assert_eq!(
        ok(&specs, json!({"age": 30, "tags": [" a "]})),
        json!({"age": 30, "tags": ["a"]})
    );
    insta::assert_snapshot!(err(&specs, json!({"age": 200, "tags": ["a", "b", "c"]})), @r"
    input `age`: must be at most 150
    input `tags`: allows at most 2 items, got 3
    ");
    insta::assert_snapshot!(err(&specs, json!({"age": -1, "tags": []})), @r"
    input `age`: must be at least 0
    input `tags`: needs at least 1 item, got 0
    ");
}

#[test]
fn array_bounds_limit_length_and_leave_min_max_to_elements() {
    // `int[1:3] scores filters=min:0|max:100`
    let scores = InputSpec {
        array_bounds: Some(ArrayBounds {
            min: Some(1),
            max: Some(3),
        }),
        ..filtered(array(spec("scores", InputType::Int)), "min:0|max:100")
    };
    let specs = [scores];
    assert_eq!(
        ok(&specs, json!({"scores": [0, 100]})),
        json!({"scores": [0, 100]})
    );
    insta::assert_snapshot!(err(&specs, json!({"scores": [1, 2, 300, -1]})), @r"
    input `scores[2]`: must be at most 100
    input `scores[3]`: must be at least 0
    input `scores`: needs between 1 and 3 items, got 4
    ");
}

#[test]
fn every_problem_is_reported_at_once() {
    let specs = [
        spec("scenario_name", InputType::Text),
        spec("payload", InputType::Object),
        spec("count", InputType::Int),
        spec("when", InputType::Timestamp),
    ];
    insta::assert_snapshot!(err(&specs, json!({"payload": "nope", "count": "many", "when": null})), @r#"
    input `scenario_name`: is required but missing (hint: pass --input scenario_name=...)
    input `payload`: expected an object, got `"nope"` (hint: pass a JSON object such as {"key": "value"})
    input `count`: expected an int, got `"many"` (hint: pass a whole number such as 5)
    input `when`: must not be null (hint: pass a value)
    "#);
}

#[test]
fn sensitive_values_are_never_echoed() {
    let secret = "sk_live_DO_NOT_PRINT";
    let specs = [
        InputSpec {
            sensitive: true,
            ..filtered(spec("api_key", InputType::Int), "min:3")
        },
        spec("password", InputType::Password),
        InputSpec {
            sensitive: true,
            enum_values: vec!["sk_live_a".into()],
            ..spec("choice", InputType::Enum)
        },
        InputSpec {
            sensitive: true,
            schema: vec![spec("token", InputType::Email)],
            ..spec("creds", InputType::Object)
        },
    ];
    let errors = err(
        &specs,
        json!({"api_key": secret, "password": [secret], "choice": secret, "creds": {"token": secret}}),
    );
    assert!(!errors.contains(secret), "secret leaked:\n{errors}");
    assert!(!errors.contains("DO_NOT"), "secret leaked:\n{errors}");
    insta::assert_snapshot!(errors, @r"
    input `api_key`: expected an int, got a text value (hidden: the input is sensitive) (hint: pass a whole number such as 5)
    input `password`: expected a password, got an array value (hidden: the input is sensitive)
    input `choice`: expected one of `sk_live_a`, got a text value (hidden: the input is sensitive)
    input `creds.token`: expected an email address, got a text value (hidden: the input is sensitive) (hint: write it like name@example.com)
    ");
    let cli = parse_cli_value(&specs[0], secret).expect_err("not an int");
    assert!(!cli.to_string().contains(secret));
}

#[test]
fn cli_values_are_read_as_the_declared_type() {
    let int = spec("count", InputType::Int);
    let flag = spec("dry_run", InputType::Bool);
    let payload = spec("payload", InputType::Object);
    let tags = array(spec("tags", InputType::Text));
    let name = spec("scenario_name", InputType::Text);
    assert_eq!(parse_cli_value(&int, "42"), Ok(Value::Int(42)));
    assert_eq!(parse_cli_value(&flag, "true"), Ok(Value::Bool(true)));
    assert_eq!(parse_cli_value(&flag, "0"), Ok(Value::Bool(false)));
    assert_eq!(parse_cli_value(&name, "42"), Ok(Value::from("42")));
    assert_eq!(parse_cli_value(&name, "null"), Ok(Value::from("null")));
    assert_eq!(
        parse_cli_value(&nullable(int.clone()), "null"),
        Ok(Value::Null)
    );
    assert_eq!(
        parse_cli_value(&payload, r#"{"id": 1, "tags": ["a"]}"#),
        Ok(Value::from(json!({"id": 1, "tags": ["a"]})))
    );
    assert_eq!(
        parse_cli_value(&tags, r#"["a","b"]"#),
        Ok(Value::from(json!(["a", "b"])))
    );

    let show = |result: Result<Value, job_runner::job::InputProblem>| match result {
        Ok(value) => panic!("expected a problem, got {value:?}"),
        Err(problem) => problem.to_string(),
    };
    insta::assert_snapshot!(show(parse_cli_value(&int, "4x")), @r#"input `count`: expected an int, got `"4x"` (hint: pass a whole number such as 5)"#);
    insta::assert_snapshot!(show(parse_cli_value(&flag, "maybe")), @r#"input `dry_run`: expected a bool, got `"maybe"` (hint: use true, false, 1 or 0)"#);
    insta::assert_snapshot!(show(parse_cli_value(&payload, "{\"id\": 1,\n \"x\": }")), @r#"input `payload`: `--input payload` is not valid JSON: expected value at line 2 column 7 (hint: quote the JSON for your shell, e.g. --input payload='{"key": "value"}', or read it from a file with --input payload=@file.json)"#);
}

#[test]
fn password_complexity_filters_count_each_kind_of_character() {
    let strong = "min:8|minAlpha:2|minLowerAlpha:1|minUpperAlpha:1|minDigit:1|minSymbol:1";
    let specs = [filtered(spec("secret", InputType::Password), strong)];
    assert_eq!(
        ok(&specs, json!({ "secret": "Tr0ub4dor&3" })),
        json!({ "secret": "Tr0ub4dor&3" })
    );
    let problems = err(&specs, json!({ "secret": "abc" }));
    // Every rule the value breaks is reported, and the value itself never is.
    for kind in ["8 characters", "uppercase letters", "digits", "symbols"] {
        assert!(problems.contains(kind), "missing `{kind}` in:\n{problems}");
    }
    assert!(
        !problems.contains("abc"),
        "the password was echoed:\n{problems}"
    );
}
