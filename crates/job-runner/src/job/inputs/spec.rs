//! From `input { ... }` declarations to [`InputSpec`]s, with diagnostics for
//! declarations that cannot work (unknown types, bad defaults, bad filters).

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::job::constant::{NowPolicy, constant_value};
use crate::job::inputs::{coerce, filters};
use crate::job::model::{InputSpec, InputType};
use crate::source::SourceFile;
use crate::suggest;
use crate::syntax::ast::{self, Entry, ExprKind};
use crate::value::Value;

/// Every input type word, for "did you mean".
const TYPE_WORDS: &[&str] = &[
    "text",
    "int",
    "decimal",
    "bool",
    "json",
    "email",
    "timestamp",
    "date",
    "uuid",
    "enum",
    "object",
    "password",
];

/// Xano types that need Xano's services (files, vectors, geography, tables).
const UNSUPPORTED_TYPES: &[&str] = &[
    "file",
    "image",
    "video",
    "audio",
    "attachment",
    "vector",
    "geo_point",
    "geo_polygon",
    "geo_linestring",
    "geo_multipoint",
    "geo_multipolygon",
    "geo_multilinestring",
    "dblink",
];

/// Attributes an input's `{ ... }` block may hold.
const FIELD_ATTRIBUTES: &[&str] = &["description", "sensitive", "values", "table"];

/// Builds the specs of an `input { ... }` (or `schema { ... }`) block.
pub fn build_input_specs(
    file: &Arc<SourceFile>,
    block: &ast::InputBlock,
) -> (Vec<InputSpec>, Vec<Diagnostic>) {
    let mut builder = SpecBuilder {
        file,
        diagnostics: Vec::new(),
    };
    let specs = builder.block(block);
    (specs, builder.diagnostics)
}

struct SpecBuilder<'a> {
    file: &'a Arc<SourceFile>,
    diagnostics: Vec<Diagnostic>,
}

