//! Lowering one call at a time: check its shape and attributes, compile its
//! expressions, and build the typed statement.

mod db;

use std::sync::Arc;

use indexmap::IndexMap;

use super::catalog::{STATEMENTS, unsupported_reason};
use super::expr::compile;
use super::{
    ApiRequest, ArrayModify, ArrayOp, ArrayTake, Block, Case, Conditional, Expr, ForLoop, Foreach,
    FunctionRun, MakeTrigger, MathOp, MathStmt, ObjectOp, ObjectQuery, Place, Precondition,
    RandomNumber, Step, Stmt, StmtKind, Switch, TakeOp, TextModify, Throw, TryCatch, VarName,
    VarStmt, VarUpdate, WhileLoop,
};
use super::{array_stmt, security_stmt, text_stmt};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};
use crate::suggest::closest;
use crate::syntax::ast;
use crate::value::Value;

/// Attributes every statement accepts.
const COMMON: &[&str] = &["description", "disabled"];

/// Variable names Xano reserves; `var` may not declare them.
const RESERVED: &[&str] = &[
    "input", "env", "var", "auth", "db", "response", "output", "this",
];

/// Clauses that only make sense inside a particular statement.
const CLAUSES: &[(&str, &str)] = &[
    ("if", "conditional"),
    ("elseif", "conditional"),
    ("else", "conditional"),
    ("case", "switch"),
    ("default", "switch"),
    ("each", "foreach`, `for` or `while"),
    ("try", "try_catch"),
    ("catch", "try_catch"),
    ("finally", "try_catch"),
];

pub(crate) struct Lowerer<'a> {
    file: &'a Arc<SourceFile>,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// How many loops enclose the statement being lowered, for `break`/`continue`.
    loop_depth: usize,
}

/// The compiled attributes of one call.
pub(super) struct Attrs {
    values: IndexMap<String, Expr>,
}

impl Attrs {
    pub(super) fn take(&mut self, key: &str) -> Option<Expr> {
        self.values.shift_remove(key)
    }
}

impl<'a> Lowerer<'a> {
    pub(crate) fn new(file: &'a Arc<SourceFile>, diagnostics: &'a mut Vec<Diagnostic>) -> Self {
        Lowerer {
            file,
            diagnostics,
            loop_depth: 0,
        }
    }

    /// A literal `method` that no server knows (`"GETT"`) fails every run:
    /// say so at load. A computed method is checked when it runs.
    fn check_http_method(&mut self, method: &Expr) {
        const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
        let super::ExprKind::Const(crate::value::Value::Text(text)) = &method.kind else {
            return;
        };
        let upper = text.trim().to_ascii_uppercase();
        if METHODS.contains(&upper.as_str()) {
            return;
        }
        let hint = match closest(&upper, METHODS) {
            Some(close) => format!("did you mean `\"{close}\"`?"),
            None => format!("use one of {}", METHODS.join(", ")),
        };
        self.error(
            method.span,
            format!("`method` is `\"{text}\"`, which is not an HTTP method"),
        )
        .hint = Some(hint);
    }

