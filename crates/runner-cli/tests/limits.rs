//! Runaway jobs end with a clear `limit` error and exit code 1: never a
//! hang, a crash, or memory that grows until the machine gives out.

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
    assert!(output.stdout.is_empty(), "no response on a limit error");
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
