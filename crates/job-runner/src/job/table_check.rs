//! Checking at load what `db.*` statements name against the declared
//! tables: a typo in a table or field shows in `runner-cli check`, with a
//! suggestion, not halfway through a run that already wrote records.

use std::sync::Arc;

use indexmap::IndexMap;

use crate::diagnostic::Diagnostic;
use crate::job::model::Function;
use crate::job::table_decl::TableDecl;
use crate::program::db::{DbOp, FieldPath, TableRef};
use crate::program::{Expr, ExprKind, Key, db_statements};
use crate::suggest;
use crate::value::Value;

type Tables = IndexMap<String, Arc<TableDecl>>;

pub(crate) fn check_db_statements(
    functions: &IndexMap<String, Arc<Function>>,
    tables: &Tables,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for function in functions.values() {
        for (db, _) in db_statements(&function.stack) {
            let mut check = Checker {
                function,
                tables,
                diagnostics,
            };
            check.statement(&db.op);
        }
    }
}

struct Checker<'a> {
    function: &'a Function,
    tables: &'a Tables,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, span: crate::source::Span, message: String, hint: String) {
        self.diagnostics
            .push(Diagnostic::error(&self.function.file, span, message).with_hint(hint));
    }

    fn table(&mut self, table: &TableRef) -> Option<Arc<TableDecl>> {
        if let Some(found) = self.tables.get(&table.name) {
            return Some(Arc::clone(found));
        }
        let hint = match suggest::closest(&table.name, self.tables.keys().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!(
                "declare it in tables/{}.xs as `table \"{}\" {{ schema {{ int id ... }} }}`",
                table.name, table.name
            ),
        };
        self.error(table.span, format!("unknown table `{}`", table.name), hint);
        None
    }

    fn field(&mut self, decl: &TableDecl, field: &str, span: crate::source::Span) {
        if decl.table.field(field).is_some() {
            return;
        }
        let known = decl.table.fields.iter().map(|f| f.name.as_str());
        let hint = match suggest::closest(field, known) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!(
                "`{}` has {}",
                decl.name(),
                suggest::quoted_list(
                    &decl
                        .table
                        .fields
                        .iter()
                        .map(|f| f.name.clone())
                        .collect::<Vec<_>>()
                )
            ),
        };
        self.error(
            span,
            format!("table `{}` has no field `{field}`", decl.name()),
            hint,
        );
    }

    /// The written-out keys of a `data = { .. }` object.
    fn data_keys(&mut self, decl: &TableDecl, data: &Expr) {
        if let ExprKind::Object(entries) = &data.kind {
            for (key, _) in entries {
                if let Key::Text(name) = key {
                    self.field(decl, name, data.span);
                }
            }
        }
        if let Some(Value::Object(object)) = data.as_const() {
            for key in object.keys() {
                self.field(decl, key, data.span);
            }
        }
    }

    fn lookup_field(&mut self, decl: &TableDecl, field: &Expr) {
        if let Some(Value::Text(name)) = field.as_const() {
            self.field(decl, name, field.span);
        }
    }

    fn paths(&mut self, scope: &[(String, Arc<TableDecl>)], paths: &[&FieldPath]) {
        for path in paths {
            match scope.iter().find(|(alias, _)| *alias == path.table) {
                Some((_, decl)) => {
                    let decl = Arc::clone(decl);
                    self.field(&decl, &path.field, path.span);
                }
                None => {
                    let names: Vec<String> = scope.iter().map(|(alias, _)| alias.clone()).collect();
                    self.error(
                        path.span,
                        format!(
                            "`$db.{}.{}` names `{}`, which this query does not read",
                            path.table, path.field, path.table
                        ),
                        format!("the query reads {}", suggest::quoted_list(&names)),
                    );
                }
            }
        }
    }

    fn statement(&mut self, op: &DbOp) {
        let Some(table) = op.table() else { return };
        let Some(decl) = self.table(table) else {
            return;
        };
        let mut scope = vec![(decl.name().to_owned(), Arc::clone(&decl))];
        match op {
            DbOp::Query(query) => {
                let mut paths = Vec::new();
                for join in &query.joins {
                    if let Some(joined) = self.table(&join.table) {
                        scope.push((join.alias.clone(), joined));
                    }
                    join.on.fields(&mut paths);
                }
                if let Some(condition) = &query.condition {
                    condition.fields(&mut paths);
                }
                paths.extend(query.eval.iter().map(|(_, path)| path));
                paths.extend(query.sort.iter().map(|(path, _)| path));
                self.paths(&scope, &paths);
            }
            DbOp::Get(lookup) | DbOp::Has(lookup) | DbOp::Delete(lookup) => {
                self.lookup_field(&decl, &lookup.field);
            }
            DbOp::Edit { lookup, data } | DbOp::AddOrEdit { lookup, data } => {
                self.lookup_field(&decl, &lookup.field);
                self.data_keys(&decl, data);
            }
            DbOp::Add { data, .. } => self.data_keys(&decl, data),
            DbOp::BulkUpdate {
                condition, data, ..
            } => {
                let mut paths = Vec::new();
                if let Some(condition) = condition {
                    condition.fields(&mut paths);
                }
                self.paths(&scope, &paths);
                self.data_keys(&decl, data);
            }
            DbOp::BulkDelete { condition, .. } => {
                let mut paths = Vec::new();
                if let Some(condition) = condition {
                    condition.fields(&mut paths);
                }
                self.paths(&scope, &paths);
            }
            DbOp::Truncate { .. }
            | DbOp::BulkAdd { .. }
            | DbOp::DirectQuery { .. }
            | DbOp::Transaction { .. } => {}
        }
    }
}
