//! Runaway jobs end with a clear `limit` error and exit code 1, and a JSON
//! report on stdout: never a hang, a crash, or memory that grows until the
//! machine gives out.

/// Writes a one-function job whose stack is `stack` and runs it with `flags`.
async fn run_stack(stack: &str, flags: &[&str]) -> std::process::Output {
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
    tokio::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"))
        .current_dir(dir.path())
        // Each test's run history in its own folder, not beside the jobs.
        .env("RUNNER_DATABASE_URL", "sqlite://history.sqlite")
        .arg("--jobs-dir")
        .arg(dir.path())
        .args(["execute", "--job", "Runaway"])
        .args(flags)
        .env_remove("RUST_LOG")
        .kill_on_drop(true)
        .output()
        .await
        .expect("runs")
}

/// Runs a job that must end with a limit error: (exit code, stderr).
async fn run_job(stack: &str, flags: &[&str]) -> (Option<i32>, String) {
    let output = run_stack(stack, flags).await;
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

/// Runs a job that must succeed: (exit code, stderr).
async fn run_ok(stack: &str, flags: &[&str]) -> (Option<i32>, String) {
    let output = run_stack(stack, flags).await;
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
    // The last doubling is refused before it is built.
    assert!(stderr.contains("`~` would build about"), "{stderr}");
    assert!(stderr.contains("error type: limit"), "{stderr}");
}

#[tokio::test]
async fn an_array_doubling_in_a_loop_hits_the_memory_limit() {
    // `merge` copies both halves into a new array: memory really doubles.
    let (code, stderr) = run_job(
        "var $r { value = [1] }\nfor (60) { each { var.update $r { value = $r|merge:$r } } }",
        &["--max-memory", "64"],
    )
    .await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("memory limit of 64 MB"), "{stderr}");
}

/// `[$r, $r]` shares `$r` twice: doubled 60 times it stays a few kilobytes
/// in memory (as in CPython), so the loop runs; but written out it would be
/// 2^60 values, and the response or a log line of it ends the run with a
/// limit error instead of exhausting the process.
#[tokio::test]
async fn a_shared_value_too_large_to_write_out_ends_with_a_limit_error() {
    let doubling =
        "var $r { value = [1] }\nfor (60) { each { var.update $r { value = [$r, $r] } } }";
    let (code, stderr) = run_ok(doubling, &["--max-memory", "64"]).await;
    assert_eq!(code, Some(0), "{stderr}");

    for written in [
        "debug.log { value = $r }",
        "var $out { value = $r }\nreturn { value = $out }",
    ] {
        let (code, stderr) =
            run_job(&format!("{doubling}\n{written}"), &["--max-memory", "64"]).await;
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            stderr.contains("writing this value out would take more than the memory left"),
            "{stderr}"
        );
    }
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
    // 16 MiB of `1,`: eight million values once decoded.
    let stack = "var $j { value = \"1,\" }\nfor (23) { each { var.update $j { value = $j ~ $j } } }\n\
        var $big { value = (\"[\" ~ $j ~ \"1]\")|json_decode }";
    let (code, stderr) = run_job(stack, &["--max-memory", "64"]).await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`json_decode` would build about"),
        "{stderr}"
    );
}

#[tokio::test]
async fn decoding_large_csv_is_refused_before_it_is_built() {
    builder_is_refused("($s|replace:\"x\":\",\")|csv_decode", "csv_decode").await;
}

/// 64 `x`: a replacement that makes each byte of the 16 MiB text 64 bytes.
const SIXTY_FOUR: &str = "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"";

#[tokio::test]
async fn replacing_each_byte_with_a_long_text_is_refused_before_it_is_built() {
    builder_is_refused(&format!("$s|replace:\"x\":{SIXTY_FOUR}"), "replace").await;
}

#[tokio::test]
async fn a_regex_replacement_that_grows_each_match_is_refused_as_it_grows() {
    builder_is_refused(
        &format!("\"/x/\"|regex_replace:{SIXTY_FOUR}:$s"),
        "regex_replace",
    )
    .await;
}

#[tokio::test]
async fn a_regex_that_matches_every_byte_is_refused_as_its_matches_are_collected() {
    builder_is_refused("\"/x/\"|regex_get_all_matches:$s", "regex_get_all_matches").await;
}

#[tokio::test]
async fn a_sprintf_width_larger_than_the_memory_left_is_refused_before_it_is_padded() {
    builder_is_refused("\"%999999999d\"|sprintf:1", "sprintf").await;
}

#[tokio::test]
async fn a_long_thousands_separator_on_a_long_number_is_refused_before_it_is_built() {
    builder_is_refused("1e300|number_format:0:\".\":$s", "number_format").await;
}