    pub(super) fn error(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics
            .push(Diagnostic::error(self.file, span, message));
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    pub(super) fn expr(&mut self, expr: &ast::Expr) -> Expr {
        compile(self.file, expr, self.diagnostics)
    }

    pub(crate) fn block(&mut self, entries: &[ast::Entry]) -> Block {
        let mut statements = Vec::new();
        let mut entries = entries.iter().peekable();
        while let Some(entry) = entries.next() {
            match entry {
                ast::Entry::Call(call) if array_stmt::takes_if_clause(call) => {
                    // `array.filter $a if ($this > 1) as $r` reaches us as two
                    // calls: the statement, then an `if` holding the condition and alias.
                    match entries.peek() {
                        Some(ast::Entry::Call(clause))
                            if clause.name.text == "if" && clause.body.is_none() =>
                        {
                            entries.next();
                            if let Some(kind) = self.array_query(call, Some(clause)) {
                                statements.push(Stmt {
                                    kind,
                                    span: call.span.to(clause.span),
                                });
                            }
                        }
                        _ => statements.extend(self.statement(call)),
                    }
                }
                ast::Entry::Call(call) => statements.extend(self.statement(call)),
                ast::Entry::Attribute(attribute) => {
                    self.error(
                        attribute.span,
                        format!(
                            "unexpected attribute `{}` among statements",
                            attribute.key.text
                        ),
                    )
                    .hint = Some(
                        "attributes belong inside a statement's `{ }`, e.g. `var $x { value = 1 }`"
                            .into(),
                    );
                }
                ast::Entry::Inputs(inputs) => {
                    self.error(
                        inputs.span,
                        format!(
                            "`{}` declarations cannot appear among statements",
                            inputs.keyword.text
                        ),
                    )
                    .hint = Some("declare inputs in the function's `input { }` block".into());
                }
            }
        }
        Block { statements }
    }

    fn body_block(&mut self, call: &ast::Call) -> Block {
        match &call.body {
            Some(body) => self.block(&body.entries),
            None => Block::default(),
        }
    }

    /// Lowers one statement; `None` when it is disabled or broken (already reported).
    fn statement(&mut self, call: &ast::Call) -> Option<Stmt> {
        let name = call.name.text.as_str();
        let kind = match name {
            "var" => self.var(call),
            "var.update" => {
                let place = self.place(call)?;
                let mut attrs = self.attrs(call, &["value"])?;
                let value = self.required(call, &mut attrs, "value")?;
                Some(StmtKind::VarUpdate(VarUpdate { place, value }))
            }
            "conditional" => self.conditional(call),
            "switch" => self.switch(call),
            "foreach" => {
                let list = self.arg(call, "foreach ($items) { each as $item { ... } }")?;
                let (item, index, body) = self.each(call)?;
                Some(StmtKind::Foreach(Foreach {
                    list,
                    item,
                    index,
                    body,
                }))
            }
            "for" => {
                let count = self.arg(call, "for (10) { each as $i { ... } }")?;
                let (index, _, body) = self.each(call)?;
                Some(StmtKind::For(ForLoop { count, index, body }))
            }
            "while" => {
                let condition = self.arg(call, "while ($i < 10) { each { ... } }")?;
                let (_, _, body) = self.each(call)?;
                Some(StmtKind::While(WhileLoop { condition, body }))
            }
            "break" | "continue" => {
                if self.loop_depth == 0 {
                    self.error(
                        call.span,
                        format!("`{name}` can only be used inside a loop"),
                    )
                    .hint = Some("loops are `foreach`, `for` and `while`".into());
                    return None;
                }
                Some(if name == "break" {
                    StmtKind::Break
                } else {
                    StmtKind::Continue
                })
            }
            "precondition" => {
                let condition =
                    self.arg(call, "precondition ($input.x > 0) { error = \"...\" }")?;
                let mut attrs = self.attrs(call, &["error_type", "error", "payload"])?;
                Some(StmtKind::Precondition(Precondition {
                    condition,
                    error_type: attrs.take("error_type"),
                    message: attrs.take("error"),
                    payload: attrs.take("payload"),
                }))
            }
            "throw" => {
                let mut attrs = self.attrs(call, &["name", "value"])?;
                let name = self.required(call, &mut attrs, "name")?;
                let value = self.required(call, &mut attrs, "value")?;
                Some(StmtKind::Throw(Throw { name, value }))
            }
            "try_catch" => self.try_catch(call),
            "return" => {
                let mut attrs = self.attrs(call, &["value"])?;
                let value = attrs
                    .take("value")
                    .unwrap_or_else(|| Expr::constant(Value::Null, call.span));
                Some(StmtKind::Return(value))
            }
            "debug.log" => {
                let mut attrs = self.attrs(call, &["value"])?;
                let value = self.required(call, &mut attrs, "value")?;
                Some(StmtKind::DebugLog(value))
            }
            "group" => self.group(call),
            "function.run" => self.function_run(call),
            "api.request" => {
                let mut attrs = self.attrs(
                    call,
                    &[
                        "url",
                        "method",
                        "params",
                        "headers",
                        "timeout",
                        "mock",
                        "verify_host",
                        "follow_location",
                    ],
                )?;
                let url = self.required(call, &mut attrs, "url")?;
                let method = attrs.take("method");
                if let Some(method) = &method {
                    self.check_http_method(method);
                }
                Some(StmtKind::ApiRequest(ApiRequest {
                    url,
                    method,
                    params: attrs.take("params"),
                    headers: attrs.take("headers"),
                    timeout: attrs.take("timeout"),
                    alias: self.alias(call),
                    mock: attrs.take("mock"),
                }))
            }
            "make.trigger_scenario" => {
                let mut attrs = self.attrs(
                    call,
                    &[
                        "webhook_url",
                        "scenario_name",
                        "payload",
                        "chunk_size",
                        "mock",
                    ],
                )?;
                let webhook_url = self.required(call, &mut attrs, "webhook_url")?;
                let scenario_name = self.required(call, &mut attrs, "scenario_name")?;
                let payload = self.required(call, &mut attrs, "payload")?;
                Some(StmtKind::MakeTrigger(MakeTrigger {
                    webhook_url,
                    scenario_name,
                    payload,
                    chunk_size: attrs.take("chunk_size"),
                    alias: self.alias(call),
                    mock: attrs.take("mock"),
                }))
            }
            "math.add"
            | "math.sub"
            | "math.mul"
            | "math.div"
            | "math.bitwise.and"
            | "math.bitwise.or"
            | "math.bitwise.xor"
            | "math.bitwise.left_shift"
            | "math.bitwise.right_shift" => {
                let op = match name {
                    "math.add" => MathOp::Add,
                    "math.sub" => MathOp::Sub,
                    "math.mul" => MathOp::Mul,
                    "math.div" => MathOp::Div,
                    "math.bitwise.and" => MathOp::BitAnd,
                    "math.bitwise.or" => MathOp::BitOr,
                    "math.bitwise.xor" => MathOp::BitXor,
                    "math.bitwise.left_shift" => MathOp::ShiftLeft,
                    _ => MathOp::ShiftRight,
                };
                let place = self.place(call)?;
                let mut attrs = self.attrs(call, &["value"])?;
                let value = self.required(call, &mut attrs, "value")?;
                Some(StmtKind::Math(MathStmt {
                    op,
                    place,
                    value: Some(value),
                }))
            }
            "math.bitwise.not" => {
                let place = self.place(call)?;
                self.attrs(call, &[])?;
                Some(StmtKind::Math(MathStmt {
                    op: MathOp::BitNot,
                    place,
                    value: None,
                }))
            }
            "array.push" | "array.unshift" | "array.merge" => {
                let op = match name {
                    "array.push" => ArrayOp::Push,
                    "array.unshift" => ArrayOp::Unshift,
                    _ => ArrayOp::Merge,
                };
                let place = self.place(call)?;
                let mut attrs = self.attrs(call, &["value"])?;
                let value = self.required(call, &mut attrs, "value")?;
                Some(StmtKind::ArrayModify(ArrayModify { op, place, value }))
            }
            "array.pop" | "array.shift" => {
                let op = if name == "array.pop" {
                    TakeOp::Pop
                } else {
                    TakeOp::Shift
                };
                let place = self.place(call)?;
                self.attrs(call, &[])?;
                Some(StmtKind::ArrayTake(ArrayTake {
                    op,
                    place,
                    alias: self.alias(call),
                }))
            }
            name if array_stmt::QUERIES.iter().any(|(query, _)| *query == name) => {
                self.array_query(call, None)
            }
            "array.union" | "array.difference" | "array.intersection" => self.array_set(call),
            name if text_stmt::FILTER_STATEMENTS
                .iter()
                .any(|(stmt, _, _)| *stmt == name) =>
            {
                self.text_filter(call)
            }
            name if security_stmt::is_security_filter(name) => self.security_filter(call),
            name if security_stmt::GENERATORS.contains(&name) => self.security_generator(call),
            name if security_stmt::ASYMMETRIC_KEYS.contains(&name) => self.asymmetric_key(call),
            "text.append" | "text.prepend" => {
                let place = self.place(call)?;
                let mut attrs = self.attrs(call, &["value"])?;
                let value = self.required(call, &mut attrs, "value")?;
                Some(StmtKind::TextModify(TextModify {
                    prepend: name == "text.prepend",
                    place,
                    value,
                }))
            }
            "object.keys" | "object.values" | "object.entries" => {
                let op = match name {
                    "object.keys" => ObjectOp::Keys,
                    "object.values" => ObjectOp::Values,
                    _ => ObjectOp::Entries,
                };
                let mut attrs = self.attrs(call, &["value"])?;
                let value = match (attrs.take("value"), &call.arg) {
                    (Some(value), _) => value,
                    (None, Some(arg)) => self.expr(arg),
                    (None, None) => self.required(call, &mut attrs, "value")?,
                };
                Some(StmtKind::ObjectQuery(ObjectQuery {
                    op,
                    value,
                    alias: self.alias(call),
                }))
            }
            "util.sleep" => {
                let mut attrs = self.attrs(call, &["value"])?;
                let seconds = self.required(call, &mut attrs, "value")?;
                Some(StmtKind::Sleep(seconds))
            }
            "security.create_uuid" => {
                self.attrs(call, &[])?;
                Some(StmtKind::CreateUuid(self.alias(call)))
            }
            "security.random_number" => {
                let mut attrs = self.attrs(call, &["min", "max"])?;
                Some(StmtKind::RandomNumber(RandomNumber {
                    min: attrs.take("min"),
                    max: attrs.take("max"),
                    alias: self.alias(call),
                }))
            }
            name if name.starts_with("db.") => self.db(call),
            _ => {
                self.unknown_statement(call);
                None
            }
        }?;
        Some(Stmt {
            kind,
            span: call.span,
        })
    }

    fn unknown_statement(&mut self, call: &ast::Call) {
        let name = call.name.text.as_str();
        if let Some(service) = unsupported_reason(name) {
            self.error(
                call.name.span,
                format!("`{name}` needs {service}, which runner-cli does not provide"),
            )
            .hint = Some("run this job on Xano, or replace the statement (e.g. `api.request` to an HTTP service)".into());
        } else if let Some((_, parent)) = CLAUSES.iter().find(|(clause, _)| *clause == name) {
            self.error(
                call.name.span,
                format!("`{name}` can only appear inside `{parent}`"),
            );
        } else {
            let diagnostic = self.error(call.name.span, format!("unknown statement `{name}`"));
            if let Some(close) = closest(name, STATEMENTS.iter().copied()) {
                diagnostic.hint = Some(format!("did you mean `{close}`?"));
            }
        }
    }

    /// Collects and compiles the `key = expr` attributes of a call, reporting
    /// unknown keys and nested statements. `None` when the statement is
    /// `disabled = true` and should be skipped.
    pub(super) fn attrs(&mut self, call: &ast::Call, allowed: &[&str]) -> Option<Attrs> {
        let mut values = IndexMap::new();
        let name = call.name.text.as_str();
        for entry in call.body.iter().flat_map(|body| &body.entries) {
            match entry {
                ast::Entry::Attribute(attribute) => {
                    let key = attribute.key.text.as_str();
                    if !allowed.contains(&key) && !COMMON.contains(&key) {
                        let diagnostic = self.error(
                            attribute.key.span,
                            format!("`{name}` has no attribute `{key}`"),
                        );
                        diagnostic.hint = Some(match closest(key, allowed.iter().copied()) {
                            Some(close) => format!("did you mean `{close}`?"),
                            None if allowed.is_empty() => format!("`{name}` takes no attributes"),
                            None => format!("`{name}` takes {}", list(allowed)),
                        });
                        continue;
                    }
                    if values.contains_key(key) {
                        self.error(
                            attribute.key.span,
                            format!("attribute `{key}` is given twice"),
                        );
                        continue;
                    }
                    let compiled = self.expr(&attribute.value);
                    values.insert(key.to_owned(), compiled);
                }
                ast::Entry::Call(inner) => {
                    self.error(
                        inner.name.span,
                        format!(
                            "`{name}` cannot hold `{}`; it takes attributes only",
                            inner.name.text
                        ),
                    );
                }
                ast::Entry::Inputs(inputs) => {
                    self.error(
                        inputs.span,
                        format!(
                            "`{name}` cannot hold `{}` declarations",
                            inputs.keyword.text
                        ),
                    );
                }
            }
        }
        let mut attrs = Attrs { values };
        attrs.take("description");
        match attrs.take("disabled") {
            Some(disabled) if disabled.as_const().is_some_and(Value::is_truthy) => None,
            _ => Some(attrs),
        }
    }

    pub(super) fn required(
        &mut self,
        call: &ast::Call,
        attrs: &mut Attrs,
        key: &str,
    ) -> Option<Expr> {
        let found = attrs.take(key);
        if found.is_none() {
            self.error(
                call.span,
                format!("`{}` needs a `{key}` attribute", call.name.text),
            )
            .hint = Some(format!("add `{key} = ...` inside its `{{ }}`"));
        }
        found
    }

    /// The parenthesised argument, reported with an example when missing.
    pub(super) fn arg(&mut self, call: &ast::Call, example: &str) -> Option<Expr> {
        match &call.arg {
            Some(arg) => Some(self.expr(arg)),
            None => {
                self.error(
                    call.span,
                    format!("`{}` needs an argument in parentheses", call.name.text),
                )
                .hint = Some(format!("write it as `{example}`"));
                None
            }
        }
    }

    pub(super) fn alias(&self, call: &ast::Call) -> Option<VarName> {
        call.alias
            .as_ref()
            .map(|alias| VarName::new(alias.text.trim_start_matches('$')))
    }

    /// `$x`, `$x.path.to.field`, `$grid[$r][$c]`: the variable a statement
    /// writes to, with the steps into it.
    pub(super) fn place(&mut self, call: &ast::Call) -> Option<Place> {
        let Some(ast::Target::Variable(target)) = &call.target else {
            self.error(
                call.span,
                format!("`{}` needs a variable to act on", call.name.text),
            )
            .hint = Some(format!(
                "write it as `{} $name {{ value = ... }}`",
                call.name.text
            ));
            return None;
        };
        let shown = self.file.slice(target.span).to_owned();
        let mut steps = target.path.as_slice();
        let mut var = target.root.text.clone();
        // `$var.x` is `$x`.
        if var == "var"
            && let Some((ast::PathStep::Field(field), rest)) = steps.split_first()
        {
            var = field.text.clone();
            steps = rest;
        }
        if matches!(var.as_str(), "input" | "env") {
            self.error(
                target.span,
                format!(
                    "`${var}` is read-only: `{}` cannot change it",
                    call.name.text
                ),
            )
            .hint = Some(format!(
                "copy it into a variable first: `var $copy {{ value = {shown} }}`, then change `$copy`"
            ));
            return None;
        }
        let path = steps
            .iter()
            .map(|step| match step {
                ast::PathStep::Field(field) => Step::Key(field.text.clone()),
                ast::PathStep::Index(index) => Step::Index(self.expr(index)),
            })
            .collect();
        Some(Place {
            var: VarName::new(&var),
            path,
            shown,
        })
    }

    fn var(&mut self, call: &ast::Call) -> Option<StmtKind> {
        let place = self.place(call)?;
        if !place.path.is_empty() {
            self.error(
                call.span,
                "`var` declares a whole variable, not a path inside one",
            )
            .hint = Some("use `var.update` to change a field of a variable".into());
            return None;
        }
        if RESERVED.contains(&place.var.as_str()) {
            self.error(
                call.span,
                format!("`${}` is reserved and cannot be declared", place.var),
            )
            .hint = Some("choose another name".into());
            return None;
        }
        let mut attrs = self.attrs(call, &["value", "mock"])?;
        let value = attrs
            .take("value")
            .unwrap_or_else(|| Expr::constant(Value::Null, call.span));
        Some(StmtKind::Var(VarStmt {
            name: place.var,
            value,
            mock: attrs.take("mock"),
        }))
    }

    /// The clauses (nested calls) of a statement, reporting stray attributes.
    fn clauses<'c>(&mut self, call: &'c ast::Call, allowed: &[&str]) -> Vec<&'c ast::Call> {
        let mut clauses = Vec::new();
        for entry in call.body.iter().flat_map(|body| &body.entries) {
            match entry {
                ast::Entry::Call(inner) if allowed.contains(&inner.name.text.as_str()) => {
                    clauses.push(inner)
                }
                ast::Entry::Call(inner) => {
                    self.error(
                        inner.name.span,
                        format!(
                            "`{}` holds {}, not `{}`",
                            call.name.text,
                            list(allowed),
                            inner.name.text
                        ),
                    );
                }
                ast::Entry::Attribute(attribute)
                    if COMMON.contains(&attribute.key.text.as_str()) => {}
                ast::Entry::Attribute(attribute) => {
                    self.error(
                        attribute.key.span,
                        format!(
                            "`{}` has no attribute `{}`",
                            call.name.text, attribute.key.text
                        ),
                    );
                }
                ast::Entry::Inputs(inputs) => {
                    self.error(
                        inputs.span,
                        format!("`{}` cannot hold declarations", call.name.text),
                    );
                }
            }
        }
        clauses
    }

    fn conditional(&mut self, call: &ast::Call) -> Option<StmtKind> {
        let mut branches = Vec::new();
        let mut otherwise = None;
        for clause in self.clauses(call, &["if", "elseif", "else"]) {
            match clause.name.text.as_str() {
                "if" | "elseif" => {
                    if clause.name.text == "if" && !branches.is_empty() {
                        self.error(clause.name.span, "a second `if` in one `conditional`")
                            .hint = Some("use `elseif` for further branches".into());
                    } else if clause.name.text == "elseif" && branches.is_empty() {
                        self.error(clause.name.span, "`elseif` must follow an `if`");
                    }
                    if otherwise.is_some() {
                        self.error(clause.name.span, "`else` must be the last branch");
                    }
                    let condition = self.arg(clause, "if ($x > 0) { ... }")?;
                    branches.push((condition, self.body_block(clause)));
                }
                _ => {
                    if clause.arg.is_some() {
                        self.error(clause.name.span, "`else` takes no condition")
                            .hint = Some("write `elseif (condition) { ... }` (one word)".into());
                    }
                    otherwise = Some(self.body_block(clause));
                }
            }
        }
        if branches.is_empty() {
            self.error(
                call.span,
                "`conditional` needs an `if (condition) { ... }` branch",
            );
            return None;
        }
        Some(StmtKind::Conditional(Conditional {
            branches,
            otherwise,
        }))
    }

    fn switch(&mut self, call: &ast::Call) -> Option<StmtKind> {
        let subject = self.arg(
            call,
            "switch ($x) { case (1) { ... } break default { ... } }",
        )?;
        let mut cases: Vec<Case> = Vec::new();
        let mut default = None;
        for clause in self.clauses(call, &["case", "break", "default"]) {
            match clause.name.text.as_str() {
                "case" => {
                    let value = self.arg(clause, "case (\"value\") { ... } break")?;
                    let body = self.body_block(clause);
                    cases.push(Case {
                        value,
                        body,
                        breaks: false,
                    });
                }
                "break" => match cases.last_mut() {
                    Some(case) if default.is_none() => case.breaks = true,
                    _ => {
                        self.error(
                            clause.name.span,
                            "`break` in a `switch` must follow a `case { }`",
                        );
                    }
                },
                _ => default = Some(self.body_block(clause)),
            }
        }
        Some(StmtKind::Switch(Switch {
            subject,
            cases,
            default,
        }))
    }

    /// The `each [as $name[, $index]] { ... }` block of a loop.
    fn each(&mut self, call: &ast::Call) -> Option<(Option<VarName>, Option<VarName>, Block)> {
        let clauses = self.clauses(call, &["each"]);
        let Some(each) = clauses.first() else {
            self.error(
                call.span,
                format!("`{}` needs an `each {{ ... }}` block", call.name.text),
            )
            .hint = Some(match call.name.text.as_str() {
                "while" => "write `while (condition) { each { ... } }`".into(),
                name => format!("write `{name} (...) {{ each as $item {{ ... }} }}`"),
            });
            return None;
        };
        if let Some(extra) = clauses.get(1) {
            self.error(extra.name.span, "a loop takes a single `each` block");
        }
        self.loop_depth += 1;
        let body = self.body_block(each);
        self.loop_depth -= 1;
        let index = each
            .index_alias
            .as_ref()
            .map(|alias| VarName::new(alias.text.trim_start_matches('$')));
        Some((self.alias(each), index, body))
    }

    fn try_catch(&mut self, call: &ast::Call) -> Option<StmtKind> {
        let mut body = None;
        let mut catch = None;
        let mut finally = None;
        for clause in self.clauses(call, &["try", "catch", "finally"]) {
            let block = self.body_block(clause);
            let slot = match clause.name.text.as_str() {
                "try" => &mut body,
                "catch" => &mut catch,
                _ => &mut finally,
            };
            if slot.is_some() {
                self.error(
                    clause.name.span,
                    format!("`{}` appears twice", clause.name.text),
                );
            }
            *slot = Some(block);
        }
        let Some(body) = body else {
            self.error(call.span, "`try_catch` needs a `try { ... }` block");
            return None;
        };
        let Some(catch) = catch else {
            self.error(call.span, "`try_catch` needs a `catch { ... }` block");
            return None;
        };
        Some(StmtKind::TryCatch(TryCatch {
            body,
            catch,
            finally,
        }))
    }

    fn group(&mut self, call: &ast::Call) -> Option<StmtKind> {
        let mut body = Block::default();
        for clause in self.clauses(call, &["stack"]) {
            body.statements.extend(self.body_block(clause).statements);
        }
        Some(StmtKind::Group(body))
    }

    fn function_run(&mut self, call: &ast::Call) -> Option<StmtKind> {
        let name = match &call.target {
            Some(ast::Target::Text(name) | ast::Target::Word(name)) => name.text.clone(),
            _ => {
                self.error(call.span, "`function.run` needs the function's name")
                    .hint =
                    Some("write `function.run \"name\" { input = { ... } } as $result`".into());
                return None;
            }
        };
        let mut attrs = self.attrs(call, &["input", "mock"])?;
        Some(StmtKind::FunctionRun(FunctionRun {
            name,
            input: attrs.take("input"),
            alias: self.alias(call),
            mock: attrs.take("mock"),
        }))
    }
}

/// "`a`, `b` and `c`", for messages.
fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "nothing".to_owned(),
    }
}
