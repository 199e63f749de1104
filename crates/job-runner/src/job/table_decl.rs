//! Reading `table "name" { schema { .. } index = [..] items = [..] }` from
//! a `tables/` (or `table/`) file into the database layer's table model,
//! with a diagnostic for each part this runner cannot store.
//!
//! Decisions where the reference is silent: `auth` and `description` are
//! accepted and have no effect here; `vector` fields and `search`/`vector`
//! indexes are unsupported (errors and warnings, respectively); an `id`
//! left out of the schema is an error, as every table needs `int id`.

use std::sync::Arc;

use runner_db::model::{DefaultValue, Field, FieldType, ID, Index, IndexKind, Table};

use crate::diagnostic::Diagnostic;
use crate::job::constant::{NowPolicy, constant_value};
use crate::job::model::{InputSpec, InputType};
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{self, Entry, Target};
use crate::value::Value;

const TABLE_ATTRIBUTES: &[&str] = &["auth", "description", "index", "items", "guid", "view"];
const FIELD_ATTRIBUTES: &[&str] = &["description", "sensitive", "values", "table", "size"];

/// One declared table and where it was declared.
#[derive(Debug, Clone)]
pub struct TableDecl {
    pub table: Table,
    pub file: Arc<SourceFile>,
    /// The `table "name"` call.
    pub span: Span,
    /// Each field's declaration, for messages about it.
    pub field_spans: Vec<(String, Span)>,
    /// The fields as inputs: how a written record is coerced and filtered
    /// (`filters=trim|lower`), as inputs are. Every one optional and
    /// nullable here: the database layer knows what is required.
    pub write_specs: Vec<InputSpec>,
}

impl TableDecl {
    pub fn name(&self) -> &str {
        &self.table.name
    }

    /// Where a field is declared, or the table itself.
    pub fn span_of(&self, field: &str) -> Span {
        self.field_spans
            .iter()
            .find(|(name, _)| name == field)
            .map_or(self.span, |(_, span)| *span)
    }
}

/// Every table a file declares; other constructs are errors.
pub fn read_tables(
    file: &Arc<SourceFile>,
    document: &ast::Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<TableDecl> {
    let mut tables = Vec::new();
    for item in &document.items {
        if item.name.text != "table" {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    item.name.span,
                    format!("unexpected `{}` in a table file", item.name.text),
                )
                .with_hint("files under tables/ hold `table \"name\" { schema { .. } }`"),
            );
            continue;
        }
        let mut reader = Reader {
            file,
            diagnostics: Vec::new(),
        };
        let table = reader.table(item);
        let failed = reader.diagnostics.iter().any(Diagnostic::blocks_run);
        diagnostics.extend(reader.diagnostics);
        if let Some(table) = table.filter(|_| !failed) {
            tables.push(table);
        }
    }
    tables
}