/// 32 MiB of `c`, built by doubling, in `$t`: a builder that makes two
/// bytes of each needs 64 MB, more than `--max-memory 64` leaves after it.
fn thirty_two_mib_of(c: &str) -> String {
    format!(
        "var $t {{ value = \"{c}\" }}\nfor (25) {{\n  each {{\n    var.update $t {{ value = $t ~ $t }}\n  }}\n}}"
    )
}

#[tokio::test]
async fn escaping_percent_encoding_and_hex_that_would_not_fit_are_refused() {
    for (c, build, filter) in [
        ("\\n", "$t|escape", "escape"),
        ("'", "$t|addslashes", "addslashes"),
        ("?", "$t|regex_quote", "regex_quote"),
        (" ", "$t|url_encode", "url_encode"),
        (" ", "$t|url_encode_rfc3986", "url_encode_rfc3986"),
        ("x", "$t|bin2hex", "bin2hex"),
        ("\\n", "$t|json_encode", "json_encode"),
        ("x", "[]|fill:400000:1|entries", "entries"),
    ] {
        let stack = format!("{}\nvar $big {{ value = {build} }}", thirty_two_mib_of(c));
        let (code, stderr) = run_job(&stack, &["--max-memory", "64"]).await;
        assert_eq!(code, Some(1), "{filter}: {stderr}");
        assert!(
            stderr.contains(&format!("`{filter}` would build about")),
            "{filter}: {stderr}"
        );
    }
}

#[tokio::test]
async fn yaml_aliases_that_expand_to_billions_of_nodes_are_refused_before_loading() {
    // Nine levels of nine aliases each: 9^9 nodes from 300 bytes of YAML.
    let mut yaml = String::from("a0: &a0 [x,x,x,x,x,x,x,x,x]\\n");
    for level in 1..9 {
        let previous = format!("*a{}", level - 1);
        let items = [previous.as_str(); 9].join(",");
        yaml.push_str(&format!("a{level}: &a{level} [{items}]\\n"));
    }
    let stack = format!("var $big {{ value = \"{yaml}\"|yaml_decode }}");
    let (code, stderr) = run_job(&stack, &["--max-memory", "64"]).await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`yaml_decode` would build about"),
        "{stderr}"
    );
}

#[tokio::test]
async fn yaml_encoding_a_deeply_nested_value_is_refused_as_its_indentation_grows() {
    // 200,000 items 300 levels down: 16 MB of values, and 120 MB of YAML,
    // since each of their lines is indented by 600 spaces.
    let stack = "var $deep { value = []|fill:200000:1 }\n\
        for (300) { each { var.update $deep { value = [$deep] } } }\n\
        var $y { value = $deep|yaml_encode }";
    let (code, stderr) = run_job(stack, &["--max-memory", "64"]).await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`yaml_encode` would build about"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_literal_that_copies_a_large_text_many_times_is_stopped_between_its_items() {
    let copies = vec!["$s"; 60].join(", ");
    let stack = format!("{SIXTEEN_MIB}\nvar $big {{ value = [{copies}] }}");
    let (code, stderr) = run_job(&stack, &["--max-memory", "64"]).await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("memory limit of 64 MB"), "{stderr}");
}

#[tokio::test]
async fn a_long_concatenation_chain_is_refused_before_the_text_outgrows_the_limit() {
    let chain = vec!["$s"; 60].join(" ~ ");
    let stack = format!("{SIXTEEN_MIB}\nvar $big {{ value = {chain} }}");
    let (code, stderr) = run_job(&stack, &["--max-memory", "64"]).await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("`~` would build about"), "{stderr}");
}

/// Values that grow a little each time round a loop (`~`, `|merge`,
/// `|append`, `text.append`, `array.push`, `|map` copying a large text per
/// item) are caught by the check between steps and between items.
#[tokio::test]
async fn growth_in_loops_and_per_item_is_caught_by_the_check_between_steps() {
    for grow in [
        "var $t { value = \"\" }\nfor (1000) { each { var.update $t { value = $t ~ $s } } }",
        "var $a { value = [1] }\nfor (60) { each { var.update $a { value = $a|merge:$a } } }",
        "var $a { value = [] }\nfor (1000) { each { var.update $a { value = $a|append:$s } } }",
        "var $t { value = \"\" }\nfor (1000) { each { text.append $t { value = $s } } }",
        "var $a { value = [] }\nfor (1000) { each { array.push $a { value = $s } } }",
        "var $m { value = (1..1000)|map:$s }",
    ] {
        let stack = format!("{SIXTEEN_MIB}\n{grow}");
        let (code, stderr) = run_job(&stack, &["--max-memory", "64"]).await;
        assert_eq!(code, Some(1), "{grow}: {stderr}");
        // Between steps ("grew past the memory limit of 64 MB") or, for
        // `~`, before the text that would pass it is built.
        assert!(stderr.contains("the memory limit"), "{grow}: {stderr}");
        assert!(stderr.contains("--max-memory"), "{grow}: {stderr}");
    }
}

