//! Reading a function's `test "name" { ... }` blocks into [`InlineTest`]s
//! when the job loads, with a
//! diagnostic (and a "did you mean" hint) for every line that is not a
//! well-formed `input = {..}` or `expect.*` assertion.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::program::{Element, Expr, ExprKind, Key, lower_expr};
use crate::source::SourceFile;
use crate::suggest;
use crate::syntax::ast::{self, Entry, Target};

use crate::job::inline_test::{Assertion, AssertionKind, InlineTest, Needs};

/// Attributes a `test` block takes besides its assertions.
const TEST_ATTRIBUTES: &[&str] = &["input", "description"];

/// Names a higher-order filter binds for its argument expressions.
const FILTER_BINDINGS: &[&str] = &["this", "index", "parent", "result"];

/// Lowers every test block of one function, for the loader: each block on
/// its own, and names used twice (a mock keyed by that name would serve
/// both). The tests that cannot run are left out, their problems reported.
pub(crate) fn lower_tests(
    file: &Arc<SourceFile>,
    tests: &[&ast::Call],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<InlineTest> {
    let mut seen: Vec<&str> = Vec::new();
    let mut lowered = Vec::new();
    for call in tests {
        let (test, problems) = lower_test(file, call);
        diagnostics.extend(problems);
        let Some(Target::Text(name)) = &call.target else {
            lowered.extend(test);
            continue;
        };
        if test.is_some() && seen.contains(&name.text.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    name.span,
                    format!("two tests are named `{}`", name.text),
                )
                .with_hint("give each test its own name: mocks are chosen by the test's name"),
            );
        }
        seen.push(&name.text);
        lowered.extend(test);
    }
    lowered
}

/// Reads one test block. The test is `None` when a problem stops it from
/// running; warnings come with a test that still runs.
fn lower_test(file: &Arc<SourceFile>, call: &ast::Call) -> (Option<InlineTest>, Vec<Diagnostic>) {
    let mut lowerer = TestLowerer {
        file,
        diagnostics: Vec::new(),
    };
    let test = lowerer.test(call);
    let has_errors = lowerer.diagnostics.iter().any(Diagnostic::blocks_run);
    (test.filter(|_| !has_errors), lowerer.diagnostics)
}

struct TestLowerer<'a> {
    file: &'a Arc<SourceFile>,
    diagnostics: Vec<Diagnostic>,
}

