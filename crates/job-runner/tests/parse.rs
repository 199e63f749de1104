//! Parser tests over `tests/inputs/parse/*.xs`, one behaviour per file.
//!
//! Each file is parsed and its tree printed compactly into a snapshot; files
//! named `err_*` snapshot the rendered diagnostic instead, and files named
//! `expr_*` hold a single expression. A second test feeds truncated and
//! mutated copies of every input to the parser to prove it never panics.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use job_runner::source::SourceFile;
use job_runner::syntax::ast::{
    Body, Call, Entry, Expr, ExprKind, InputBlock, Name, ObjectKey, PathStep, Target,
};
use job_runner::syntax::{MAX_NESTING, parse_document, parse_expression};

#[test]
fn parse_inputs() {
    insta::glob!("inputs/parse/*.xs", |path| {
        let text = std::fs::read_to_string(path).expect("test input is readable");
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        // A relative path keeps the rendered locations stable across machines.
        let file = SourceFile::new(format!("inputs/parse/{file_name}"), text);
        insta::assert_snapshot!(render(&file, &file_name));
    });
}

/// The tree (or the diagnostics) of one input file, as text.
fn render(file: &Arc<SourceFile>, file_name: &str) -> String {
    let is_expression = file_name.starts_with("expr_") || file_name.starts_with("err_expr_");
    let outcome = if is_expression {
        parse_expression(file).map(|expr| format!("{}\n", expr_text(&expr)))
    } else {
        parse_document(file).map(|document| {
            let mut out = String::new();
            if document.items.is_empty() {
                out.push_str("(empty document)\n");
            }
            for call in &document.items {
                write_call(&mut out, file, call, 0);
            }
            out
        })
    };
    match outcome {
        Ok(tree) if file_name.starts_with("err_") => format!("UNEXPECTED SUCCESS\n{tree}"),
        Ok(tree) => tree,
        Err(diagnostics) => diagnostics
            .iter()
            .map(|d| format!("{d}\n"))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

fn at(file: &SourceFile, offset: u32) -> String {
    let lc = file.line_col(offset);
    format!("{}:{}", lc.line, lc.column)
}

fn write_call(out: &mut String, file: &SourceFile, call: &Call, indent: usize) {
    let pad = "  ".repeat(indent);
    let _ = write!(out, "{pad}{} {}", at(file, call.span.start), call.name.text);
    match &call.target {
        Some(Target::Variable(target)) => {
            let _ = write!(out, " target=${}", target.root.text);
            for step in &target.path {
                match step {
                    PathStep::Field(name) => {
                        let _ = write!(out, ".{}", name.text);
                    }
                    PathStep::Index(index) => {
                        let _ = write!(out, "[{}]", expr_text(index));
                    }
                }
            }
        }
        Some(Target::Text(name)) => {
            let _ = write!(out, " target={:?}", name.text);
        }
        Some(Target::Word(name)) => {
            let _ = write!(out, " target=word:{}", name.text);
        }
        None => {}
    }
    if let Some(arg) = &call.arg {
        let _ = write!(out, " arg=({})", expr_text(arg));
    }
    if let Some(alias) = &call.alias {
        let _ = write!(out, " as ${}", alias.text);
    }
    if let Some(index) = &call.index_alias {
        let _ = write!(out, ", ${}", index.text);
    }
    if call.body.is_none() {
        out.push_str(" (no body)");
    }
    out.push('\n');
    if let Some(body) = &call.body {
        write_body(out, file, body, indent + 1);
    }
}

fn write_body(out: &mut String, file: &SourceFile, body: &Body, indent: usize) {
    let pad = "  ".repeat(indent);
    for entry in &body.entries {
        match entry {
            Entry::Attribute(attribute) => {
                let _ = writeln!(
                    out,
                    "{pad}{} {} = {}",
                    at(file, attribute.span.start),
                    attribute.key.text,
                    expr_text(&attribute.value)
                );
            }
            Entry::Call(call) => write_call(out, file, call, indent),
            Entry::Inputs(block) => write_inputs(out, file, block, indent),
        }
    }
}

fn write_inputs(out: &mut String, file: &SourceFile, block: &InputBlock, indent: usize) {
    let pad = "  ".repeat(indent);
    let _ = writeln!(
        out,
        "{pad}{} {} {{",
        at(file, block.span.start),
        block.keyword.text
    );
    for field in &block.fields {
        let _ = write!(
            out,
            "{pad}  {} {}",
            at(file, field.span.start),
            field.ty.text
        );
        if field.is_array {
            match field.bounds {
                Some(bounds) => {
                    let show = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
                    let _ = write!(out, "[{}:{}]", show(bounds.min), show(bounds.max));
                }
                None => out.push_str("[]"),
            }
        }
        if field.nullable {
            out.push_str(" nullable");
        }
        let _ = write!(out, " {}", field.name.text);
        if field.optional {
            out.push_str(" optional");
        }
        if let Some(default) = &field.default {
            let _ = write!(out, " default={}", expr_text(default));
        }
        if !field.filters.is_empty() {
            let filters: Vec<String> = field
                .filters
                .iter()
                .map(|f| {
                    if f.args.is_empty() {
                        f.name.text.clone()
                    } else {
                        format!("{}{:?}", f.name.text, f.args)
                    }
                })
                .collect();
            let _ = write!(out, " filters=[{}]", filters.join(", "));
        }
        out.push('\n');
        if let Some(body) = &field.body {
            write_body(out, file, body, indent + 2);
        }
    }
    let _ = writeln!(out, "{pad}}}");
}

fn key_text(name: &Name) -> String {
    let plain = !name.text.is_empty()
        && name
            .text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
    if plain {
        name.text.clone()
    } else {
        format!("{:?}", name.text)
    }
}

/// Expressions print fully parenthesised so precedence is visible.
fn expr_text(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Null => "null".to_owned(),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Int(n) => n.to_string(),
        ExprKind::Decimal(n) => format!("{n:?}"),
        ExprKind::Text(text) => format!("{text:?}"),
        ExprKind::Now => "now".to_owned(),
        ExprKind::Array(items) => {
            let items: Vec<String> = items.iter().map(expr_text).collect();
            format!("[{}]", items.join(", "))
        }
        ExprKind::Object(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(key, value)| {
                    let key = match key {
                        ObjectKey::Literal(name) => key_text(name),
                        ObjectKey::Computed(expr) => format!("[{}]", expr_text(expr)),
                    };
                    format!("{key}: {}", expr_text(value))
                })
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        ExprKind::Variable(name) => format!("${name}"),
        ExprKind::Field(base, name) => format!("{}.{}", expr_text(base), name.text),
        ExprKind::Index(base, index) => format!("{}[{}]", expr_text(base), expr_text(index)),
        ExprKind::Unary(op, operand) => {
            let symbol = match op {
                job_runner::syntax::ast::UnaryOp::Not => "!",
                job_runner::syntax::ast::UnaryOp::Negate => "-",
            };
            format!("({symbol}{})", expr_text(operand))
        }
        ExprKind::Binary(op, lhs, rhs) => {
            format!("({} {} {})", expr_text(lhs), op.symbol(), expr_text(rhs))
        }
        ExprKind::Filter { value, name, args } => {
            let subject = value.as_deref().map(expr_text).unwrap_or_default();
            let mut text = format!("({subject}|{}", name.text);
            for arg in args {
                let _ = write!(text, ":{}", expr_text(arg));
            }
            text.push(')');
            text
        }
        ExprKind::Backtick(inner) => format!("`{}`", expr_text(inner)),
        ExprKind::Call { name, args } => {
            let args: Vec<String> = args.iter().map(expr_text).collect();
            format!("{}({})", name.text, args.join(", "))
        }
        ExprKind::Range(start, end) => format!("({}..{})", expr_text(start), expr_text(end)),
        ExprKind::Ternary {
            condition,
            then,
            otherwise,
        } => format!(
            "({} ? {} : {})",
            expr_text(condition),
            expr_text(then),
            expr_text(otherwise)
        ),
        ExprKind::Spread(inner) => format!("...{}", expr_text(inner)),
    }
}

/// A tiny deterministic random source, so failures reproduce.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn parse_any(text: String) {
    let file = SourceFile::new("fuzz.xs", text);
    let _ = parse_document(&file);
    let _ = parse_expression(&file);
}