#[tokio::test]
async fn the_size_checks_follow_the_memory_flag() {
    // 64 MB of text: past what 64 MB leaves, well within 512.
    let build = format!("{SIXTEEN_MIB}\nvar $big {{ value = $s|replace:\"x\":\"xxxx\" }}");
    let (code, stderr) = run_job(&build, &["--max-memory", "64"]).await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`replace` would build about 64 MB"),
        "{stderr}"
    );
    assert!(stderr.contains("--max-memory"), "{stderr}");
    let (code, stderr) = run_ok(&build, &["--max-memory", "512"]).await;
    assert_eq!(code, Some(0), "{stderr}");
}

/// Filters that build, with arguments that make them build a lot; `$w` is
/// a 64-byte text.
const BUILDERS: &[&str] = &[
    "replace:\"x\":$w",
    "regex_replace:$w:$s",
    "regex_get_all_matches:$s",
    "split:\"\"",
    "join:$s",
    "escape",
    "addslashes",
    "url_encode",
    "bin2hex",
    "base64_encode",
    "json_encode",
    "json_decode",
    "yaml_encode",
    "yaml_decode",
    "csv_decode",
    "entries",
    "fill:1000000",
    "fill_keys:(1..100000)",
    "sprintf:$s:$s",
    "number_format:0:\".\":$s",
    "regex_quote",
    "to_upper",
    "merge:$s",
    "append:$s",
    "map:$s",
    "concat:$s",
    "unique",
    "flatten",
];

/// What a chain starts from.
const SUBJECTS: &[&str] = &[
    "$s",
    "\"%999999999d\"",
    "\"/x/\"",
    "\"//\"",
    "1e300",
    "[]|fill:1000:$w",
    "$w|split:\"\"",
    "$d",
];

/// A small deterministic generator, so a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Random chains of builders over large values end cleanly (a result, or
/// an error with exit 1), never with an abort (134) or a panic. The seed
/// is fixed so that a failure repeats; `LIMITS_FUZZ_SEED` tries others.
#[tokio::test]
async fn random_chains_of_builders_end_cleanly_never_with_an_abort() {
    let seed = std::env::var("LIMITS_FUZZ_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(0x5eed_1234_u64);
    let mut random = XorShift(seed);
    for _ in 0..24 {
        let mut chain = format!("({})", SUBJECTS[random.below(SUBJECTS.len())]);
        for _ in 0..=random.below(3) {
            chain = format!("({chain}|{})", BUILDERS[random.below(BUILDERS.len())]);
        }
        let stack = format!(
            "{SIXTEEN_MIB}\n{SHARED}\nvar $w {{ value = {SIXTY_FOUR} }}\nvar $out {{ value = {chain} }}"
        );
        let output = run_stack(&stack, &["--max-memory", "64"]).await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "seed {seed}: {chain} ended with {:?}: {stderr}",
            output.status
        );
        assert!(
            !stderr.contains("panicked"),
            "seed {seed}: {chain}: {stderr}"
        );
        assert!(
            serde_json::from_slice::<serde_json::Value>(&output.stdout).is_ok(),
            "seed {seed}: {chain}: stdout is not JSON"
        );
    }
}

/// `$d` holds 2^40 ones as JSON, built in 40 steps: arrays share their
/// parts, so it is small in memory, but written out it is terabytes.
const SHARED: &str =
    "var $d { value = [1] }\nfor (40) {\n  each {\n    var.update $d { value = [$d, $d] }\n  }\n}";

#[tokio::test]
async fn writing_out_a_value_of_shared_parts_is_refused_not_attempted() {
    for (build, what) in [
        ("$d ~ \"\"", "writing this value out"),
        ("[$d]|join:\",\"", "`join` would write out"),
        ("$d|to_text", "`to_text` would write out"),
        ("$d|json_encode", "`json_encode` would build about"),
        ("$d|yaml_encode", "`yaml_encode` would build about"),
    ] {
        let started = std::time::Instant::now();
        let stack = format!("{SHARED}\nvar $out {{ value = {build} }}");
        let (code, stderr) = run_job(&stack, &["--max-memory", "64"]).await;
        assert_eq!(code, Some(1), "{build}: {stderr}");
        assert!(stderr.contains(what), "{build}: {stderr}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{build}"
        );
    }
}

#[tokio::test]
async fn copies_of_a_value_of_shared_parts_cost_their_slot_not_their_size() {
    // Filling with a shared array copies a pointer per item: no walk of its
    // 2^40 leaves, and no refusal.
    let stack = format!("{SHARED}\nvar $many {{ value = []|fill:1000:$d|count }}");
    let (code, stderr) = run_ok(&stack, &["--max-memory", "64"]).await;
    assert_eq!(code, Some(0), "{stderr}");
}
