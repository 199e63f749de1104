//! Values nested far deeper than any document (a value wrapped in itself
//! in a loop) and values whose shared parts make them astronomically large
//! when walked: dropping, comparing and writing them never crashes the
//! process. Writing one out past the nesting cap (2,000 levels) is a
//! `limit` error; anything else just works.

use std::process::{Command, Output};

/// Runs a one-function job whose stack is `stack` and response `response`.
fn run(stack: &str, response: &str) -> Output {
    run_with(stack, response, &[])
}

/// [`run`] with more arguments to `execute`.
fn run_with(stack: &str, response: &str, more: &[&str]) -> Output {
    run_in(&[], stack, response, more)
}

/// [`run_with`] in a job folder that also holds `files` (path, text).
fn run_in(files: &[(&str, &str)], stack: &str, response: &str, more: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    let job = dir.path().join("deep");
    std::fs::create_dir_all(job.join("function")).expect("mkdir");
    std::fs::write(
        job.join("run.xs"),
        "run.job \"Deep\" {\n  main = { name: \"run\" }\n}\n",
    )
    .expect("write run.xs");
    std::fs::write(
        job.join("function/run.xs"),
        format!("function \"run\" {{\n  stack {{\n{stack}\n  }}\n  response = {response}\n}}\n"),
    )
    .expect("write function");
    // Last, so that a `run.xs` among them replaces the plain one.
    for (path, text) in files {
        let path = job.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write a file");
    }
    Command::new(env!("CARGO_BIN_EXE_runner-cli"))
        .current_dir(dir.path())
        .arg("--jobs-dir")
        .arg(dir.path())
        .args(["execute", "--job", "Deep", "--no-history"])
        .args(more)
        .env_remove("RUST_LOG")
        .output()
        .expect("runs")
}

