//! Fuzz target: any bytes through the parser, as a whole `.xs` document and
//! as a lone expression, rendering every diagnostic as the CLI would.
//!
//! The parser must return an AST or a diagnostic for every input: never
//! panic, overflow its stack or loop forever.

#![no_main]

use job_runner::source::SourceFile;
use job_runner::syntax::{parse_document, parse_expression};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The loader only hands the parser valid UTF-8; lossy decoding keeps the
    // mutated inputs that break UTF-8 useful instead of discarding them.
    let text = String::from_utf8_lossy(data).into_owned();
    let file = SourceFile::new("fuzz/input.xs", text);
    if let Err(diagnostics) = parse_document(&file) {
        for diagnostic in diagnostics {
            // Rendering computes line/column and slices the source: it must
            // hold for whatever span the parser reported.
            std::hint::black_box(diagnostic.to_string());
        }
    }
    if let Err(diagnostics) = parse_expression(&file) {
        for diagnostic in diagnostics {
            std::hint::black_box(diagnostic.to_string());
        }
    }
});