impl SpecBuilder<'_> {
    fn error(&mut self, span: crate::source::Span, message: String, hint: Option<String>) {
        let diagnostic = Diagnostic::error(self.file, span, message);
        self.diagnostics.push(match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        });
    }

    fn warning(&mut self, span: crate::source::Span, message: String, hint: Option<String>) {
        let diagnostic = Diagnostic::warning(self.file, span, message);
        self.diagnostics.push(match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        });
    }

    fn block(&mut self, block: &ast::InputBlock) -> Vec<InputSpec> {
        let mut specs: Vec<InputSpec> = Vec::with_capacity(block.fields.len());
        for field in &block.fields {
            if let Some(first) = specs.iter().find(|spec| spec.name == field.name.text) {
                let at = self.file.line_col(first.span.start);
                self.error(
                    field.name.span,
                    format!("input `{}` is declared twice", field.name.text),
                    Some(format!(
                        "the first declaration is on line {}; remove or rename one",
                        at.line
                    )),
                );
                continue;
            }
            if let Some(spec) = self.field(field) {
                specs.push(spec);
            }
        }
        specs
    }

    fn field(&mut self, field: &ast::InputField) -> Option<InputSpec> {
        let word = field.ty.text.as_str();
        let Some(ty) = InputType::parse(word) else {
            self.unknown_type(&field.ty);
            return None;
        };
        let mut spec = InputSpec {
            name: field.name.text.clone(),
            ty,
            is_array: field.is_array,
            array_bounds: field.bounds,
            nullable: field.nullable,
            optional: field.optional,
            default: None,
            filters: Vec::new(),
            sensitive: false,
            description: None,
            enum_values: Vec::new(),
            schema: Vec::new(),
            span: field.span,
        };
        for filter in &field.filters {
            match filters::check_declaration(filter) {
                Ok(()) => spec.filters.push(filter.clone()),
                // An unknown filter is skipped with a warning so a typo does not
                // stop the job; a malformed known one is an error.
                Err(mismatch) if !filters::KNOWN.contains(&filter.name.text.as_str()) => {
                    self.warning(filter.name.span, mismatch.message, mismatch.hint)
                }
                Err(mismatch) => self.error(filter.name.span, mismatch.message, mismatch.hint),
            }
        }
        if let Some(body) = &field.body {
            self.body(&mut spec, body);
        }
        if ty == InputType::Enum && spec.enum_values.is_empty() {
            self.error(
                field.name.span,
                format!("enum input `{}` has no `values`", spec.name),
                Some("add `{ values = [\"a\", \"b\"] }` after the declaration".to_owned()),
            );
        }
        if let Some(default) = &field.default {
            spec.default = self.default(&spec, default);
        }
        Some(spec)
    }

    fn unknown_type(&mut self, ty: &ast::Name) {
        let word = ty.text.as_str();
        if UNSUPPORTED_TYPES.contains(&word) {
            self.error(
                ty.span,
                format!("input type `{word}` is not supported by this runner"),
                Some("it needs Xano's file, vector or database services; use `json` or `text` locally".to_owned()),
            );
            return;
        }
        let alias = match word {
            "string" | "str" => Some("text"),
            "integer" | "number" | "long" => Some("int"),
            "float" | "double" => Some("decimal"),
            "boolean" => Some("bool"),
            "datetime" => Some("timestamp"),
            "array" | "list" => Some("json"),
            _ => None,
        };
        let hint = match alias {
            Some(alias) => Some(format!("XanoScript calls it `{alias}`")),
            None => suggest::did_you_mean(word, TYPE_WORDS.iter().copied())
                .or_else(|| Some(format!("known types: {}", TYPE_WORDS.join(", ")))),
        };
        self.error(ty.span, format!("unknown input type `{word}`"), hint);
    }

    fn body(&mut self, spec: &mut InputSpec, body: &ast::Body) {
        for entry in &body.entries {
            match entry {
                Entry::Attribute(attribute) => self.attribute(spec, attribute),
                Entry::Inputs(block) if block.keyword.text == "schema" => {
                    if spec.ty != InputType::Object {
                        self.error(
                            block.keyword.span,
                            format!(
                                "only `object` inputs take a `schema`, `{}` is {}",
                                spec.name,
                                spec.ty.name()
                            ),
                            Some("declare it `object` or remove the schema".to_owned()),
                        );
                        continue;
                    }
                    if !spec.schema.is_empty() {
                        self.error(
                            block.keyword.span,
                            format!("input `{}` has two `schema` blocks", spec.name),
                            None,
                        );
                        continue;
                    }
                    spec.schema = self.block(block);
                }
                Entry::Inputs(block) => self.error(
                    block.keyword.span,
                    format!(
                        "unexpected `{}` block inside input `{}`",
                        block.keyword.text, spec.name
                    ),
                    Some("an input's block holds `schema { ... }` and attributes".to_owned()),
                ),
                Entry::Call(call) => self.error(
                    call.name.span,
                    format!(
                        "unexpected `{}` inside input `{}`",
                        call.name.text, spec.name
                    ),
                    Some(format!(
                        "an input's block holds attributes: {}",
                        FIELD_ATTRIBUTES.join(", ")
                    )),
                ),
            }
        }
    }

    fn attribute(&mut self, spec: &mut InputSpec, attribute: &ast::Attribute) {
        let key = attribute.key.text.as_str();
        let value = &attribute.value;
        match (key, &value.kind) {
            ("description", ExprKind::Text(text)) => spec.description = Some(text.clone()),
            ("sensitive", ExprKind::Bool(flag)) => spec.sensitive = *flag,
            ("values", ExprKind::Array(items)) => {
                for item in items {
                    match &item.kind {
                        ExprKind::Text(text) => spec.enum_values.push(text.clone()),
                        ExprKind::Int(i) => spec.enum_values.push(i.to_string()),
                        _ => self.error(item.span, "enum values must be text".to_owned(), None),
                    }
                }
                if spec.ty != InputType::Enum {
                    self.warning(
                        attribute.key.span,
                        format!(
                            "`values` only applies to `enum` inputs, `{}` is {}",
                            spec.name,
                            spec.ty.name()
                        ),
                        None,
                    );
                }
            }
            // A foreign key to a Xano table: there is no database here to check it against.
            ("table", _) => self.warning(
                attribute.key.span,
                format!(
                    "`table` on input `{}` is not checked by this runner",
                    spec.name
                ),
                None,
            ),
            ("description", _) | ("sensitive", _) | ("values", _) => {
                let wanted = match key {
                    "description" => "text",
                    "sensitive" => "true or false",
                    _ => "an array of text",
                };
                self.error(value.span, format!("`{key}` must be {wanted}"), None);
            }
            _ => self.warning(
                attribute.key.span,
                format!("unknown attribute `{key}` on input `{}`", spec.name),
                suggest::did_you_mean(key, FIELD_ATTRIBUTES.iter().copied())
                    .or_else(|| Some(format!("known attributes: {}", FIELD_ATTRIBUTES.join(", ")))),
            ),
        }
    }

    /// Reads a default and checks it fits the input, so a bad default is a
    /// load error rather than a surprise at run time.
    fn default(&mut self, spec: &InputSpec, expr: &ast::Expr) -> Option<Value> {
        let allows_now = matches!(spec.ty, InputType::Timestamp | InputType::Date);
        let policy = if allows_now {
            NowPolicy::AsText
        } else {
            NowPolicy::Reject
        };
        if !allows_now && expr.kind == ExprKind::Now {
            self.error(
                expr.span,
                format!(
                    "`now` is a default for timestamp and date inputs only, `{}` is {}",
                    spec.name,
                    spec.ty.name()
                ),
                Some("declare the input `timestamp`, or write a constant default".to_owned()),
            );
            return None;
        }
        let value = match constant_value(expr, policy) {
            Ok(value) => value,
            Err(problem) => {
                self.error(
                    problem.span,
                    format!("the default of `{}`: {}", spec.name, problem.message),
                    problem.hint,
                );
                return None;
            }
        };
        if value.is_null() {
            if !spec.nullable {
                self.error(
                    expr.span,
                    format!(
                        "the default of `{}` is null but the input is not nullable",
                        spec.name
                    ),
                    Some(format!(
                        "declare it `{}?` or leave the default out",
                        spec.ty.name()
                    )),
                );
            }
            return Some(value);
        }
        let check = match (&value, spec.is_array) {
            (Value::Array(items), true) => items
                .iter()
                .filter(|item| !item.is_null())
                .try_for_each(|item| coerce::coerce(spec, item, spec.sensitive).map(|_| ())),
            (_, true) => Err(coerce::Mismatch {
                message: format!(
                    "expected an array, got {}",
                    coerce::shown(&value, spec.sensitive)
                ),
                hint: None,
            }),
            (_, false) => coerce::coerce(spec, &value, spec.sensitive).map(|_| ()),
        };
        if let Err(mismatch) = check {
            self.error(
                expr.span,
                format!(
                    "the default of `{}` does not fit its type: {}",
                    spec.name, mismatch.message
                ),
                mismatch.hint,
            );
        }
        Some(value)
    }
}
