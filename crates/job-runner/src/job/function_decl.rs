//! Reading `function "name" { description input {..} stack {..} response = ..
//! test ".." {..} }` from a file of the job's `function/` folder.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::job::inputs::build_input_specs;
use crate::job::model::Function;
use crate::job::run_decl::unknown_attribute;
use crate::program::{Block, lower_block, lower_expr};
use crate::source::SourceFile;
use crate::suggest;
use crate::syntax::ast::{self, Entry, ExprKind, Target};

/// What a declaration with a function's body (`function`, `task`) takes.
pub(crate) struct BodyShape {
    /// `function`, `task`: how messages name it.
    pub(crate) kind: &'static str,
    /// Every attribute it takes, for "did you mean".
    pub(crate) attributes: &'static [&'static str],
    /// Attributes read elsewhere (a task's `schedule`): skipped here.
    pub(crate) read_elsewhere: &'static [&'static str],
    /// Every section it takes (`input`, `stack`, `test`).
    pub(crate) sections: &'static [&'static str],
}

const FUNCTION: BodyShape = BodyShape {
    kind: "function",
    attributes: &["description", "response"],
    read_elsewhere: &[],
    sections: &["input", "stack", "test"],
};

/// Every function a file declares. Other top-level constructs are errors.
pub(crate) fn read_functions(
    file: &Arc<SourceFile>,
    document: &ast::Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Function> {
    let mut functions = Vec::new();
    for item in &document.items {
        if item.name.text == "function" {
            if let Some(function) = read_function(file, item, &FUNCTION, diagnostics) {
                functions.push(function);
            }
            continue;
        }
        let hint = if item.name.text.starts_with("run.") {
            "`run.job` belongs in the job folder's run.xs".to_owned()
        } else {
            "files under function/ hold `function \"name\" { ... }`".to_owned()
        };
        diagnostics.push(
            Diagnostic::error(
                file,
                item.name.span,
                format!("unexpected `{}` in a function file", item.name.text),
            )
            .with_hint(hint),
        );
    }
    if document.items.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                file,
                Default::default(),
                "this function file declares nothing",
            )
            .with_hint("write `function \"my_function\" { ... }`, or remove the file"),
        );
    }
    functions
}

/// Reads `kind "name" { description input {..} stack {..} response = .. }`
/// as a function: a task's body is one, so it runs as a function does.
pub(crate) fn read_function(
    file: &Arc<SourceFile>,
    call: &ast::Call,
    shape: &BodyShape,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Function> {
    let kind = shape.kind;
    let name = match &call.target {
        Some(Target::Text(name) | Target::Word(name)) if !name.text.trim().is_empty() => {
            name.text.clone()
        }
        _ => {
            diagnostics.push(
                Diagnostic::error(file, call.name.span, format!("`{kind}` has no name"))
                    .with_hint(format!("write `{kind} \"my_{kind}\" {{ ... }}`")),
            );
            return None;
        }
    };
    let mut function = Function {
        name,
        file: Arc::clone(file),
        span: call.span,
        description: None,
        inputs: Vec::new(),
        stack: Block::default(),
        response: None,
        tests: Vec::new(),
    };
    let Some(body) = &call.body else {
        return Some(function);
    };
    let mut tests = Vec::new();
    let mut input_seen = false;
    let mut stack_seen = false;
    for entry in &body.entries {
        match entry {
            Entry::Attribute(attribute) => match attribute.key.text.as_str() {
                "description" => match &attribute.value.kind {
                    ExprKind::Text(text) => function.description = Some(text.clone()),
                    _ => diagnostics.push(Diagnostic::error(
                        file,
                        attribute.value.span,
                        "`description` must be text",
                    )),
                },
                "response" => {
                    let (response, problems) = lower_expr(file, &attribute.value);
                    diagnostics.extend(problems);
                    function.response = Some(response);
                }
                other if shape.read_elsewhere.contains(&other) => {}
                other => diagnostics.push(unknown_attribute(
                    file,
                    attribute.key.span,
                    other,
                    kind,
                    shape.attributes,
                )),
            },
            Entry::Inputs(block) if block.keyword.text == "input" => {
                if input_seen {
                    diagnostics.push(Diagnostic::error(
                        file,
                        block.keyword.span,
                        format!("{kind} `{}` has two `input` blocks", function.name),
                    ));
                    continue;
                }
                input_seen = true;
                let (specs, problems) = build_input_specs(file, block);
                function.inputs = specs;
                diagnostics.extend(problems);
            }
            Entry::Inputs(block) => diagnostics.push(
                Diagnostic::error(
                    file,
                    block.keyword.span,
                    format!("unexpected `{}` block in a {kind}", block.keyword.text),
                )
                .with_hint(format!("a {kind} declares its inputs in `input {{ ... }}`")),
            ),
            Entry::Call(section) => match section.name.text.as_str() {
                "stack" if stack_seen => diagnostics.push(Diagnostic::error(
                    file,
                    section.name.span,
                    format!("{kind} `{}` has two `stack` blocks", function.name),
                )),
                "stack" => {
                    stack_seen = true;
                    let entries = section.body.as_ref().map_or(&[][..], |body| &body.entries);
                    let (block, problems) = lower_block(file, entries);
                    function.stack = block;
                    diagnostics.extend(problems);
                }
                "test" if shape.sections.contains(&"test") => tests.push(section),
                other => {
                    let hint = suggest::did_you_mean(other, shape.sections.iter().copied())
                        .unwrap_or_else(|| "statements go inside `stack { ... }`".to_owned());
                    diagnostics.push(
                        Diagnostic::error(
                            file,
                            section.name.span,
                            format!("unexpected `{other}` in {kind} `{}`", function.name),
                        )
                        .with_hint(hint),
                    );
                }
            },
        }
    }
    function.tests = super::test_decl::lower_tests(file, &tests, diagnostics);
    Some(function)
}
