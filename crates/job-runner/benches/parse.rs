//! Parse throughput over every `.xs` file of the test suites and the shipped
//! jobs, side by side with two yardsticks on the same number of bytes:
//!
//! - `baseline_byte_scan`: a lexer-only pass that splits the same XanoScript
//!   text into words, numbers, strings, comments and punctuation and counts
//!   them. It touches every byte once and builds nothing: the ceiling any
//!   parser of this text could approach.
//! - `baseline_serde_json`: `serde_json` building a `serde_json::Value`
//!   (objects keep their order, as ours do) from a JSON document of about the
//!   same size, made of the shipped job's input object repeated. A
//!   well-tuned production parser that also allocates an owned tree: the
//!   speed a tree-building parser can reasonably reach.
//!
//! Issue 3's target: `parse_document` at 50 MB/s or more.
//! Run: `cargo bench -p job-runner --bench parse`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use job_runner::source::SourceFile;
use job_runner::syntax::parse_document;

fn main() {
    let corpus = corpus();
    // Printed on purpose: what the MB/s below were measured over.
    #[allow(clippy::print_stdout)]
    {
        println!(
            "parse corpus: {} files that parse, {} bytes",
            corpus.files.len(),
            corpus.bytes
        );
    }
    divan::main();
}

struct Corpus {
    files: Vec<Arc<SourceFile>>,
    bytes: usize,
    json: String,
}

/// The files that parse without error: a file with an error stops the parser
/// early, which would inflate the bytes per second.
fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        collect_xs(&crate_dir.join("tests"), &mut paths);
        collect_xs(&crate_dir.join("../../jobs"), &mut paths);
        paths.sort();
        let files: Vec<_> = paths
            .iter()
            .filter_map(|path| {
                let text = std::fs::read_to_string(path).ok()?;
                let file = SourceFile::new(path.clone(), text);
                parse_document(&file).is_ok().then_some(file)
            })
            .collect();
        let bytes = files.iter().map(|file| file.text().len()).sum();
        Corpus {
            json: json_document(bytes),
            files,
            bytes,
        }
    })
}

fn collect_xs(dir: &Path, paths: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_xs(&path, paths);
        } else if path.extension().is_some_and(|ext| ext == "xs") {
            paths.push(path);
        }
    }
}

/// A JSON array of the shipped job's `main.input`, repeated up to `bytes`.
fn json_document(bytes: usize) -> String {
    const RECORD: &str = r#"{"scenario_name": "xano-data-sync", "payload": {"event": "user_signup", "user_id": 12345, "email": "user@example.com", "plan": "premium", "tags": ["a", "b", 3, 4.5, true, null], "timestamp": "2024-01-15T10:30:00Z"}}"#;
    let mut json = String::from("[\n");
    while json.len() + RECORD.len() + 3 < bytes {
        if json.len() > 2 {
            json.push_str(",\n");
        }
        json.push_str(RECORD);
    }
    json.push_str("\n]");
    json
}

#[divan::bench]
fn xanoscript_parse_document(bencher: Bencher) {
    let corpus = corpus();
    bencher.counter(BytesCount::new(corpus.bytes)).bench(|| {
        for file in &corpus.files {
            let _ = black_box(parse_document(black_box(file)));
        }
    });
}

#[divan::bench]
fn baseline_byte_scan(bencher: Bencher) {
    let corpus = corpus();
    bencher.counter(BytesCount::new(corpus.bytes)).bench(|| {
        corpus
            .files
            .iter()
            .map(|file| count_tokens(black_box(file.text().as_bytes())))
            .sum::<usize>()
    });
}

#[divan::bench]
fn baseline_serde_json(bencher: Bencher) {
    let json = &corpus().json;
    bencher
        .counter(BytesCount::new(json.len()))
        .bench(|| serde_json::from_str::<serde_json::Value>(black_box(json)).ok());
}

/// Counts tokens the way a minimal lexer would see them, allocating nothing.
fn count_tokens(text: &[u8]) -> usize {
    let mut tokens = 0;
    let mut i = 0;
    while i < text.len() {
        let byte = text[i];
        i += 1;
        match byte {
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            b'/' if text.get(i) == Some(&b'/') => {
                while i < text.len() && text[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b if b.is_ascii_alphanumeric() || b == b'_' || b == b'$' => {
                while i < text.len()
                    && (text[i].is_ascii_alphanumeric() || matches!(text[i], b'_' | b'.' | b'$'))
                {
                    i += 1;
                }
            }
            _ => {}
        }
        tokens += 1;
    }
    tokens
}
