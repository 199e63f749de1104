//! The generic engine behind `api.request`: one request, answers of any
//! status as replies, no redirects, a capped body, and errors that never show
//! the URL's path or query.

mod support;

use std::time::Duration;

use make_core::http::{HttpCall, HttpEngine, HttpEngineOptions, TransportError};
use serde_json::json;
use support::closed_port;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const QUERY_SECRET: &str = "qk_live_do_not_print";

fn engine() -> HttpEngine {
    HttpEngine::new(HttpEngineOptions::default()).expect("default options are valid")
}

fn call(method: &str, url: String) -> HttpCall {
    HttpCall {
        method: method.to_owned(),
        url,
        headers: Vec::new(),
        json_body: None,
        timeout: Duration::from_secs(5),
    }
}

#[tokio::test]
async fn send_returns_status_headers_and_parsed_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(header("authorization", "Bearer t"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-total", "2")
                .set_body_json(json!([{"id": 1}, {"id": 2}])),
        )
        .named("list items")
        .expect(1)
        .mount(&server)
        .await;
    let mut request = call("get", format!("{}/items", server.uri()));
    request.headers = vec![("Authorization".to_owned(), "Bearer t".to_owned())];

    let reply = engine().send(request).await.expect("the server answered");

    assert_eq!(reply.status, 200);
    assert_eq!(reply.body_json, Some(json!([{"id": 1}, {"id": 2}])));
    assert!(
        reply
            .headers
            .contains(&("x-total".to_owned(), "2".to_owned()))
    );
    assert!(!reply.truncated);
}

#[tokio::test]
async fn send_posts_the_json_body_with_its_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"name": "Ada"})))
        .respond_with(ResponseTemplate::new(201).set_body_string("created"))
        .named("create item")
        .expect(1)
        .mount(&server)
        .await;
    let mut request = call("POST", format!("{}/items", server.uri()));
    request.json_body = Some(json!({"name": "Ada"}));

    let reply = engine().send(request).await.expect("the server answered");

    assert_eq!((reply.status, reply.body_text.as_str()), (201, "created"));
    assert_eq!(reply.body_json, None);
}

#[tokio::test]
async fn send_treats_error_statuses_as_replies() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": "missing"})))
        .named("not found")
        .expect(1)
        .mount(&server)
        .await;

    let reply = engine()
        .send(call("GET", format!("{}/items/9", server.uri())))
        .await
        .expect("a 404 is an answer");

    assert_eq!(reply.status, 404);
    assert_eq!(reply.body_json, Some(json!({"error": "missing"})));
}

#[tokio::test]
async fn send_does_not_follow_redirects() {
    let server = MockServer::start().await;
    Mock::given(path("/old"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/new"))
        .named("moved")
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/new"))
        .respond_with(ResponseTemplate::new(200))
        .named("redirect target")
        .expect(0)
        .mount(&server)
        .await;

    let reply = engine()
        .send(call("POST", format!("{}/old", server.uri())))
        .await
        .expect("the redirect is the answer");

    assert_eq!(reply.status, 301);
}

#[tokio::test]
async fn send_keeps_only_the_capped_start_of_a_long_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("b".repeat(10_000)))
        .named("long answer")
        .expect(1)
        .mount(&server)
        .await;
    let engine = HttpEngine::new(HttpEngineOptions {
        max_response_bytes: 1_024,
        ..HttpEngineOptions::default()
    })
    .expect("valid options");

    let reply = engine
        .send(call("GET", server.uri()))
        .await
        .expect("the server answered");

    assert!(reply.truncated);
    assert_eq!(reply.body_text.len(), 1_024);
}

#[tokio::test]
async fn send_times_out_without_showing_the_path_or_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("key", QUERY_SECRET))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .named("slow api")
        .expect(1)
        .mount(&server)
        .await;
    let mut request = call(
        "GET",
        format!("{}/secret-path?key={QUERY_SECRET}", server.uri()),
    );
    request.timeout = Duration::from_millis(200);

    let error = engine().send(request).await.expect_err("too slow");

    assert!(matches!(error, TransportError::Timeout { .. }), "{error:?}");
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains(QUERY_SECRET) && !shown.contains("secret-path"),
        "{shown}"
    );
}

#[tokio::test]
async fn send_reports_a_refused_connection_without_showing_the_path_or_query() {
    let port = closed_port();
    let request = call(
        "GET",
        format!("http://127.0.0.1:{port}/secret-path?key={QUERY_SECRET}"),
    );

    let error = engine().send(request).await.expect_err("nothing listens");

    let TransportError::Connect { target, cause } = &error else {
        panic!("expected Connect, got {error:?}");
    };
    assert_eq!(target, &format!("http://127.0.0.1:{port}"));
    let shown = format!("{error} {error:?} {cause}");
    assert!(
        !shown.contains(QUERY_SECRET) && !shown.contains("secret-path"),
        "{shown}"
    );
}

#[tokio::test]
async fn send_rejects_a_bad_method_or_url_before_sending() {
    let bad_method = engine()
        .send(call("GE T", "http://127.0.0.1:9/".to_owned()))
        .await
        .expect_err("not a method");
    let bad_url = engine()
        .send(call("GET", "not a url".to_owned()))
        .await
        .expect_err("not a URL");

    insta::assert_snapshot!(bad_method.to_string(), @"invalid request: `GE T` is not an HTTP method");
    insta::assert_snapshot!(bad_url.to_string(), @"invalid request: the URL is not an absolute URL (relative URL without a base); write it with its scheme, e.g. `https://api.example.com/items`");
}
