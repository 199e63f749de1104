//! Runaway jobs end with a clear `limit` error and exit code 1, and a JSON
//! report on stdout: never a hang, a crash, or memory that grows until the
//! machine gives out.

/// Writes a one-function job whose stack is `stack` and runs it with `flags`.
async fn run_job(stack: &str, flags: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let job = dir.path().join("runaway");
    std::fs::create_dir_all(job.join("function")).expect("mkdir");
    std::fs::write(
        job.join("run.xs"),
        "run.job \"Runaway\" {\n  main = { name: \"run\" }\n}\n",
    )
    .expect("write run.xs");
    std::fs::write(
        job.join("function/run.xs"),
        format!("function \"run\" {{\n  stack {{\n{stack}\n  }}\n  response = 1\n}}\n"),
    )
    .expect("write run.xs");
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"))
        .current_dir(dir.path())
        .arg("--jobs-dir")
        .arg(dir.path())
        .args(["execute", "--job", "Runaway"])
        .args(flags)
        .env_remove("RUST_LOG")
        .output()
        .await
        .expect("runs");
    // No response, but a report `| jq` can read: status `error`, type `limit`.
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is a JSON report");
    assert_eq!(report["status"], "error", "{report}");
    assert_eq!(report["error"]["type"], "limit", "{report}");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn a_text_doubling_in_a_loop_hits_the_memory_limit() {
    let (code, stderr) = run_job(
        "var $r { value = \"x\" }\nfor (60) { each { var.update $r { value = $r ~ $r } } }",
        &["--max-memory", "64"],
    )
    .await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("memory limit of 64 MB"), "{stderr}");
    assert!(stderr.contains("error type: limit"), "{stderr}");
}

#[tokio::test]
async fn an_array_doubling_in_a_loop_hits_the_memory_limit() {
    let (code, stderr) = run_job(
        "var $r { value = [1] }\nfor (60) { each { var.update $r { value = [$r, $r] } } }",
        &["--max-memory", "64"],
    )
    .await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("memory limit of 64 MB"), "{stderr}");
}

#[tokio::test]
async fn an_endless_loop_hits_the_loop_limit() {
    let (code, stderr) = run_job(
        "var $i { value = 0 }\nwhile (true) { each { var.update $i { value = $i + 1 } } }",
        &["--max-loop-iterations", "5000"],
    )
    .await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("more than 5000 iterations"), "{stderr}");
}

#[tokio::test]
async fn a_slow_job_hits_the_run_time_limit() {
    let (code, stderr) = run_job(
        "var $i { value = 0 }\nwhile (true) { each { var.update $i { value = $i + 1 } } }",
        &[
            "--max-run-time",
            "0.2",
            "--max-loop-iterations",
            "1000000000",
            "--max-steps",
            "100000000000",
        ],
    )
    .await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("ran longer than"), "{stderr}");
}