struct Reader<'a> {
    file: &'a Arc<SourceFile>,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, span: Span, message: String, hint: &str) {
        let diagnostic = Diagnostic::error(self.file, span, message);
        self.diagnostics.push(if hint.is_empty() {
            diagnostic
        } else {
            diagnostic.with_hint(hint)
        });
    }

    fn table(&mut self, item: &ast::Call) -> Option<TableDecl> {
        let name = match &item.target {
            Some(Target::Text(name) | Target::Word(name)) if !name.text.trim().is_empty() => {
                name.text.clone()
            }
            _ => {
                self.error(
                    item.name.span,
                    "`table` needs a name".to_owned(),
                    "write `table \"user\" { schema { int id } }`",
                );
                return None;
            }
        };
        let mut decl = TableDecl {
            table: Table {
                name,
                fields: Vec::new(),
                indexes: Vec::new(),
                items: Vec::new(),
            },
            file: Arc::clone(self.file),
            span: item.span,
            field_spans: Vec::new(),
            write_specs: Vec::new(),
        };
        let mut saw_schema = false;
        for entry in item.body.iter().flat_map(|body| &body.entries) {
            match entry {
                Entry::Inputs(block) if block.keyword.text == "schema" => {
                    saw_schema = true;
                    self.schema(&mut decl, block);
                }
                Entry::Attribute(attribute) => match attribute.key.text.as_str() {
                    "index" => decl.table.indexes = self.indexes(&attribute.value),
                    "items" => decl.table.items = self.items(&attribute.value),
                    key if TABLE_ATTRIBUTES.contains(&key) => {}
                    key => self.error(
                        attribute.key.span,
                        format!("`table` has no attribute `{key}`"),
                        "a table holds `schema { .. }`, `index = [..]`, `items = [..]`, `auth` and `description`",
                    ),
                },
                Entry::Inputs(block) => self.error(
                    block.keyword.span,
                    format!("a table declares its fields in `schema {{ .. }}`, not `{}`", block.keyword.text),
                    "",
                ),
                Entry::Call(call) => self.error(
                    call.name.span,
                    format!("`table` cannot hold `{}`", call.name.text),
                    "a table holds `schema { .. }`, `index = [..]` and `items = [..]`",
                ),
            }
        }
        if !saw_schema || decl.table.field(ID).is_none() {
            self.error(
                item.name.span,
                format!(
                    "table `{}` needs `int id` in its `schema {{ .. }}`",
                    decl.table.name
                ),
                "every table's primary key is `int id`, generated on add",
            );
            return None;
        }
        for index in &decl.table.indexes {
            for field in &index.fields {
                if decl.table.field(field).is_none() {
                    self.error(
                        item.span,
                        format!(
                            "an index of `{}` names the unknown field `{field}`",
                            decl.table.name
                        ),
                        "",
                    );
                }
            }
        }
        self.check_items(&decl);
        Some(decl)
    }

    fn schema(&mut self, decl: &mut TableDecl, block: &ast::InputBlock) {
        for field in &block.fields {
            if decl.table.field(&field.name.text).is_some() {
                self.error(
                    field.name.span,
                    format!("field `{}` is declared twice", field.name.text),
                    "",
                );
                continue;
            }
            if let Some(read) = self.field(field) {
                decl.field_spans.push((read.name.clone(), field.span));
                decl.write_specs.extend(write_spec(field, &read));
                decl.table.fields.push(read);
            }
        }
        if let Some(id) = decl.table.field(ID)
            && (id.ty != FieldType::Int || id.is_array)
        {
            let span = decl.span_of(ID);
            self.error(
                span,
                "`id` must be declared `int id`".to_owned(),
                "Xano tables are keyed by an int id",
            );
        }
    }

    fn field(&mut self, field: &ast::InputField) -> Option<Field> {
        let word = field.ty.text.as_str();
        if word == "vector" {
            self.error(field.ty.span, format!("`vector` field `{}` is not supported by this runner", field.name.text), "vector search needs Xano's PostgreSQL extension; remove the field to run the job locally");
            return None;
        }
        let Some(ty) = FieldType::parse(word) else {
            self.error(
                field.ty.span,
                format!("unknown field type `{word}`"),
                "field types are int, text, email, password, decimal, bool, timestamp, date, uuid, json, enum, image, video, audio, attachment",
            );
            return None;
        };
        let mut read = Field {
            name: field.name.text.clone(),
            ty,
            is_array: field.is_array,
            nullable: field.nullable,
            optional: field.optional,
            default: None,
            sensitive: false,
            values: Vec::new(),
            references: None,
        };
        if let Some(default) = &field.default {
            read.default = match &default.kind {
                ast::ExprKind::Now => Some(DefaultValue::Now),
                _ => match constant_value(default, NowPolicy::Reject) {
                    Ok(value) => Some(DefaultValue::Value(value.to_json())),
                    Err(problem) => {
                        self.error(
                            problem.span,
                            format!("the default of `{}`: {}", read.name, problem.message),
                            "",
                        );
                        None
                    }
                },
            };
        }
        for entry in field.body.iter().flat_map(|body| &body.entries) {
            let Entry::Attribute(attribute) = entry else {
                continue;
            };
            let value = constant_value(&attribute.value, NowPolicy::Reject).ok();
            match (attribute.key.text.as_str(), value) {
                ("sensitive", Some(Value::Bool(sensitive))) => read.sensitive = sensitive,
                ("values", Some(Value::Array(values))) => {
                    read.values = values.iter().map(Value::to_text).collect();
                }
                ("table", Some(Value::Text(table))) => read.references = Some(table),
                (key, _) if FIELD_ATTRIBUTES.contains(&key) => {}
                (key, _) => self.error(
                    attribute.key.span,
                    format!("field `{}` has no attribute `{key}`", read.name),
                    "fields take `description`, `sensitive`, `values` and `table`",
                ),
            }
        }
        if ty == FieldType::Enum && read.values.is_empty() {
            self.error(
                field.span,
                format!("enum field `{}` needs `values = [..]`", read.name),
                "write `enum status { values = [\"open\", \"closed\"] }`",
            );
        }
        Some(read)
    }

    fn indexes(&mut self, expr: &ast::Expr) -> Vec<Index> {
        let value = match constant_value(expr, NowPolicy::Reject) {
            Ok(Value::Array(items)) => items,
            _ => {
                self.error(
                    expr.span,
                    "`index` must be a list of `{type: .., field: [{name: ..}]}`".to_owned(),
                    "",
                );
                return Vec::new();
            }
        };
        let mut indexes = Vec::new();
        for item in value.iter() {
            let kind_word = item
                .as_object()
                .and_then(|o| o.get("type"))
                .map(Value::to_text)
                .unwrap_or_default();
            let fields: Vec<String> = item
                .as_object()
                .and_then(|o| o.get("field"))
                .and_then(|f| match f {
                    Value::Array(fields) => Some(
                        fields
                            .iter()
                            .filter_map(|f| f.as_object()?.get("name").map(Value::to_text))
                            .collect(),
                    ),
                    _ => None,
                })
                .unwrap_or_default();
            match IndexKind::parse(&kind_word) {
                Some(kind) if !fields.is_empty() => indexes.push(Index { kind, fields }),
                Some(_) => self.error(
                    expr.span,
                    format!("an index of type `{kind_word}` names no field"),
                    "write `field: [{name: \"email\"}]`",
                ),
                None if matches!(kind_word.as_str(), "search" | "vector") => self.diagnostics.push(
                    Diagnostic::warning(
                        self.file,
                        expr.span,
                        format!(
                            "`{kind_word}` indexes are not supported by this runner; it is ignored"
                        ),
                    )
                    .with_hint("queries still work, without the index"),
                ),
                None => self.error(
                    expr.span,
                    format!("unknown index type `{kind_word}`"),
                    "index types are primary, btree, btree|unique and gin",
                ),
            }
        }
        indexes
    }

    fn items(&mut self, expr: &ast::Expr) -> Vec<runner_db::Record> {
        match constant_value(expr, NowPolicy::Reject) {
            Ok(Value::Array(items)) if items.iter().all(|item| item.as_object().is_some()) => items
                .iter()
                .filter_map(|item| match item.to_json() {
                    serde_json::Value::Object(record) => Some(record),
                    _ => None,
                })
                .collect(),
            Ok(_) => {
                self.error(
                    expr.span,
                    "`items` must be a list of records `{ field: value }`".to_owned(),
                    "",
                );
                Vec::new()
            }
            Err(problem) => {
                self.error(
                    problem.span,
                    format!("`items` must be constants: {}", problem.message),
                    "",
                );
                Vec::new()
            }
        }
    }

    /// Seed items name declared fields only, with values their filters accept.
    fn check_items(&mut self, decl: &TableDecl) {
        for (i, item) in decl.table.items.iter().enumerate() {
            let record = Value::from_json(&serde_json::Value::Object(item.clone()));
            if let Err(message) = crate::job::records::prepare(decl, record) {
                self.error(
                    decl.span,
                    format!("item {} of `{}`: {message}", i + 1, decl.table.name),
                    "",
                );
            }
        }
    }
}

/// The input a field is when a record is written: its type, filters, enum
/// values and sensitivity; file fields and JSON take any value.
fn write_spec(field: &ast::InputField, read: &Field) -> Option<InputSpec> {
    let ty = match read.ty {
        FieldType::Json | FieldType::File => InputType::Json,
        FieldType::Int => InputType::Int,
        FieldType::Text => InputType::Text,
        FieldType::Email => InputType::Email,
        FieldType::Password => InputType::Password,
        FieldType::Decimal => InputType::Decimal,
        FieldType::Bool => InputType::Bool,
        FieldType::Timestamp => InputType::Timestamp,
        FieldType::Date => InputType::Date,
        FieldType::Uuid => InputType::Uuid,
        FieldType::Enum => InputType::Enum,
    };
    Some(InputSpec {
        name: read.name.clone(),
        ty,
        is_array: read.is_array,
        array_bounds: field.bounds,
        nullable: true,
        optional: true,
        default: None,
        filters: field.filters.clone(),
        sensitive: read.sensitive,
        description: None,
        enum_values: read.values.clone(),
        schema: Vec::new(),
        span: field.span,
    })
}