impl TestLowerer<'_> {
    fn error(&mut self, span: crate::source::Span, message: String, hint: Option<String>) {
        let diagnostic = Diagnostic::error(self.file, span, message);
        self.diagnostics.push(match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        });
    }

    fn test(&mut self, call: &ast::Call) -> Option<InlineTest> {
        let name = match &call.target {
            Some(Target::Text(name)) if !name.text.trim().is_empty() => name.text.clone(),
            _ => {
                self.error(
                    call.name.span,
                    "`test` needs a name in quotes".to_owned(),
                    Some(
                        "write `test \"adds two numbers\" { ... }`; mocks are keyed by that name"
                            .to_owned(),
                    ),
                );
                return None;
            }
        };
        if let Some(arg) = &call.arg {
            self.error(
                arg.span,
                format!("test `{name}` takes no expression in parentheses"),
                Some("set the function's input with `input = { ... }` inside the block".to_owned()),
            );
        }
        if let Some(alias) = &call.alias {
            self.error(
                alias.span,
                format!("test `{name}` takes no `as` alias"),
                None,
            );
        }
        let mut test = InlineTest {
            name,
            file: Arc::clone(self.file),
            span: call.span,
            input: None,
            assertions: Vec::new(),
        };
        let entries = call.body.as_ref().map_or(&[][..], |body| &body.entries[..]);
        for entry in entries {
            match entry {
                Entry::Attribute(attribute) => self.attribute(&mut test, attribute),
                Entry::Call(line) => {
                    if let Some(assertion) = self.assertion(&test.name, line) {
                        test.assertions.push(assertion);
                    }
                }
                Entry::Inputs(block) => self.error(
                    block.keyword.span,
                    format!(
                        "test `{}` sets its input with `input = {{ ... }}`",
                        test.name
                    ),
                    Some("write `input = { name: \"value\" }`, with `=`".to_owned()),
                ),
            }
        }
        // A misspelt assertion was reported already; "no assertion" would be noise.
        let wrote_assertions = entries.iter().any(|entry| matches!(entry, Entry::Call(_)));
        if !wrote_assertions {
            self.diagnostics.push(
                Diagnostic::warning(
                    self.file,
                    call.name.span,
                    format!("test `{}` has no `expect.*` assertion", test.name),
                )
                .with_hint("it only checks that the function runs without an error; add `expect.to_equal ($response) { value = ... }`"),
            );
        }
        Some(test)
    }

    fn attribute(&mut self, test: &mut InlineTest, attribute: &ast::Attribute) {
        match attribute.key.text.as_str() {
            "input" => {
                let input = self.expr(&attribute.value, false);
                if let Some(value) = input.as_const().filter(|value| value.as_object().is_none()) {
                    self.error(
                        attribute.value.span,
                        format!(
                            "the `input` of test `{}` must be an object, got {}",
                            test.name,
                            value.type_name()
                        ),
                        Some("write `input = { name: \"value\" }`".to_owned()),
                    );
                }
                test.input = Some(input);
            }
            "description" => {}
            other => {
                let hint = suggest::did_you_mean(other, TEST_ATTRIBUTES.iter().copied())
                    .unwrap_or_else(|| {
                        "a test holds `input = { ... }` and `expect.*` assertions".to_owned()
                    });
                self.error(
                    attribute.key.span,
                    format!("unknown attribute `{other}` in test `{}`", test.name),
                    Some(hint),
                );
            }
        }
    }

    fn assertion(&mut self, test: &str, call: &ast::Call) -> Option<Assertion> {
        let written = call.name.text.as_str();
        let Some(kind) = written
            .strip_prefix("expect.")
            .and_then(AssertionKind::parse)
        else {
            self.unknown_assertion(test, call);
            return None;
        };
        let shown = format!("expect.{}", kind.name());
        if let Some(alias) = &call.alias {
            self.error(alias.span, format!("`{shown}` takes no `as` alias"), None);
        }
        let subject = match (&call.arg, kind.needs()) {
            (Some(arg), Needs::Error) => {
                self.error(
                    arg.span,
                    "`expect.to_throw` takes no value in parentheses: it checks that the function throws".to_owned(),
                    Some("write `expect.to_throw` or `expect.to_throw { value = \"the error message\" }`".to_owned()),
                );
                None
            }
            (None, Needs::Error) => None,
            (Some(arg), _) => Some((self.expr(arg, true), self.file.slice(arg.span).to_owned())),
            (None, needs) => {
                let example = match needs {
                    Needs::Value => format!("{shown} ($response) {{ value = ... }}"),
                    Needs::Range => format!("{shown} ($response) {{ min = 1 max = 10 }}"),
                    _ => format!("{shown} ($response)"),
                };
                self.error(
                    call.name.span,
                    format!("`{shown}` needs the value to check in parentheses"),
                    Some(format!("write `{example}`")),
                );
                return None;
            }
        };
        let mut assertion = Assertion {
            kind,
            subject_text: subject
                .as_ref()
                .map(|(_, text)| text.clone())
                .unwrap_or_default(),
            subject: subject.map(|(expr, _)| expr),
            value: None,
            min: None,
            max: None,
            span: call.span,
        };
        let allowed: &[&str] = match kind.needs() {
            Needs::Nothing => &[],
            Needs::Value => &["value"],
            Needs::Range => &["min", "max"],
            Needs::Error => &["value", "exception"],
        };
        for entry in call.body.iter().flat_map(|body| &body.entries) {
            let Entry::Attribute(attribute) = entry else {
                let span = match entry {
                    Entry::Call(inner) => inner.name.span,
                    Entry::Inputs(block) => block.keyword.span,
                    Entry::Attribute(attribute) => attribute.key.span,
                };
                self.error(span, format!("`{shown}` holds only attributes"), None);
                continue;
            };
            let key = attribute.key.text.as_str();
            if !allowed.contains(&key) {
                let hint = if allowed.is_empty() {
                    format!(
                        "`{shown}` takes no attributes: write `{shown} ({})`",
                        assertion.subject_text
                    )
                } else {
                    suggest::did_you_mean(key, allowed.iter().copied()).unwrap_or_else(|| {
                        format!("`{shown}` takes {}", suggest::quoted_list(allowed))
                    })
                };
                self.error(
                    attribute.key.span,
                    format!("unknown attribute `{key}` in `{shown}`"),
                    Some(hint),
                );
                continue;
            }
            let value = Some(self.expr(&attribute.value, true));
            match key {
                "min" => assertion.min = value,
                "max" => assertion.max = value,
                _ => assertion.value = value,
            }
        }
        let missing: Vec<&str> = match kind.needs() {
            Needs::Value if assertion.value.is_none() => vec!["value"],
            Needs::Range => [("min", &assertion.min), ("max", &assertion.max)]
                .into_iter()
                .filter(|(_, expr)| expr.is_none())
                .map(|(key, _)| key)
                .collect(),
            _ => Vec::new(),
        };
        if !missing.is_empty() {
            let example = match kind.needs() {
                Needs::Range => format!(
                    "{shown} ({}) {{ min = 1 max = 10 }}",
                    assertion.subject_text
                ),
                _ => format!("{shown} ({}) {{ value = ... }}", assertion.subject_text),
            };
            self.error(
                call.name.span,
                format!("`{shown}` needs {}", suggest::quoted_list(&missing)),
                Some(format!("write `{example}`")),
            );
            return None;
        }
        Some(assertion)
    }

    fn unknown_assertion(&mut self, test: &str, call: &ast::Call) {
        let written = call.name.text.as_str();
        let bare = written.strip_prefix("expect.").unwrap_or(written);
        let names = AssertionKind::ALL.iter().map(|kind| kind.name());
        let close = suggest::closest(bare, names);
        let (message, hint) = if written.starts_with("expect.") {
            (
                format!("unknown assertion `{written}` in test `{test}`"),
                match close {
                    Some(name) => format!("did you mean `expect.{name}`?"),
                    None => format!(
                        "assertions: {}",
                        suggest::quoted_list(
                            &AssertionKind::ALL
                                .iter()
                                .map(|kind| format!("expect.{}", kind.name()))
                                .collect::<Vec<_>>()
                        )
                    ),
                },
            )
        } else {
            (
                format!("unexpected `{written}` in test `{test}`"),
                match close {
                    Some(name) => format!("did you mean `expect.{name}`?"),
                    None => "a test holds `input = { ... }` and `expect.*` assertions; statements go in the function's `stack`".to_owned(),
                },
            )
        };
        self.error(call.name.span, message, Some(hint));
    }

    /// Compiles an expression of the test and checks it reads only what a
    /// test can see: `$response` (and `$input`, `$env`), as the reference says.
    fn expr(&mut self, expr: &ast::Expr, allow_response: bool) -> Expr {
        let (compiled, problems) = lower_expr(self.file, expr);
        self.diagnostics.extend(problems);
        let mut stray = Vec::new();
        stray_variables(&compiled, false, &mut stray);
        for (name, span) in stray {
            if name == "response" && allow_response {
                continue;
            }
            if name == "response" {
                self.error(
                    span,
                    "a test's `input` cannot read `$response`: the function has not run yet"
                        .to_owned(),
                    Some("write the input as values, e.g. `input = { x: 5 }`".to_owned()),
                );
                continue;
            }
            self.error(
                span,
                format!("a test can only read `$response`, not `${name}`"),
                Some(format!(
                    "stack variables are not visible to tests; expose it with `response = {{ ..., {name}: ${name} }}` and read `$response.{name}`"
                )),
            );
        }
        compiled
    }
}

