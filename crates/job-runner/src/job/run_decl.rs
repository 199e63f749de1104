//! Reading `run.xs`: the one `run.job "Name" { main = {..} env = [..] }`.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::job::constant::{NotConstant, NowPolicy, constant_value, literal_key};
use crate::source::{SourceFile, Span};
use crate::suggest;
use crate::syntax::ast::{self, Entry, ExprKind, Target};
use crate::value::Object;

const RUN_JOB_ATTRIBUTES: &[&str] = &["description", "main", "env"];
const MAIN_KEYS: &[&str] = &["name", "input"];

const RUN_JOB_EXAMPLE: &str =
    "write `run.job \"My Job\" { main = { name: \"my_function\", input: {} } }`";

/// What `run.job` declares, as far as it could be read.
#[derive(Debug, Default)]
pub(crate) struct RunDecl {
    pub(crate) name: Option<(String, Span)>,
    pub(crate) description: Option<String>,
    /// `main.name` and its span, for "unknown function" diagnostics.
    pub(crate) main: Option<(String, Span)>,
    pub(crate) main_input: Object,
    /// Each key of `main.input` with the span of its value.
    pub(crate) main_input_spans: Vec<(String, Span)>,
    pub(crate) main_input_span: Option<Span>,
    pub(crate) env: Vec<String>,
}