/// The run ended normally (no signal) with `code`; its stdout as JSON.
fn ended_with(output: &Output, code: i32) -> serde_json::Value {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

/// `$v` wrapped in an array `depth` times.
fn nest_array(depth: usize) -> String {
    format!(
        "var $v {{ value = 1 }}\nfor ({depth}) {{ each {{ var.update $v {{ value = [$v] }} }} }}"
    )
}

/// `$o` wrapped in an object `depth` times.
fn nest_object(depth: usize) -> String {
    format!(
        "var $o {{ value = 1 }}\nfor ({depth}) {{ each {{ var.update $o {{ value = {{ inner: $o }} }} }} }}"
    )
}

const DEEP: usize = 300_000;

#[test]
fn a_value_nested_300000_deep_is_dropped_without_a_crash() {
    let stack = format!("{}\n{}", nest_array(DEEP), nest_object(DEEP));
    assert_eq!(ended_with(&run(&stack, "1"), 0), 1);
}

#[test]
fn returning_a_value_nested_300000_deep_is_a_limit_error() {
    for stack in [nest_array(DEEP), nest_object(DEEP)] {
        let response = if stack.contains("$o") { "$o" } else { "$v" };
        let output = run(&stack, response);
        let report = ended_with(&output, 1);
        assert_eq!(report["error"]["type"], "limit", "{report}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("nested more than 2000 levels"), "{stderr}");
    }
}

#[test]
fn writing_a_value_nested_300000_deep_as_text_is_a_limit_error() {
    for write in [
        "var $t { value = $v|json_encode }",
        "var $t { value = $v|to_text }",
        "var $t { value = \"x\" ~ $v }",
        "debug.log { value = $v }",
    ] {
        let stack = format!("{}\n{write}", nest_array(DEEP));
        let output = run(&stack, "1");
        let report = ended_with(&output, 1);
        assert_eq!(report["error"]["type"], "limit", "{write}: {report}");
    }
}

#[test]
fn values_nested_300000_deep_compare_without_a_crash() {
    let stack = format!(
        "{}\nvar $a {{ value = $v }}\n{}\nvar $b {{ value = $v }}\n\
         var.update $b {{ value = [$b] }}",
        nest_array(DEEP),
        nest_array(DEEP).replace("var $v { value = 1 }", "var.update $v { value = 1 }")
    );
    let response = "{ loose: $a == $v, strict: $a === $v, differ: $a == $b }";
    let report = ended_with(&run(&stack, response), 0);
    assert_eq!(
        report,
        serde_json::json!({ "loose": true, "strict": true, "differ": false })
    );
}

#[test]
fn a_value_nested_within_the_cap_is_written_out_in_full() {
    let stack = format!("{}\nvar $t {{ value = $v|json_encode }}", nest_array(1_999));
    // 1,999 brackets each side of the 1.
    assert_eq!(ended_with(&run(&stack, "$t|strlen"), 0), 1_999 * 2 + 1);
    // The response itself, read as text: serde_json's reader stops at 128.
    let output = run(&stack, "{ v: $v }");
    assert_eq!(output.status.code(), Some(0));
    let written: String = String::from_utf8_lossy(&output.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let expected = format!("{{\"v\":{}1{}}}", "[".repeat(1_999), "]".repeat(1_999));
    assert_eq!(written, expected);
}

#[test]
fn equal_shared_values_built_apart_compare_in_linear_time() {
    // Each is 2^60 items when walked; the pairs of shared parts are
    // compared once each.
    let double = |name: &str| {
        format!(
            "var ${name} {{ value = [1] }}\nfor (60) {{ each {{ var.update ${name} {{ value = [${name}, ${name}] }} }} }}"
        )
    };
    let stack = format!(
        "{}\n{}\nvar $c {{ value = [$a, [$b, $b]] }}\nvar $d {{ value = [$b, [$a, $a]] }}",
        double("a"),
        double("b")
    );
    let started = std::time::Instant::now();
    let report = ended_with(
        &run(
            &stack,
            "{ loose: $a == $b, strict: $a === $b, mixed: $c == $d }",
        ),
        0,
    );
    assert_eq!(
        report,
        serde_json::json!({ "loose": true, "strict": true, "mixed": true })
    );
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

/// `$a` and `$b`: equal, 200 × 200 × 200 items once walked, and small in
/// memory: `$a` holds 200 arrays of 200 copies of one shared part each,
/// `$b` 200 copies of one array of 200 distinct parts. Every part of one
/// meets every part of the other: 8 million pairs of items.
const CROSSED: &str = "var $ps { value = [] }
var $qs { value = [] }
for (200) { each {
  array.push $ps { value = 0|fill:200 }
  array.push $qs { value = 0|fill:200 }
} }
var $a { value = [] }
foreach ($ps) { each as $p { array.push $a { value = $p|fill:200 } } }
var $b { value = $qs|fill:200 }";

#[test]
fn comparing_values_whose_parts_cross_past_the_budget_is_a_limit_error() {
    // 32 MB leave two million pairs a step.
    for compare in [
        "var $t { value = $a == $b }",
        "var $t { value = $a !== $b }",
        "var $t { value = $a|equals:$b }",
        "var $t { value = [$a]|in:$b }",
        "var $t { value = [$a]|contains:$b }",
        "var $t { value = [$a, $b]|unique }",
        "var $t { value = [$a]|diff:[$b] }",
        "var $t { value = [$a]|remove:$b }",
        "var $t { value = [$a] contains $b }",
        "switch ($a) { case ($b) { var $t { value = 1 } } break }",
    ] {
        let stack = format!("{CROSSED}\n{compare}");
        let output = run_with(&stack, "1", &["--max-memory", "32"]);
        let report = ended_with(&output, 1);
        assert_eq!(report["error"]["type"], "limit", "{compare}: {report}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--max-memory"), "{compare}: {stderr}");
    }
}

#[test]
fn values_whose_parts_cross_compare_within_a_larger_budget() {
    // 256 MB leave 16 million pairs a step: enough for all 8 million.
    let stack = format!("{CROSSED}\nvar $t {{ value = $a == $b }}");
    let report = ended_with(&run_with(&stack, "$t", &["--max-memory", "256"]), 0);
    assert_eq!(report, serde_json::json!(true));
}

#[test]
fn a_loop_of_long_comparisons_stops_at_the_run_time_limit() {
    // Each comparison fits its budget (16 million pairs), but 100 of them
    // take several seconds in far fewer than the 1,024 steps between two
    // looks at the clock; each long one looks at it.
    let stack = format!("{CROSSED}\nfor (100) {{ each {{ var $t {{ value = $a == $b }} }} }}");
    let started = std::time::Instant::now();
    let output = run_with(&stack, "1", &["--max-memory", "256", "--max-run-time", "1"]);
    let report = ended_with(&output, 1);
    assert_eq!(report["error"]["type"], "limit", "{report}");
    assert!(started.elapsed().as_secs() < 8, "{:?}", started.elapsed());
}

/// Ends with a limit error that says the value nests too deep.
fn assert_too_deep(output: &Output, what: &str) {
    let report = ended_with(output, 1);
    assert_eq!(report["error"]["type"], "limit", "{what}: {report}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("nested more than 2000 levels"),
        "{what}: {stderr}"
    );
}

#[test]
fn flattening_a_value_nested_3000000_deep_gives_its_one_item() {
    // The interpreter's thread has a 256 MB stack: 300,000 levels of a
    // recursive flatten fit in it, ten times as many do not.
    let stack = format!(
        "{}\nvar $flat {{ value = $v|flatten }}",
        nest_array(10 * DEEP)
    );
    assert_eq!(ended_with(&run(&stack, "$flat"), 0), serde_json::json!([1]));
}

#[test]
fn yaml_encoding_a_value_nested_300000_deep_is_a_limit_error() {
    for stack in [nest_array(DEEP), nest_object(DEEP)] {
        let value = if stack.contains("$o") { "$o" } else { "$v" };
        let stack = format!("{stack}\nvar $t {{ value = {value}|yaml_encode }}");
        assert_too_deep(&run(&stack, "1"), "yaml_encode");
    }
}

#[test]
fn sending_a_value_nested_300000_deep_in_a_request_is_a_limit_error() {
    // Refused before anything is sent: nothing listens on port 9.
    let stack = format!(
        "{}\napi.request {{\n  url = \"http://127.0.0.1:9/\"\n  method = \"POST\"\n  params = {{ v: $v }}\n}} as $r",
        nest_array(DEEP)
    );
    assert_too_deep(&run(&stack, "1"), "api.request");
}

#[test]
fn triggering_a_scenario_with_a_value_nested_300000_deep_is_a_limit_error() {
    let stack = format!(
        "{}\nmake.trigger_scenario {{\n  webhook_url = $env.make_webhook_url\n  scenario_name = \"deep\"\n  payload = {{ v: $v }}\n}} as $sent",
        nest_array(DEEP)
    );
    let run_job = (
        "run.xs",
        "run.job \"Deep\" {\n  main = { name: \"run\" }\n  env = [\"make_webhook_url\"]\n}\n",
    );
    let output = run_in(
        &[run_job],
        &stack,
        "1",
        &[
            "--sandbox",
            "--env",
            "make_webhook_url=https://hook.eu1.make.com/abcdefghijklmnopqrstuvwxyz012345",
        ],
    );
    assert_too_deep(&output, "make.trigger_scenario");
}

#[test]
fn a_database_statement_given_a_value_nested_300000_deep_is_a_limit_error() {
    let table = [(
        "tables/note.xs",
        "table \"note\" {\n  schema {\n    int id\n    json body\n  }\n}\n",
    )];
    for statement in [
        "db.add \"note\" { data = { body: $v } } as $added",
        "db.get \"note\" {\n  field_name = \"body\"\n  field_value = $v\n} as $got",
        "db.query \"note\" { where = $db.note.body == $v } as $found",
        "db.direct_query { sql = \"select 1\" arg = [$v] } as $rows",
    ] {
        let stack = format!("{}\n{statement}", nest_array(DEEP));
        assert_too_deep(&run_in(&table, &stack, "1", &[]), statement);
    }
}

#[test]
fn a_response_nested_to_the_cap_is_redacted_in_full() {
    // Redaction walks the response as JSON, recursively: values reach it
    // cut at the cap (to_json) or parsed (128 levels), and this is the
    // deepest a response can be.
    let secret = "k3y-Deep-Redacted-9f8e7d";
    let run_job = (
        "run.xs",
        "run.job \"Deep\" {\n  main = { name: \"run\" }\n  env = [\"make_api_key\"]\n}\n",
    );
    let stack = "var $v { value = $env.make_api_key }\nfor (1999) { each { var.update $v { value = [$v] } } }";
    let output = run_in(
        &[run_job],
        stack,
        "{ v: $v }",
        &["--env", &format!("make_api_key={secret}")],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains(secret), "{stdout}");
    let opened = stdout.lines().filter(|line| line.ends_with('[')).count();
    assert_eq!(opened, 1_999, "{stdout}");
}