/// The shipped Make job, on the sandbox, with `flags`: (exit code, stderr).
fn run_make_job(flags: &[&str]) -> (Option<i32>, String) {
    let jobs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../jobs");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"))
        .arg("--jobs-dir")
        .arg(jobs)
        .args(["execute", "--job", "Trigger Make Scenario", "--sandbox"])
        .args(flags)
        .env_remove("RUST_LOG")
        .output()
        .expect("runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn a_device_that_never_ends_is_refused_as_an_input_file_at_once() {
    for flags in [
        ["--input-file", "/dev/zero"],
        ["--input", "payload=@/dev/zero"],
    ] {
        let started = std::time::Instant::now();
        let (code, stderr) = run_make_job(&flags);
        assert_eq!(code, Some(65), "{flags:?}: {stderr}");
        assert!(stderr.contains("is a device, not a file"), "{stderr}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}

#[test]
fn an_input_file_over_the_cap_is_refused_with_the_flag_that_raises_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.json");
    let blob = "x".repeat(2 * 1024 * 1024);
    std::fs::write(&big, format!("{{\"payload\": {{\"blob\": \"{blob}\"}}}}")).expect("write");
    let path = big.to_str().expect("utf-8 path");
    let (code, stderr) = run_make_job(&["--input-file", path, "--max-input-file", "1"]);
    assert_eq!(code, Some(65), "{stderr}");
    assert!(stderr.contains("is larger than 1 MB"), "{stderr}");
    assert!(stderr.contains("--max-input-file"), "{stderr}");
}

#[test]
fn an_input_file_with_a_byte_order_mark_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("inputs.json");
    std::fs::write(&file, "\u{feff}{\"scenario_name\": \"bom\"}").expect("write");
    let (code, stderr) = run_make_job(&["--input-file", file.to_str().expect("utf-8")]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_timeout_of_zero_is_a_usage_error() {
    let (code, stderr) = run_make_job(&["--timeout", "0"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("more than 0 seconds"), "{stderr}");
}

#[test]
fn an_api_key_with_a_newline_is_a_configuration_error_before_the_run() {
    let jobs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../jobs");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"))
        .arg("--jobs-dir")
        .arg(jobs)
        .args(["execute", "--job", "Trigger Make Scenario", "--sandbox"])
        .env_remove("RUST_LOG")
        .env("make_api_key", "mk-key-Zx81Lq0s9\n")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(78), "{stderr}");
    assert!(stderr.contains("line break"), "{stderr}");
    assert!(!stderr.contains("Zx81Lq0s9"), "{stderr}");
    assert!(
        !stderr.contains("sandbox: received"),
        "nothing was sent: {stderr}"
    );
}

#[tokio::test]
async fn a_fill_larger_than_the_memory_limit_ends_the_run_before_it_allocates() {
    let started = std::time::Instant::now();
    let (code, stderr) = run_job(
        "var $s { value = []|fill:1024:\"x\"|join:\"\" }\nvar $big { value = []|fill:10000000:$s }",
        &[],
    )
    .await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("`fill` would build about"), "{stderr}");
    assert!(stderr.contains("error type: limit"), "{stderr}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

/// A function that calls itself until the depth limit stops it.
const RECURSION: &str = r#"function "rec" {
  input {
    int n
  }
  stack {
    var $out { value = $input.n }
    conditional {
      if ($input.n < 100000000) {
        function.run "rec" {
          input = { n: $input.n + 1 }
        } as $out
      }
    }
  }
  response = $out
}
"#;

#[test]
fn the_deepest_call_depth_allowed_ends_with_a_limit_error_not_a_stack_overflow() {
    let dir = tempfile::tempdir().expect("temp dir");
    let job = dir.path().join("rec");
    std::fs::create_dir_all(job.join("function")).expect("mkdir");
    std::fs::write(
        job.join("run.xs"),
        "run.job \"Rec\" {\n  main = { name: \"rec\", input: { n: 0 } }\n}\n",
    )
    .expect("run.xs");
    std::fs::write(job.join("function/rec.xs"), RECURSION).expect("rec.xs");
    let run = |depth: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"))
            .arg("--jobs-dir")
            .arg(dir.path())
            .args(["execute", "--job", "Rec", "--max-call-depth", depth])
            .env_remove("RUST_LOG")
            .output()
            .expect("runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stderr) = run("20000");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("nested deeper than 20000"), "{stderr}");
    let (code, stderr) = run("50000");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("1..=20000"), "{stderr}");
}

/// A text of 2^24 bytes (16 MiB), built by doubling: cheap to make, and
/// large enough that what the builders below would make of it is past the
/// allocator's hard cap at `--max-memory 64` (4 × 64 MB + 512 MB): without
/// a size check first, the process would abort.
const SIXTEEN_MIB: &str =
    "var $s { value = \"x\" }\nfor (24) {\n  each {\n    var.update $s { value = $s ~ $s }\n  }\n}";

async fn builder_is_refused(build: &str, filter: &str) {
    let stack = format!("{SIXTEEN_MIB}\nvar $big {{ value = {build} }}");
    let (code, stderr) = run_job(&stack, &["--max-memory", "64"]).await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("`{filter}` would build about")),
        "{stderr}"
    );
}

#[tokio::test]
async fn splitting_a_large_text_into_characters_is_refused_before_it_is_built() {
    builder_is_refused("$s|split:\"\"", "split").await;
}

#[tokio::test]
async fn joining_with_a_large_separator_is_refused_before_it_is_built() {
    builder_is_refused("[]|fill:1000:1|join:$s", "join").await;
}

#[tokio::test]
async fn filling_many_keys_with_a_large_value_is_refused_before_it_is_built() {
    builder_is_refused("$s|fill_keys:(1..1000)", "fill_keys").await;
}

#[tokio::test]
async fn decoding_a_large_json_array_is_refused_before_it_is_built() {
    builder_is_refused(
        "(\"[\" ~ ($s|replace:\"x\":\"1,\") ~ \"1]\")|json_decode",
        "json_decode",
    )
    .await;
}

#[tokio::test]
async fn decoding_large_csv_is_refused_before_it_is_built() {
    builder_is_refused("($s|replace:\"x\":\",\")|csv_decode", "csv_decode").await;
}
