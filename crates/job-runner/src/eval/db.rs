//! `db.*` statements at run time: their expressions evaluated, records
//! filtered as their table declares, and the result a plain request the
//! host's database answers. `db.transaction` brackets its block with
//! begin and commit, or rollback on any error or `throw`.

use runner_db::request::{
    Condition, FieldRef, Join, Lookup, Operand, Output, Paging, Query, Request, Sort,
};

use super::exec::{Interpreter, bind, host_result};
use super::runtime::{Flow, Frame};
use super::scope::Scope;
use crate::program::Block;
use crate::program::db::{
    Cond, CondOperand, DbOp, DbStmt, FieldPath, LookupExpr, QueryStmt, TableRef,
};
use crate::run::ErrorKind;
use crate::source::Span;
use crate::value::Value;

type Outcome = Result<(), Flow>;

impl Interpreter<'_> {
    pub(super) fn db(&mut self, frame: &mut Frame, span: Span, db: &DbStmt) -> Outcome {
        if let DbOp::Transaction { body } = &db.op {
            return self.db_transaction(frame, span, body);
        }
        let result = match self.mocked(frame, &db.mock)? {
            Some(mocked) => mocked,
            None => {
                let request = Requests {
                    interpreter: self,
                    frame,
                    span,
                }
                .build(&db.op)?;
                let json = host_result(self.rt.host.db(request), self.rt, &frame.function, span)?;
                Value::from_json(&json)
            }
        };
        bind(frame, &db.alias, result);
        Ok(())
    }

    fn db_transaction(&mut self, frame: &mut Frame, span: Span, body: &Block) -> Outcome {
        host_result(
            self.rt.host.db(Request::Begin),
            self.rt,
            &frame.function,
            span,
        )?;
        let outcome = self.block(frame, body);
        let commit = matches!(
            outcome,
            Ok(()) | Err(Flow::Return(_) | Flow::Break | Flow::Continue)
        );
        let end = if commit {
            Request::Commit
        } else {
            Request::Rollback
        };
        let ended = host_result(self.rt.host.db(end), self.rt, &frame.function, span);
        match (outcome, ended) {
            // The block's own failure is what the run reports, not the rollback's.
            (Err(flow), _) if !commit => Err(flow),
            (_, Err(flow)) => Err(flow),
            (outcome, Ok(_)) => outcome,
        }
    }
}

/// Builds the request of one statement in the statement's frame.
struct Requests<'a, 'r> {
    interpreter: &'a Interpreter<'r>,
    frame: &'a Frame,
    span: Span,
}

