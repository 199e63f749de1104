//! Every way a database operation can fail, each naming the table and the
//! field it is about. Values of sensitive fields never appear in messages.

/// What kind of failure it is, for whoever maps errors to statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request was wrong: unknown names, wrong types, a duplicate.
    Input,
    /// The record the request names does not exist.
    NotFound,
    /// The database cannot be reached or is busy: trying later may work.
    Unavailable,
    /// The declared tables differ from the stored ones in a way that loses data.
    Schema,
    /// Anything else the backend refused.
    Backend,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DbError {
    #[error("unknown table `{table}`{}", did_you_mean(.suggestion))]
    UnknownTable {
        table: String,
        suggestion: Option<String>,
    },
    #[error("table `{table}` has no field `{field}`{}", did_you_mean(.suggestion))]
    UnknownField {
        table: String,
        field: String,
        suggestion: Option<String>,
    },
    #[error("table `{table}` cannot be used: {reason}")]
    InvalidTable { table: String, reason: String },
    #[error("`{table}.{field}` is {expected}, got {got}")]
    WrongType {
        table: String,
        field: String,
        expected: String,
        got: String,
    },
    #[error("`{table}.{field}` is required")]
    Required { table: String, field: String },
    #[error("`{table}.{field}` {reason}")]
    Invalid {
        table: String,
        field: String,
        reason: String,
    },
    #[error("`{table}` already has a record with {} {value}", field_list(.fields))]
    Duplicate {
        table: String,
        fields: Vec<String>,
        /// The duplicated value, or `(sensitive)` for a sensitive field.
        value: String,
    },
    #[error("no record of `{table}` has `{field}` = {value}")]
    NotFound {
        table: String,
        field: String,
        value: String,
    },
    #[error("table `{table}`: {change}")]
    SchemaChange { table: String, change: String },
    #[error("the database is locked by another process: {detail}")]
    Locked { detail: String },
    #[error("cannot reach the database at {target}: {detail}")]
    Unavailable { target: String, detail: String },
    #[error("an earlier statement of this transaction failed, so it can only be rolled back")]
    TransactionFailed,
    #[error("{0}")]
    InvalidRequest(String),
    #[error("the database refused the statement: {0}")]
    Backend(String),
}

impl DbError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            DbError::UnknownTable { .. }
            | DbError::UnknownField { .. }
            | DbError::WrongType { .. }
            | DbError::Required { .. }
            | DbError::Invalid { .. }
            | DbError::Duplicate { .. }
            | DbError::InvalidRequest(_) => ErrorKind::Input,
            DbError::NotFound { .. } => ErrorKind::NotFound,
            DbError::Locked { .. } | DbError::Unavailable { .. } => ErrorKind::Unavailable,
            DbError::InvalidTable { .. } | DbError::SchemaChange { .. } => ErrorKind::Schema,
            DbError::TransactionFailed | DbError::Backend(_) => ErrorKind::Backend,
        }
    }

    /// The table the error is about, when it is about one.
    pub fn table(&self) -> Option<&str> {
        match self {
            DbError::UnknownTable { table, .. }
            | DbError::UnknownField { table, .. }
            | DbError::InvalidTable { table, .. }
            | DbError::WrongType { table, .. }
            | DbError::Required { table, .. }
            | DbError::Invalid { table, .. }
            | DbError::Duplicate { table, .. }
            | DbError::NotFound { table, .. }
            | DbError::SchemaChange { table, .. } => Some(table),
            _ => None,
        }
    }
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|close| format!(" (did you mean `{close}`?)"))
        .unwrap_or_default()
}

fn field_list(fields: &[String]) -> String {
    match fields {
        [one] => format!("`{one}` ="),
        many => format!(
            "({}) =",
            many.iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
