//! What a table is: its fields with their types and rules, its indexes and
//! the items that seed it. Built by whoever reads table declarations (the
//! interpreter reads XanoScript's `table "name" { .. }`); this crate only
//! stores and enforces it.

use serde::{Deserialize, Serialize};

use crate::error::DbError;

/// A JSON object: a record, in its table's field order.
pub type Record = serde_json::Map<String, serde_json::Value>;

/// The primary key every table has, as Xano's do: `int id`, generated.
pub const ID: &str = "id";

/// One table as declared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    /// Declared fields, `id` first.
    pub fields: Vec<Field>,
    pub indexes: Vec<Index>,
    /// `items = [..]`: records written when the table is created (or reset).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Record>,
}

/// One field of a table's `schema { .. }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    pub ty: FieldType,
    /// `text[] tags`: an array of `ty`, stored as JSON.
    #[serde(default)]
    pub is_array: bool,
    /// `text? name`: null is a value it may hold.
    #[serde(default)]
    pub nullable: bool,
    /// `name?`: a write may leave it out.
    #[serde(default)]
    pub optional: bool,
    /// `name?=value`: what a write that leaves it out stores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    /// `sensitive = true`: its values never appear in messages.
    #[serde(default)]
    pub sensitive: bool,
    /// For `enum`: the allowed values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// `table = "other"`: the table whose `id` this field holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub references: Option<String>,
}

/// The field types of Xano's table reference that this runner stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Int,
    Text,
    Email,
    /// Stored hashed; never returned by reads.
    Password,
    Decimal,
    Bool,
    /// Epoch milliseconds.
    Timestamp,
    /// `YYYY-MM-DD`.
    Date,
    Uuid,
    Json,
    Enum,
    /// File fields (`image`, `video`, `audio`, `attachment`): their metadata as JSON.
    File,
}

impl FieldType {
    /// The type word of a declaration; `None` for words that are not field types.
    pub fn parse(word: &str) -> Option<FieldType> {
        Some(match word {
            "int" => FieldType::Int,
            "text" => FieldType::Text,
            "email" => FieldType::Email,
            "password" => FieldType::Password,
            "decimal" => FieldType::Decimal,
            "bool" => FieldType::Bool,
            "timestamp" => FieldType::Timestamp,
            "date" => FieldType::Date,
            "uuid" => FieldType::Uuid,
            "json" | "object" => FieldType::Json,
            "enum" => FieldType::Enum,
            "image" | "video" | "audio" | "attachment" => FieldType::File,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            FieldType::Int => "int",
            FieldType::Text => "text",
            FieldType::Email => "email",
            FieldType::Password => "password",
            FieldType::Decimal => "decimal",
            FieldType::Bool => "bool",
            FieldType::Timestamp => "timestamp",
            FieldType::Date => "date",
            FieldType::Uuid => "uuid",
            FieldType::Json => "json",
            FieldType::Enum => "enum",
            FieldType::File => "file",
        }
    }
}

/// What an omitted field gets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DefaultValue {
    /// `?=now`: the time of the write.
    Now,
    Value(serde_json::Value),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub kind: IndexKind,
    /// The indexed fields, in order.
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexKind {
    /// The `id` key; every table has it whether declared or not.
    Primary,
    Btree,
    /// `btree|unique`: no two records share the fields' values.
    Unique,
    /// Accepted for JSON fields; stored as a plain index where the backend has no GIN.
    Gin,
}

impl IndexKind {
    pub fn parse(word: &str) -> Option<IndexKind> {
        Some(match word {
            "primary" => IndexKind::Primary,
            "btree" => IndexKind::Btree,
            "btree|unique" | "unique" => IndexKind::Unique,
            "gin" => IndexKind::Gin,
            _ => return None,
        })
    }
}

impl Table {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.name == name)
    }

    /// The field named `name`, or an error naming the table and the closest field.
    pub fn require_field(&self, name: &str) -> Result<&Field, DbError> {
        self.field(name).ok_or_else(|| DbError::UnknownField {
            table: self.name.clone(),
            field: name.to_owned(),
            suggestion: closest(name, self.fields.iter().map(|f| f.name.as_str())),
        })
    }

    /// Checks what the backends rely on: an `int id`, names that are not
    /// empty or reserved, no field twice, indexes on declared fields.
    pub fn validate(&self) -> Result<(), DbError> {
        let invalid = |reason: String| DbError::InvalidTable {
            table: self.name.clone(),
            reason,
        };
        if self.name.trim().is_empty() || self.name.contains('\0') {
            return Err(invalid("the table needs a name".to_owned()));
        }
        if self.name.starts_with("_runner") || self.name.starts_with("sqlite_") {
            return Err(invalid(
                "names starting with `_runner` or `sqlite_` are reserved".to_owned(),
            ));
        }
        match self.field(ID) {
            Some(field) if field.ty == FieldType::Int && !field.is_array => {}
            Some(_) => return Err(invalid("`id` must be declared `int id`".to_owned())),
            None => {
                return Err(invalid(
                    "every table needs `int id` as its primary key".to_owned(),
                ));
            }
        }
        for (i, field) in self.fields.iter().enumerate() {
            if !is_identifier(&field.name) {
                return Err(invalid(format!(
                    "`{}` is not a usable field name (letters, digits and `_`)",
                    field.name
                )));
            }
            if self.fields[..i]
                .iter()
                .any(|other| other.name == field.name)
            {
                return Err(invalid(format!("field `{}` is declared twice", field.name)));
            }
            if field.ty == FieldType::Enum && field.values.is_empty() {
                return Err(invalid(format!(
                    "enum field `{}` needs `values = [..]`",
                    field.name
                )));
            }
        }
        for index in &self.indexes {
            for name in &index.fields {
                if self.field(name).is_none() {
                    return Err(invalid(format!(
                        "an index names the unknown field `{name}`"
                    )));
                }
            }
        }
        Ok(())
    }

    /// The unique indexes, `id`'s excepted.
    pub fn unique_indexes(&self) -> impl Iterator<Item = &Index> {
        self.indexes
            .iter()
            .filter(|index| index.kind == IndexKind::Unique)
    }
}

/// Letters, digits and `_`, not starting with a digit: what field names are.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 63
}

/// The candidate closest to `name`, when near enough to be a likely typo.
pub(crate) fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    candidates
        .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate))
        .filter(|&(distance, candidate)| distance <= (candidate.len() / 3).max(1) + 1)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate.to_owned())
}
