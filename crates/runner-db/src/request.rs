//! What can be asked of a database, with every value already evaluated:
//! plain data, so the caller (the interpreter) needs no SQL and this crate
//! needs no XanoScript.

use serde_json::Value;

use crate::model::Record;

/// One database operation, as the `db.*` statements of Xano describe them.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// `db.query`
    Query(Query),
    /// `db.get`: the record whose `field` equals `value`, or null.
    Get(Lookup),
    /// `db.has`: whether such a record exists.
    Has(Lookup),
    /// `db.add`: inserts `record`; answers the stored record.
    Add { table: String, record: Record },
    /// `db.edit` and `db.patch`: changes the fields of `record` in the
    /// record found by `lookup`; answers the changed record.
    Edit { lookup: Lookup, record: Record },
    /// `db.add_or_edit`: `Edit` when the lookup finds a record, `Add` otherwise.
    AddOrEdit { lookup: Lookup, record: Record },
    /// `db.del`: deletes the record found by `lookup`, if any.
    Delete(Lookup),
    /// `db.truncate`: deletes every record; `reset` restarts the ids at 1.
    Truncate { table: String, reset: bool },
    /// `db.bulk.add`: inserts every record, all or none; answers the count.
    BulkAdd { table: String, records: Vec<Record> },
    /// `db.bulk.update` and `db.bulk.patch`: sets `record`'s fields on every
    /// matching record; answers the count.
    BulkUpdate {
        table: String,
        condition: Option<Condition>,
        record: Record,
    },
    /// `db.bulk.delete`: answers the count.
    BulkDelete {
        table: String,
        condition: Option<Condition>,
    },
    /// `db.direct_query`: SQL as written, `?` placeholders bound to `args`.
    DirectQuery {
        sql: String,
        args: Vec<Value>,
        single: bool,
    },
    /// The start of `db.transaction { .. }`; nested ones are savepoints.
    Begin,
    /// Its successful end.
    Commit,
    /// Its end after an error or a `throw`: nothing it wrote stays.
    Rollback,
}

/// A record found by one field's value: `field_name` / `field_value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lookup {
    pub table: String,
    pub field: String,
    pub value: Value,
}

/// `db.query "table" { join where eval sort return }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub table: String,
    pub joins: Vec<Join>,
    pub condition: Option<Condition>,
    /// `eval = { name: $db.other.field }`: fields of joined tables added to each record.
    pub eval: Vec<(String, FieldRef)>,
    pub sort: Vec<Sort>,
    pub output: Output,
}

impl Query {
    /// Every record of `table`, in id order.
    pub fn all(table: impl Into<String>) -> Query {
        Query {
            table: table.into(),
            joins: Vec::new(),
            condition: None,
            eval: Vec::new(),
            sort: Vec::new(),
            output: Output::List { paging: None },
        }
    }
}

/// `join = { alias: { table, type, where } }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    /// The name `$db.<alias>.field` uses; the table's name when not given.
    pub alias: String,
    pub table: String,
    pub kind: JoinKind,
    pub on: Condition,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinKind {
    Inner,
    Left,
    Right,
}

/// `$db.table.field`, where `table` is the queried table or a join's alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    pub table: String,
    pub field: String,
}

impl FieldRef {
    pub fn new(table: impl Into<String>, field: impl Into<String>) -> FieldRef {
        FieldRef {
            table: table.into(),
            field: field.into(),
        }
    }
}

/// A `where` tree. Null-safe comparisons (`==?`) whose value was null are
/// dropped by the caller before it gets here, as Xano ignores them.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    And(Vec<Condition>),
    Or(Vec<Condition>),
    Not(Box<Condition>),
    Compare {
        field: FieldRef,
        op: Op,
        operand: Operand,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Value(Value),
    Field(FieldRef),
}

/// The operators of a `where`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    /// Text holds the value as a substring, ignoring case.
    Includes,
    /// An array field holds the value as an element (text: as a substring, case kept).
    Contains,
    NotContains,
    /// An array field shares at least one element with the value (an array).
    Overlaps,
    NotOverlaps,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "==",
            Op::NotEq => "!=",
            Op::Lt => "<",
            Op::LtEq => "<=",
            Op::Gt => ">",
            Op::GtEq => ">=",
            Op::Includes => "includes",
            Op::Contains => "contains",
            Op::NotContains => "not contains",
            Op::Overlaps => "overlaps",
            Op::NotOverlaps => "not overlaps",
        }
    }

    /// The operator seen from the other side: `5 < $db.t.x` is `$db.t.x > 5`.
    pub fn flipped(self) -> Option<Op> {
        Some(match self {
            Op::Eq => Op::Eq,
            Op::NotEq => Op::NotEq,
            Op::Lt => Op::Gt,
            Op::LtEq => Op::GtEq,
            Op::Gt => Op::Lt,
            Op::GtEq => Op::LtEq,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sort {
    pub field: FieldRef,
    pub order: Order,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
    /// `rand`: a random order.
    Random,
}

/// `return = { type: .. }`.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// An array of records, or with paging the reference's page object.
    List {
        paging: Option<Paging>,
    },
    /// The first record, or null.
    Single,
    Count,
    Exists,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// From 1.
    pub page: u64,
    pub per_page: u64,
    /// Add `itemsTotal` and `pageTotal`, at the cost of counting.
    pub totals: bool,
}