/// Reads the `run.job` of a parsed `run.xs`, pushing every problem found.
pub(crate) fn read_run_decl(
    file: &Arc<SourceFile>,
    document: &ast::Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> RunDecl {
    let mut decl = RunDecl::default();
    let mut seen_job = false;
    for item in &document.items {
        match item.name.text.as_str() {
            "run.job" if seen_job => diagnostics.push(
                Diagnostic::error(file, item.name.span, "a second `run.job` in run.xs")
                    .with_hint("a job folder runs one job: move this one to a folder of its own"),
            ),
            "run.job" => {
                seen_job = true;
                read_run_job(file, item, &mut decl, diagnostics);
            }
            "run.service" => diagnostics.push(
                Diagnostic::error(
                    file,
                    item.name.span,
                    "`run.service` is not supported: this runner runs `run.job` jobs",
                )
                .with_hint(RUN_JOB_EXAMPLE),
            ),
            other => diagnostics.push(
                Diagnostic::error(
                    file,
                    item.name.span,
                    format!("unexpected `{other}` in run.xs"),
                )
                .with_hint("run.xs holds one `run.job`; functions go in function/*.xs"),
            ),
        }
    }
    if !seen_job {
        diagnostics.push(
            Diagnostic::error(file, Span::default(), "run.xs has no `run.job`")
                .with_hint(RUN_JOB_EXAMPLE),
        );
    }
    decl
}

fn read_run_job(
    file: &Arc<SourceFile>,
    call: &ast::Call,
    decl: &mut RunDecl,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match &call.target {
        Some(Target::Text(name) | Target::Word(name)) if !name.text.trim().is_empty() => {
            decl.name = Some((name.text.clone(), name.span));
        }
        _ => diagnostics.push(
            Diagnostic::error(file, call.name.span, "`run.job` has no name")
                .with_hint("write `run.job \"My Job\" { ... }`"),
        ),
    }
    let Some(body) = &call.body else {
        diagnostics.push(
            Diagnostic::error(file, call.span, "`run.job` has no `{ ... }` block")
                .with_hint(RUN_JOB_EXAMPLE),
        );
        return;
    };
    let mut main_seen = false;
    for entry in &body.entries {
        match entry {
            Entry::Attribute(attribute) => match attribute.key.text.as_str() {
                "description" => match &attribute.value.kind {
                    ExprKind::Text(text) => {
                        decl.description = Some(text.clone());
                        diagnostics.push(
                            Diagnostic::warning(
                                file,
                                attribute.key.span,
                                "`description` is not valid on `run.job`: Xano's validator rejects it (\"not valid in this context\")",
                            )
                            .with_hint("move it into the main function: `description = \"...\"` inside `function \"name\" { ... }`; `runner-cli list` shows the function's description"),
                        );
                    }
                    _ => diagnostics.push(Diagnostic::error(
                        file,
                        attribute.value.span,
                        "`description` must be text",
                    )),
                },
                "main" => {
                    main_seen = true;
                    read_main(file, &attribute.value, decl, diagnostics);
                }
                "env" => read_env(file, &attribute.value, decl, diagnostics),
                other => diagnostics.push(unknown_attribute(
                    file,
                    attribute.key.span,
                    other,
                    "run.job",
                    RUN_JOB_ATTRIBUTES,
                )),
            },
            Entry::Call(inner) => diagnostics.push(
                Diagnostic::error(
                    file,
                    inner.name.span,
                    format!("unexpected `{}` in `run.job`", inner.name.text),
                )
                .with_hint("`run.job` takes the attributes description, main and env"),
            ),
            Entry::Inputs(block) => diagnostics.push(
                Diagnostic::error(
                    file,
                    block.keyword.span,
                    format!("unexpected `{}` block in `run.job`", block.keyword.text),
                )
                .with_hint("inputs are declared by the function; give values in `main.input`"),
            ),
        }
    }
    if !main_seen {
        diagnostics.push(
            Diagnostic::error(file, call.name.span, "`run.job` has no `main`")
                .with_hint("add `main = { name: \"my_function\", input: {} }`"),
        );
    }
}

pub(crate) fn unknown_attribute(
    file: &Arc<SourceFile>,
    span: Span,
    key: &str,
    owner: &str,
    known: &[&str],
) -> Diagnostic {
    let hint = suggest::did_you_mean(key, known.iter().copied())
        .unwrap_or_else(|| format!("`{owner}` takes {}", suggest::quoted_list(known)));
    Diagnostic::warning(
        file,
        span,
        format!("unknown attribute `{key}` in `{owner}`"),
    )
    .with_hint(hint)
}

fn read_main(
    file: &Arc<SourceFile>,
    value: &ast::Expr,
    decl: &mut RunDecl,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let ExprKind::Object(entries) = &value.kind else {
        diagnostics.push(
            Diagnostic::error(file, value.span, "`main` must be an object")
                .with_hint("write `main = { name: \"my_function\", input: {} }`"),
        );
        return;
    };
    let mut name_seen = false;
    for (key, entry) in entries {
        let key = match literal_key(key) {
            Ok(key) => key,
            Err(problem) => {
                diagnostics.push(not_constant_diagnostic(file, problem));
                continue;
            }
        };
        match key.text.as_str() {
            "name" => {
                name_seen = true;
                match &entry.kind {
                    ExprKind::Text(name) if !name.trim().is_empty() => {
                        decl.main = Some((name.clone(), entry.span));
                    }
                    _ => diagnostics.push(
                        Diagnostic::error(
                            file,
                            entry.span,
                            "`main.name` must be a function's name as text",
                        )
                        .with_hint("write `name: \"my_function\"`"),
                    ),
                }
            }
            "input" => read_main_input(file, entry, decl, diagnostics),
            other => diagnostics.push(unknown_attribute(file, key.span, other, "main", MAIN_KEYS)),
        }
    }
    if !name_seen {
        diagnostics.push(
            Diagnostic::error(file, value.span, "`main` has no `name`")
                .with_hint("add `name: \"my_function\"`: the function the job runs"),
        );
    }
}

fn read_main_input(
    file: &Arc<SourceFile>,
    value: &ast::Expr,
    decl: &mut RunDecl,
    diagnostics: &mut Vec<Diagnostic>,
) {
    decl.main_input_span = Some(value.span);
    let ExprKind::Object(entries) = &value.kind else {
        diagnostics.push(
            Diagnostic::error(file, value.span, "`main.input` must be an object")
                .with_hint("write `input: { name: \"value\" }`"),
        );
        return;
    };
    // Each entry separately, so every non-constant value is reported, not just the first.
    for (key, entry) in entries {
        let key = match literal_key(key) {
            Ok(key) => key,
            Err(problem) => {
                diagnostics.push(not_constant_diagnostic(file, problem));
                continue;
            }
        };
        match constant_value(entry, NowPolicy::Reject) {
            Ok(constant) => {
                decl.main_input.insert(key.text.clone(), constant);
                decl.main_input_spans.push((key.text.clone(), entry.span));
            }
            Err(problem) => {
                let message = format!("`main.input.{}`: {}", key.text, problem.message);
                diagnostics.push(not_constant_diagnostic(
                    file,
                    NotConstant { message, ..problem },
                ));
            }
        }
    }
}

fn read_env(
    file: &Arc<SourceFile>,
    value: &ast::Expr,
    decl: &mut RunDecl,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let ExprKind::Array(items) = &value.kind else {
        diagnostics.push(
            Diagnostic::error(file, value.span, "`env` must be an array of names")
                .with_hint("write `env = [\"make_webhook_url\"]`"),
        );
        return;
    };
    for item in items {
        match &item.kind {
            ExprKind::Text(name) if name.trim().is_empty() => {
                diagnostics.push(Diagnostic::error(file, item.span, "an `env` name is empty"))
            }
            ExprKind::Text(name) if decl.env.contains(name) => {
                diagnostics.push(Diagnostic::warning(
                    file,
                    item.span,
                    format!("`{name}` is listed twice in `env`"),
                ))
            }
            ExprKind::Text(name) => decl.env.push(name.clone()),
            _ => diagnostics.push(
                Diagnostic::error(file, item.span, "`env` names must be text")
                    .with_hint("quote the name: `env = [\"make_webhook_url\"]`"),
            ),
        }
    }
}

fn not_constant_diagnostic(file: &Arc<SourceFile>, problem: NotConstant) -> Diagnostic {
    let diagnostic = Diagnostic::error(file, problem.span, problem.message);
    match problem.hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}
