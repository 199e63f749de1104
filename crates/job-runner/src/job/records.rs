//! A record on its way into a table: its fields coerced and filtered as
//! inputs are (`filters=trim|lower` run on every write), and every key a
//! declared field. The database layer then checks what it stores.

use crate::job::inputs::check_inputs;
use crate::job::table_decl::TableDecl;
use crate::suggest;
use crate::value::Value;

/// The record `value` (an object) ready for `table`, or why it is not.
pub fn prepare(table: &TableDecl, value: Value) -> Result<runner_db::Record, String> {
    let name = table.name();
    let Value::Object(object) = value else {
        return Err(format!(
            "a record of `{name}` must be an object, got {}",
            value.type_name()
        ));
    };
    let checked = check_inputs(&table.write_specs, &object).map_err(|errors| {
        errors
            .problems
            .iter()
            .map(|problem| format!("`{name}.{}` {}", problem.path, problem.message))
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    if let Some(unknown) = checked.ignored.first() {
        let key = unknown
            .path
            .split(['.', '['])
            .next()
            .unwrap_or(&unknown.path);
        let fields = table.table.fields.iter().map(|field| field.name.as_str());
        let mut message = format!("table `{name}` has no field `{key}`");
        if let Some(close) = suggest::closest(key, fields) {
            message.push_str(&format!(" (did you mean `{close}`?)"));
        }
        return Err(message);
    }
    match Value::object(checked.values).to_json() {
        serde_json::Value::Object(record) => Ok(record),
        _ => Ok(runner_db::Record::new()),
    }
}
