//! Building SQL text in which values can only be bound parameters.
//!
//! [`Sql::push`] takes `&'static str`, so only fragments written in this
//! crate's source reach the text; names go through [`Sql::ident`], which
//! quotes them; every value goes through [`Sql::bind`] as a placeholder.
//! Whatever a job passes in, it cannot change the statement.

use super::Dialect;

/// How a value is stored: the backends' column classes this crate uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Int,
    Real,
    Bool,
    Text,
    Json,
}

/// One bound value with its storage class (a null keeps its class, since
/// PostgreSQL types parameters).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Null(Kind),
    Int(i64),
    Real(f64),
    Bool(bool),
    Text(String),
    Json(serde_json::Value),
}

/// A statement being built: its text and the values of its placeholders.
#[derive(Debug, Clone)]
pub(crate) struct Sql {
    pub(crate) dialect: Dialect,
    pub(crate) text: String,
    pub(crate) binds: Vec<Cell>,
}

impl Sql {
    pub(crate) fn new(dialect: Dialect) -> Sql {
        Sql {
            dialect,
            text: String::with_capacity(128),
            binds: Vec::new(),
        }
    }

    /// SQL written in this crate: keywords, operators, punctuation.
    pub(crate) fn push(&mut self, fragment: &'static str) -> &mut Sql {
        self.text.push_str(fragment);
        self
    }

    /// A table, column or index name, quoted (inner quotes doubled), so any
    /// name is only ever a name.
    pub(crate) fn ident(&mut self, name: &str) -> &mut Sql {
        self.text.push('"');
        for c in name.chars() {
            if c == '"' {
                self.text.push('"');
            }
            self.text.push(c);
        }
        self.text.push('"');
        self
    }

    /// `"table"."column"`.
    pub(crate) fn column(&mut self, table: &str, column: &str) -> &mut Sql {
        self.ident(table).push(".").ident(column)
    }

    /// A value, as the next placeholder.
    pub(crate) fn bind(&mut self, cell: Cell) -> &mut Sql {
        self.binds.push(cell);
        match self.dialect {
            Dialect::Sqlite => self.text.push('?'),
            Dialect::Postgres => {
                self.text.push('$');
                self.text.push_str(&self.binds.len().to_string());
            }
        }
        self
    }

    /// `a, b, c` with `each` writing one item.
    pub(crate) fn list<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut each: impl FnMut(&mut Sql, T),
    ) -> &mut Sql {
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            each(self, item);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hostile_name_stays_one_quoted_identifier() {
        let mut sql = Sql::new(Dialect::Sqlite);
        sql.push("SELECT * FROM ").ident("x\"; DROP TABLE y; --");
        assert_eq!(sql.text, r#"SELECT * FROM "x""; DROP TABLE y; --""#);
    }

    #[test]
    fn values_become_numbered_placeholders_on_postgres() {
        let mut sql = Sql::new(Dialect::Postgres);
        sql.push("a = ")
            .bind(Cell::Text("'; DROP".into()))
            .push(" AND b = ")
            .bind(Cell::Int(1));
        assert_eq!(sql.text, "a = $1 AND b = $2");
        assert_eq!(sql.binds.len(), 2);
    }
}