/// The variables an expression reads, with their spans;
/// inside a filter's arguments the names the filter binds (`$this`...) are fine.
fn stray_variables(expr: &Expr, in_filter: bool, found: &mut Vec<(String, crate::source::Span)>) {
    match &expr.kind {
        ExprKind::Var(name) => {
            let bound = in_filter && FILTER_BINDINGS.contains(&name.as_str());
            if !bound {
                found.push((name.as_str().to_owned(), expr.span));
            }
        }
        ExprKind::Array(items) => {
            for item in items {
                stray_variables(item, in_filter, found);
            }
        }
        ExprKind::Object(entries) => {
            for (key, value) in entries {
                if let Key::Computed(key) = key {
                    stray_variables(key, in_filter, found);
                }
                stray_variables(value, in_filter, found);
            }
        }
        ExprKind::Ternary {
            condition,
            then,
            otherwise,
        } => {
            for part in [condition, then, otherwise] {
                stray_variables(part, in_filter, found);
            }
        }
        ExprKind::Field(base, _) | ExprKind::Unary(_, base) => {
            stray_variables(base, in_filter, found)
        }
        ExprKind::Index(base, index)
        | ExprKind::Binary(_, base, index)
        | ExprKind::Range(base, index) => {
            stray_variables(base, in_filter, found);
            stray_variables(index, in_filter, found);
        }
        // The condition of `array[condition]` binds `$$` like a filter does.
        ExprKind::Where(base, condition) => {
            stray_variables(base, in_filter, found);
            stray_variables(condition, true, found);
        }
        ExprKind::SpreadArray(elements) => {
            for element in elements {
                let (Element::One(item) | Element::Spread(item)) = element;
                stray_variables(item, in_filter, found);
            }
        }
        ExprKind::Filter { value, args, .. } => {
            stray_variables(value, in_filter, found);
            for arg in args {
                stray_variables(arg, true, found);
            }
        }
        ExprKind::Const(_)
        | ExprKind::Now
        | ExprKind::Input
        | ExprKind::EnvAll
        | ExprKind::Env(_)
        | ExprKind::VarsAll
        | ExprKind::Item => {}
    }
}