impl Requests<'_, '_> {
    fn scope(&self) -> Scope<'_> {
        Scope::new(self.interpreter.rt, self.frame)
    }

    fn fail(&self, kind: ErrorKind, message: String) -> Flow {
        self.interpreter
            .rt
            .error(&self.frame.function, self.span, kind, message)
    }

    /// `value` as the JSON a request carries, refused with a limit error
    /// when it is nested too deep (or too large) to write out: `to_json`
    /// would cut it at the cap and store something else than the job built.
    fn json(&self, value: &Value) -> Result<serde_json::Value, Flow> {
        self.interpreter
            .rt
            .check_written_size(&self.frame.function, self.span, value)?;
        Ok(value.to_json())
    }

    fn build(&self, op: &DbOp) -> Result<Request, Flow> {
        let scope = self.scope();
        Ok(match op {
            DbOp::Query(query) => Request::Query(self.query(query)?),
            DbOp::Get(lookup) => Request::Get(self.lookup(lookup)?),
            DbOp::Has(lookup) => Request::Has(self.lookup(lookup)?),
            DbOp::Delete(lookup) => Request::Delete(self.lookup(lookup)?),
            DbOp::Add { table, data } => Request::Add {
                table: table.name.clone(),
                record: self.record(table, scope.value(data)?)?,
            },
            DbOp::Edit { lookup, data } => Request::Edit {
                lookup: self.lookup(lookup)?,
                record: self.record(&lookup.table, scope.value(data)?)?,
            },
            DbOp::AddOrEdit { lookup, data } => Request::AddOrEdit {
                lookup: self.lookup(lookup)?,
                record: self.record(&lookup.table, scope.value(data)?)?,
            },
            DbOp::Truncate { table, reset } => Request::Truncate {
                table: table.name.clone(),
                reset: match reset {
                    Some(expr) => scope.value(expr)?.is_truthy(),
                    None => false,
                },
            },
            DbOp::BulkAdd { table, data } => {
                let items = match scope.value(data)? {
                    Value::Array(items) => std::sync::Arc::unwrap_or_clone(items),
                    other => {
                        return Err(self.fail(
                            ErrorKind::InputError,
                            format!(
                                "`db.bulk.add` needs an array of records as `data`, got {}",
                                other.type_name()
                            ),
                        ));
                    }
                };
                let records = items
                    .into_iter()
                    .map(|item| self.record(table, item))
                    .collect::<Result<_, _>>()?;
                Request::BulkAdd {
                    table: table.name.clone(),
                    records,
                }
            }
            DbOp::BulkUpdate {
                table,
                condition,
                data,
            } => Request::BulkUpdate {
                table: table.name.clone(),
                condition: self.optional_condition(condition.as_ref())?,
                record: self.record(table, scope.value(data)?)?,
            },
            DbOp::BulkDelete { table, condition } => Request::BulkDelete {
                table: table.name.clone(),
                condition: self.optional_condition(condition.as_ref())?,
            },
            DbOp::DirectQuery {
                sql,
                args,
                response_type,
            } => {
                let sql = match scope.value(sql)? {
                    Value::Text(sql) if !sql.trim().is_empty() => sql,
                    other => {
                        return Err(self.fail(
                            ErrorKind::InputError,
                            format!(
                                "`db.direct_query` needs `sql` text, got {}",
                                other.type_name()
                            ),
                        ));
                    }
                };
                let args = match args {
                    None => Vec::new(),
                    Some(expr) => match scope.value(expr)? {
                        Value::Array(items) => items
                            .iter()
                            .map(|item| self.json(item))
                            .collect::<Result<_, _>>()?,
                        Value::Null => Vec::new(),
                        other => vec![self.json(&other)?],
                    },
                };
                let single = match response_type {
                    None => false,
                    Some(expr) => match scope.value(expr)?.to_text().as_str() {
                        "single" => true,
                        "list" | "" => false,
                        other => {
                            return Err(self.fail(
                                ErrorKind::InputError,
                                format!("`response_type` is `list` or `single`, not `{other}`"),
                            ));
                        }
                    },
                };
                Request::DirectQuery { sql, args, single }
            }
            DbOp::Transaction { .. } => Request::Begin,
        })
    }

    /// A written record, filtered and coerced as its table declares.
    fn record(&self, table: &TableRef, value: Value) -> Result<runner_db::Record, Flow> {
        let Some(decl) = self.interpreter.rt.job.tables.get(&table.name) else {
            return Err(self.fail(
                ErrorKind::InputError,
                format!("unknown table `{}`", table.name),
            ));
        };
        self.interpreter
            .rt
            .check_written_size(&self.frame.function, self.span, &value)?;
        crate::job::records::prepare(decl, value)
            .map_err(|message| self.fail(ErrorKind::InputError, message))
    }

    fn lookup(&self, lookup: &LookupExpr) -> Result<Lookup, Flow> {
        let scope = self.scope();
        let field = match scope.value(&lookup.field)? {
            Value::Text(field) if !field.is_empty() => field,
            other => {
                return Err(self.fail(
                    ErrorKind::InputError,
                    format!(
                        "`field_name` must name a field of `{}`, got {}",
                        lookup.table.name,
                        other.short_display()
                    ),
                ));
            }
        };
        Ok(Lookup {
            table: lookup.table.name.clone(),
            field,
            value: self.json(&scope.value(&lookup.value)?)?,
        })
    }

    fn query(&self, query: &QueryStmt) -> Result<Query, Flow> {
        let mut joins = Vec::with_capacity(query.joins.len());
        for join in &query.joins {
            joins.push(Join {
                alias: join.alias.clone(),
                table: join.table.name.clone(),
                kind: join.kind,
                // A join whose every comparison was null-safe and null joins everything.
                on: self
                    .condition(&join.on)?
                    .unwrap_or(Condition::And(Vec::new())),
            });
        }
        Ok(Query {
            table: query.table.name.clone(),
            joins,
            condition: self.optional_condition(query.condition.as_ref())?,
            eval: query
                .eval
                .iter()
                .map(|(name, path)| (name.clone(), field_ref(path)))
                .collect(),
            sort: query
                .sort
                .iter()
                .map(|(path, order)| Sort {
                    field: field_ref(path),
                    order: *order,
                })
                .collect(),
            output: self.output(query)?,
        })
    }

    /// `return = { type: "list" | "single" | "count" | "exists", paging: {..} }`.
    fn output(&self, query: &QueryStmt) -> Result<Output, Flow> {
        let Some(expr) = &query.output else {
            return Ok(Output::List { paging: None });
        };
        let value = self.scope().value(expr)?;
        let Value::Object(spec) = value else {
            return Err(self.fail(
                ErrorKind::InputError,
                "`return` must be an object such as `{ type: \"list\" }`".to_owned(),
            ));
        };
        let kind = spec
            .get("type")
            .map(Value::to_text)
            .unwrap_or_else(|| "list".to_owned());
        Ok(match kind.as_str() {
            "list" => Output::List {
                paging: match spec.get("paging") {
                    None | Some(Value::Null) => None,
                    Some(Value::Object(paging)) => Some(self.paging(paging)?),
                    Some(other) => {
                        return Err(self.fail(
                            ErrorKind::InputError,
                            format!("`paging` must be an object, got {}", other.type_name()),
                        ));
                    }
                },
            },
            "single" => Output::Single,
            "count" => Output::Count,
            "exists" => Output::Exists,
            other => {
                return Err(self.fail(
                    ErrorKind::InputError,
                    format!("unknown return type `{other}`; use list, single, count or exists"),
                ));
            }
        })
    }

    fn paging(&self, paging: &crate::value::Object) -> Result<Paging, Flow> {
        let number = |key: &str, default: u64| -> Result<u64, Flow> {
            match paging.get(key) {
                None | Some(Value::Null) => Ok(default),
                Some(value) => match value.to_number().map(|n| n.as_f64()) {
                    Some(n) if n >= 1.0 && n.fract() == 0.0 => Ok(n as u64),
                    _ => Err(self.fail(
                        ErrorKind::InputError,
                        format!(
                            "`paging.{key}` must be a whole number of at least 1, got {}",
                            value.short_display()
                        ),
                    )),
                },
            }
        };
        Ok(Paging {
            page: number("page", 1)?,
            per_page: number("per_page", 25)?,
            totals: paging.get("totals").is_some_and(Value::is_truthy),
        })
    }

    fn optional_condition(&self, condition: Option<&Cond>) -> Result<Option<Condition>, Flow> {
        match condition {
            Some(condition) => self.condition(condition),
            None => Ok(None),
        }
    }

    /// The condition with its values; `None` when it holds for every record
    /// (a null-safe comparison with null is ignored, as Xano does).
    fn condition(&self, condition: &Cond) -> Result<Option<Condition>, Flow> {
        Ok(match condition {
            Cond::And(parts) => {
                let mut kept = Vec::new();
                for part in parts {
                    kept.extend(self.condition(part)?);
                }
                Some(Condition::And(kept))
            }
            Cond::Or(parts) => {
                let mut kept = Vec::new();
                for part in parts {
                    match self.condition(part)? {
                        Some(part) => kept.push(part),
                        None => return Ok(None),
                    }
                }
                Some(Condition::Or(kept))
            }
            Cond::Not(inner) => Some(match self.condition(inner)? {
                Some(inner) => Condition::Not(Box::new(inner)),
                None => Condition::Or(Vec::new()),
            }),
            Cond::Compare {
                field,
                op,
                null_safe,
                operand,
            } => {
                let operand = match operand {
                    CondOperand::Field(other) => Operand::Field(field_ref(other)),
                    CondOperand::Value(expr) => {
                        let value = self.scope().value(expr)?;
                        if *null_safe && value.is_null() {
                            return Ok(None);
                        }
                        Operand::Value(self.json(&value)?)
                    }
                };
                Some(Condition::Compare {
                    field: field_ref(field),
                    op: *op,
                    operand,
                })
            }
        })
    }
}

fn field_ref(path: &FieldPath) -> FieldRef {
    FieldRef::new(path.table.clone(), path.field.clone())
}