#[test]
fn parser_survives_truncated_and_mutated_inputs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inputs/parse");
    let mut inputs: Vec<String> = std::fs::read_dir(&dir)
        .expect("inputs folder exists")
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
        .collect();
    inputs.sort();
    assert!(inputs.len() > 10, "expected the parse inputs in {dir:?}");
    // Bytes that matter to the grammar, so mutations hit interesting paths.
    const ALPHABET: &[u8] = b"{}()[]\"'`$|:.,=!?-+*/%~<>&\\\n /* \xC3\xA9";
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    // `PARSE_MUTATION_ROUNDS=100000` turns this into a longer local fuzz run.
    let rounds: usize = std::env::var("PARSE_MUTATION_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    for text in &inputs {
        for (cut, _) in text.char_indices() {
            parse_any(text[..cut].to_owned());
        }
        for _ in 0..rounds {
            let mut bytes = text.clone().into_bytes();
            for _ in 0..=rng.below(4) {
                let at = rng.below(bytes.len());
                match rng.below(3) {
                    0 if !bytes.is_empty() => {
                        bytes.remove(at.min(bytes.len() - 1));
                    }
                    1 => bytes.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
                    _ => {
                        if let Some(byte) = bytes.get_mut(at) {
                            *byte = ALPHABET[rng.below(ALPHABET.len())];
                        }
                    }
                }
            }
            parse_any(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
}

#[test]
fn deep_nesting_is_a_diagnostic_not_a_stack_overflow() {
    for (open, close) in [("[", "]"), ("(", ")"), ("{a:", "}"), ("!", ""), ("-", "")] {
        let text = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
        let file = SourceFile::new("deep.xs", text);
        let errors = parse_expression(&file).expect_err("deep nesting is refused");
        assert_eq!(errors[0].message, "nesting is too deep", "for `{open}`");
    }
    let blocks = format!("{}{}", "stack {\n".repeat(100_000), "}\n".repeat(100_000));
    let errors = parse_document(&SourceFile::new("deep.xs", blocks)).expect_err("refused");
    assert_eq!(errors[0].message, "nesting is too deep");
}

#[test]
fn nesting_just_under_the_limit_parses() {
    let depth = MAX_NESTING - 1;
    let text = format!("{}1{}", "[(".repeat(depth / 2), ")]".repeat(depth / 2));
    let file = SourceFile::new("deep.xs", text);
    assert!(parse_expression(&file).is_ok());
}

/// Diagnostics on 200,000-character lines render clipped around the caret,
/// never panic (columns past 65,535 once broke the formatter), and keep
/// every printed line short.
#[test]
fn diagnostics_on_very_long_lines_render_clipped_around_the_caret() {
    let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
    const FILLER: &[&str] = &["1, ", "$a, ", "\"x\", ", "\"é\", ", "\t$b|trim, "];
    let check_rendered = |rendered: &str, context: &str| {
        for line in rendered.lines() {
            assert!(
                line.chars().count() < 400,
                "{context}: a rendered line of {} characters",
                line.chars().count()
            );
        }
    };
    for round in 0..8 {
        let filler = FILLER[rng.below(FILLER.len())];
        let mut line = String::from("function \"f\" {\n  response = [");
        let mut items = 0;
        while line.len() < 200_000 {
            line.push_str(filler);
            items += 1;
        }
        // An error after the last item, or between two items in the middle.
        let at = if round % 2 == 0 {
            line.len()
        } else {
            line.len() - (items / 3) * filler.len()
        };
        let broken = format!("{} @ {}]\n}}\n", &line[..at], &line[at..]);
        let file = SourceFile::new("long.xs", broken);
        let Err(diagnostics) = parse_document(&file) else {
            panic!("round {round}: the long line parsed although it holds `@`");
        };
        let rendered = diagnostics[0].to_string();
        check_rendered(&rendered, "parse error");
        let column = file.line_col(diagnostics[0].span.start).column;
        assert!(column > 65_535, "column {column}: {rendered}");
        assert!(
            rendered.contains('^') && rendered.contains('…'),
            "{rendered}"
        );
        // Arbitrary spans on the same file, some across the line break.
        let len = file.text().len();
        for _ in 0..25 {
            let start = rng.below(len);
            let end = start + rng.below(300_000);
            let diagnostic = job_runner::diagnostic::Diagnostic::error(
                &file,
                job_runner::source::Span::new(start, end.min(len + 10)),
                "somewhere",
            );
            check_rendered(&diagnostic.to_string(), "random span");
        }
    }
}

#[test]
fn a_chain_of_thousands_of_operators_is_a_diagnostic_not_a_stack_overflow() {
    let text = format!("1{}", " + 1".repeat(100_000));
    let file = SourceFile::new("chain.xs", text);
    let diagnostics = parse_expression(&file).expect_err("too long a chain");
    assert!(
        diagnostics[0]
            .message
            .contains("chains more than 1000 operators"),
        "{}",
        diagnostics[0]
    );
    let file = SourceFile::new("chain.xs", format!("1{}", " + 1".repeat(999)));
    assert!(parse_expression(&file).is_ok());
}
