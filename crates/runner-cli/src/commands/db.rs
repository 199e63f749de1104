//! `runner-cli db`: the jobs' database from the command line. `tables`
//! (with row counts), `dump TABLE` (JSON Lines or CSV), `load TABLE FILE`
//! (all records or none), `reset [TABLE]` (recreated and seeded from its
//! items: the way past a refused schema change) and `sql` (read-only).
//!
//! The tables are those every job of the jobs folder declares. Records go
//! to stdout, one per line; sensitive fields are shown as `[redacted]`, as
//! in every other printout.

use std::path::Path;
use std::sync::Arc;

use clap::{Args, Subcommand, ValueEnum};
use indexmap::IndexMap;
use job_runner::job::TableDecl;
use runner_db::{Record, Table};

use crate::database::{DatabaseArgs, Service, cli_error};
use crate::error::CliError;
use crate::exit_codes;
use crate::output;
use crate::redact::Redactor;

#[derive(Debug, Args)]
pub(crate) struct DbArgs {
    #[command(subcommand)]
    pub(crate) action: DbAction,

    #[command(flatten)]
    pub(crate) database: DatabaseArgs,
}

#[derive(Debug, Subcommand)]
pub(crate) enum DbAction {
    /// Each declared table and its number of records.
    Tables,
    /// Print every record of TABLE, in id order.
    Dump {
        table: String,
        #[arg(long, value_enum, default_value_t = DumpFormat::Jsonl)]
        format: DumpFormat,
    },
    /// Add the records of FILE (JSON Lines, one object per line) to TABLE,
    /// all of them or none.
    Load {
        table: String,
        file: std::path::PathBuf,
    },
    /// Drop TABLE (every declared table without one) and create it again
    /// from its declaration, seeded from its items. Its records are lost.
    Reset { table: Option<String> },
    /// Run one SQL statement that only reads, and print its rows.
    Sql { statement: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DumpFormat {
    Jsonl,
    Csv,
}

pub(crate) fn run(jobs_dir: &Path, args: &DbArgs, redactor: &Redactor) -> Result<i32, CliError> {
    let decls = declared_tables(jobs_dir)?;
    let tables: Vec<Table> = decls.iter().map(|decl| decl.table.clone()).collect();
    let location = args.database.location(jobs_dir)?;
    if let DbAction::Reset { table } = &args.action {
        let service = Service::open(&location, &[])?;
        let reset = service
            .block_on(service.database().reset(&tables, table.as_deref()))
            .map_err(|error| cli_error(&error))?;
        output::eprint(
            redactor,
            &format!("reset {} in {}", quoted(&reset), location.describe()),
        );
        return Ok(exit_codes::SUCCESS);
    }
    let service = Service::open(&location, &tables)?;
    let database = service.database();
    match &args.action {
        DbAction::Tables => {
            let counts = service
                .block_on(database.counts())
                .map_err(|error| cli_error(&error))?;
            if counts.is_empty() {
                output::eprint(
                    redactor,
                    "no job declares a table: add `tables/NAME.xs` with `table \"NAME\" { schema { int id } }`",
                );
            }
            for (name, count) in counts {
                output::print(redactor, &format!("{name}\t{count}"));
            }
        }
        DbAction::Dump { table, format } => {
            let records = service
                .block_on(database.dump(table))
                .map_err(|error| cli_error(&error))?;
            let declared = tables.iter().find(|t| &t.name == table);
            let records: Vec<Record> = records
                .into_iter()
                .map(|record| hide_sensitive(declared, record))
                .collect();
            match format {
                DumpFormat::Jsonl => {
                    for record in records {
                        output::print(redactor, &serde_json::Value::Object(record).to_string());
                    }
                }
                DumpFormat::Csv => output::print(redactor, csv(declared, &records).trim_end()),
            }
        }
        DbAction::Load { table, file } => {
            let decl = decls.iter().find(|decl| decl.name() == table);
            let records = read_jsonl(file, decl)?;
            let now = jiff::Timestamp::now().as_millisecond();
            let count = service
                .block_on(database.load(table, records, now))
                .map_err(|error| {
                    cli_error(&error)
                        .with_hint(format!("nothing of `{}` was loaded", file.display()))
                })?;
            output::eprint(redactor, &format!("loaded {count} records into `{table}`"));
        }
        DbAction::Sql { statement } => {
            let rows = service
                .block_on(database.read_only_query(statement))
                .map_err(|error| cli_error(&error))?;
            // A column named like a sensitive field of a declared table is hidden.
            let sensitive: Vec<&str> = tables
                .iter()
                .flat_map(|table| &table.fields)
                .filter(|field| field.sensitive)
                .map(|field| field.name.as_str())
                .collect();
            for mut row in rows {
                for (column, value) in row.iter_mut() {
                    if sensitive.contains(&column.as_str()) && !value.is_null() {
                        *value = serde_json::Value::String("[redacted]".to_owned());
                    }
                }
                output::print(redactor, &serde_json::Value::Object(row).to_string());
            }
        }
        DbAction::Reset { .. } => {}
    }
    service.block_on(database.close());
    Ok(exit_codes::SUCCESS)
}

/// Every table the jobs declare, once each; two jobs declaring one table
/// differently cannot share one database.
fn declared_tables(jobs_dir: &Path) -> Result<Vec<Arc<TableDecl>>, CliError> {
    let catalog = super::load_catalog(jobs_dir)?;
    let mut tables: IndexMap<String, (Arc<TableDecl>, String)> = IndexMap::new();
    for job in catalog.jobs() {
        for decl in job.tables.values() {
            match tables.get(decl.name()) {
                Some((first, _))
                    if first.table.fields == decl.table.fields
                        && first.table.indexes == decl.table.indexes => {}
                Some((_, first_job)) => {
                    return Err(CliError::config(format!(
                        "table `{}` is declared differently by the jobs `{first_job}` and `{}`",
                        decl.name(),
                        job.name
                    ))
                    .with_hint("one database holds one table of a name: declare it once, in the shared `tables/` beside the job folders"));
                }
                None => {
                    tables.insert(decl.name().to_owned(), (Arc::clone(decl), job.name.clone()));
                }
            }
        }
    }
    Ok(tables.into_values().map(|(table, _)| table).collect())
}

fn hide_sensitive(table: Option<&Table>, mut record: Record) -> Record {
    for field in table
        .iter()
        .flat_map(|table| &table.fields)
        .filter(|field| field.sensitive)
    {
        if let Some(value) = record.get_mut(&field.name).filter(|value| !value.is_null()) {
            *value = serde_json::Value::String("[redacted]".to_owned());
        }
    }
    record
}

/// RFC 4180: a header of field names, then one line per record; text as
/// is, arrays and objects as JSON, null as an empty cell.
fn csv(table: Option<&Table>, records: &[Record]) -> String {
    let columns: Vec<String> = match table {
        Some(table) => table
            .fields
            .iter()
            .filter(|field| field.ty != runner_db::FieldType::Password)
            .map(|field| field.name.clone())
            .collect(),
        None => records
            .first()
            .map(|r| r.keys().cloned().collect())
            .unwrap_or_default(),
    };
    let cell = |text: String| {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text
        }
    };
    let mut out = columns
        .iter()
        .map(|c| cell(c.clone()))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for record in records {
        let line: Vec<String> = columns
            .iter()
            .map(|column| match record.get(column) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(text)) => cell(text.clone()),
                Some(other) => cell(other.to_string()),
            })
            .collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// The records of a JSON Lines file, each filtered as its table declares
/// (as every write is); a bad line names its file and line.
fn read_jsonl(file: &Path, table: Option<&Arc<TableDecl>>) -> Result<Vec<Record>, CliError> {
    let text = std::fs::read_to_string(file).map_err(|error| {
        CliError::usage(format!("cannot read `{}`", file.display())).caused_by(&error)
    })?;
    let mut records = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(record)) => match table {
                Some(decl) => {
                    let value =
                        job_runner::value::Value::from_json(&serde_json::Value::Object(record));
                    let prepared =
                        job_runner::job::records::prepare(decl, value).map_err(|message| {
                            CliError::invalid_input(format!(
                                "{}:{}: {message}",
                                file.display(),
                                i + 1
                            ))
                            .with_hint(format!("nothing of `{}` was loaded", file.display()))
                        })?;
                    records.push(prepared);
                }
                None => records.push(record),
            },
            Ok(_) => {
                return Err(CliError::invalid_input(format!(
                    "{}:{}: a line must be one JSON object",
                    file.display(),
                    i + 1
                )));
            }
            Err(error) => {
                return Err(CliError::invalid_input(format!(
                    "{}:{}: not JSON: {error}",
                    file.display(),
                    i + 1
                )));
            }
        }
    }
    Ok(records)
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
