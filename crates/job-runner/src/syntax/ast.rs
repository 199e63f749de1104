//! The syntax tree of a `.xs` file, with spans, free of runtime concerns.
//!
//! XanoScript is regular: nearly everything is a *call*, written
//! `name.path [target] [(arg)] [{ body }] [as $alias]`, whose body holds
//! `key = expr` attributes and nested calls. The parser produces that generic
//! shape; `program` and `job` give it meaning (which statements exist, which
//! attributes they take), so the grammar never has to know every statement.
//! Input declarations (`text name?=1 filters=trim { ... }`) have a shape of
//! their own and get their own node.

use crate::source::Span;

/// A whole file: its top-level constructs (`run.job "..." {..}`, `function "..." {..}`).
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub items: Vec<Call>,
}

/// A name with its span: an identifier or a dotted path such as `var.update`.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

/// `name.path [target] [(arg)] [{ body }] [as $alias]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Dotted name, e.g. `var`, `var.update`, `api.request`, `if`, `each`.
    pub name: Name,
    /// What the call acts on, written right after its name.
    pub target: Option<Target>,
    /// The parenthesised argument: `if (cond)`, `foreach ($items)`, `expect.to_equal ($x)`.
    pub arg: Option<Expr>,
    /// The `{ ... }` block, when present.
    pub body: Option<Body>,
    /// `as $name` after the call (for `each as $item`, `} as $result`).
    pub alias: Option<Name>,
    /// The second name of `each as $item, $index`.
    pub index_alias: Option<Name>,
    /// From the first character of the name to the end of the call.
    pub span: Span,
}

/// What a call names right after itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// `var $x`, `math.add $total`, `var.update $o.items[$i].name`: a
    /// variable and the path inside it.
    Variable(VarTarget),
    /// `function "send_digest"`, `run.job "Weekly Digest"`, `test "works"`.
    Text(Name),
    /// An unquoted word: `function send_digest`.
    Word(Name),
}

impl Target {
    /// The name the target gives: the variable's (without `$`), or the text or word.
    pub fn name(&self) -> &Name {
        match self {
            Target::Variable(target) => &target.root,
            Target::Text(name) | Target::Word(name) => name,
        }
    }
}

/// `$name.field[index]...` after a statement's name.
#[derive(Debug, Clone, PartialEq)]
pub struct VarTarget {
    /// The variable, without its `$` (`$var.x` keeps `var`: lowering resolves it).
    pub root: Name,
    /// The steps into the variable, in order.
    pub path: Vec<PathStep>,
    /// The whole target as written, `$` included.
    pub span: Span,
}

/// One step of a target's path.
#[derive(Debug, Clone, PartialEq)]
pub enum PathStep {
    /// `.name` or `.0`: a key of an object, or a position in an array.
    Field(Name),
    /// `[expr]`: a position in an array, or a key of an object.
    Index(Expr),
}

/// The inside of a `{ ... }` block, in source order.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub entries: Vec<Entry>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// `key = expr`
    Attribute(Attribute),
    /// A nested call: a statement, a clause (`if`, `try`), a section (`stack`).
    Call(Call),
    /// An `input { ... }` or `schema { ... }` block of declarations.
    Inputs(InputBlock),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub key: Name,
    pub value: Expr,
    pub span: Span,
}

/// `input { ... }` (or `schema { ... }` inside an object input).
#[derive(Debug, Clone, PartialEq)]
pub struct InputBlock {
    /// `input` or `schema`.
    pub keyword: Name,
    pub fields: Vec<InputField>,
    pub span: Span,
}

/// One declaration: `text[]? name? = default filters=trim|max:5 { attrs }`.
#[derive(Debug, Clone, PartialEq)]
pub struct InputField {
    /// The type word: `text`, `int`, `object`, `enum`, ...
    pub ty: Name,
    /// `type[]`: an array of that type.
    pub is_array: bool,
    /// `type[1:10]`: bounds on the array's length (`None` for plain `type[]`).
    pub bounds: Option<ArrayBounds>,
    /// `type?`: the value may be null.
    pub nullable: bool,
    pub name: Name,
    /// `name?`: the caller may leave it out.
    pub optional: bool,
    /// `name?=value`.
    pub default: Option<Expr>,
    /// `filters=trim|max:5`: each filter with its raw arguments (input filters
    /// take unquoted arguments such as `pattern:^[a-z]+$`).
    pub filters: Vec<InputFilter>,
    /// The `{ ... }` after the declaration: attributes (`description`,
    /// `sensitive`, `values`) and, for objects, a nested `schema` block.
    pub body: Option<Body>,
    pub span: Span,
}

/// `[min:max]` after an input type: `int[1:10]`, `text[:5]`, `text[2:]`;
/// `[3]` means exactly three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArrayBounds {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InputFilter {
    pub name: Name,
    /// Raw argument text, split on `:`.
    pub args: Vec<String>,
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Null,
    Bool(bool),
    Int(i64),
    Decimal(f64),
    /// A string literal with escapes resolved (also `"""` multi-line strings).
    Text(String),
    /// `now`: the current timestamp.
    Now,
    Array(Vec<Expr>),
    /// `{ key: value, ... }` in source order; keys may be quoted, bare or computed.
    Object(Vec<(ObjectKey, Expr)>),
    /// A variable root: `$input`, `$env`, `$var`, `$x`, `$$`, `$index`...
    /// `name` is without the `$` (`$$` is stored as `$`).
    Variable(String),
    /// `expr.field`
    Field(Box<Expr>, Name),
    /// `expr[index]`
    Index(Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `expr|name:arg1:arg2`, or `|name:arg1` with no subject (`|range:1:5`,
    /// `|uuid`): the filter then sees null.
    Filter {
        value: Option<Box<Expr>>,
        name: Name,
        args: Vec<Expr>,
    },
    /// `math.add(5, 3)`, `object.keys($o)`: a function of a namespace,
    /// which lowering turns into the filter of that name applied to the
    /// first argument.
    Call {
        name: Name,
        args: Vec<Expr>,
    },
    /// `condition ? then : otherwise`.
    Ternary {
        condition: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// `start..end`: the integers from `start` to `end`, both included.
    Range(Box<Expr>, Box<Expr>),
    /// `...expr` as an element of an array literal: the elements of `expr`
    /// take its place. The parser builds it nowhere else.
    Spread(Box<Expr>),
    /// A backtick expression: `` `$a + 1` ``; evaluated as its inner expression.
    Backtick(Box<Expr>),
}

/// The key of one object entry.
#[derive(Debug, Clone, PartialEq)]
pub enum ObjectKey {
    /// `name:`, `"name":`, `user.id:` or `1:`: the key as written. A quoted
    /// key stays literal even when it starts with `$` (`"$type":`).
    Literal(Name),
    /// `$key:` or `($prefix ~ "_id"):`: the value of the expression is the key.
    Computed(Expr),
}

impl ObjectKey {
    /// The key's text when it is written out, `None` when it is computed.
    pub fn literal(&self) -> Option<&Name> {
        match self {
            ObjectKey::Literal(name) => Some(name),
            ObjectKey::Computed(_) => None,
        }
    }

    pub fn span(&self) -> Span {
        match self {
            ObjectKey::Literal(name) => name.span,
            ObjectKey::Computed(expr) => expr.span,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `!`
    Not,
    /// `-`
    Negate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    /// `~`: text concatenation.
    Concat,
    /// `==` (loose)
    Eq,
    /// `!=` (loose)
    NotEq,
    /// `===`
    StrictEq,
    /// `!==`
    StrictNotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    And,
    Or,
    /// `??`
    NullCoalesce,
    /// `==?`, `!=?`, `<?`, `<=?`, `>?`, `>=?`: true when the right side is
    /// null, else the plain comparison (Xano's "ignore if null", which
    /// `db.query` filters are built from).
    NullSafe(Comparison),
    /// `includes`, `contains`, `not contains`, `overlaps`, `not overlaps`:
    /// the word operators of `db.query` filters.
    Match(MatchOp),
}

/// The word operators, as Xano's database reference writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchOp {
    /// Text holds the value, ignoring case.
    Includes,
    /// An array holds the value as an element (text: as a substring).
    Contains,
    NotContains,
    /// Two arrays share an element.
    Overlaps,
    NotOverlaps,
}

/// The comparisons that have a null-safe form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
}

impl Comparison {
    /// The plain operator this comparison is.
    pub fn op(self) -> BinaryOp {
        match self {
            Comparison::Eq => BinaryOp::Eq,
            Comparison::NotEq => BinaryOp::NotEq,
            Comparison::Lt => BinaryOp::Lt,
            Comparison::LtEq => BinaryOp::LtEq,
            Comparison::Gt => BinaryOp::Gt,
            Comparison::GtEq => BinaryOp::GtEq,
        }
    }
}

impl BinaryOp {
    /// `&&`, `||` and `??`, which may leave their right side unevaluated.
    pub fn short_circuits(self) -> bool {
        matches!(self, BinaryOp::And | BinaryOp::Or | BinaryOp::NullCoalesce)
    }

    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Rem => "%",
            BinaryOp::Concat => "~",
            BinaryOp::Eq => "==",
            BinaryOp::NotEq => "!=",
            BinaryOp::StrictEq => "===",
            BinaryOp::StrictNotEq => "!==",
            BinaryOp::Lt => "<",
            BinaryOp::LtEq => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::GtEq => ">=",
            BinaryOp::And => "&&",
            BinaryOp::Or => "||",
            BinaryOp::NullCoalesce => "??",
            BinaryOp::NullSafe(Comparison::Eq) => "==?",
            BinaryOp::NullSafe(Comparison::NotEq) => "!=?",
            BinaryOp::NullSafe(Comparison::Lt) => "<?",
            BinaryOp::NullSafe(Comparison::LtEq) => "<=?",
            BinaryOp::NullSafe(Comparison::Gt) => ">?",
            BinaryOp::NullSafe(Comparison::GtEq) => ">=?",
            BinaryOp::Match(MatchOp::Includes) => "includes",
            BinaryOp::Match(MatchOp::Contains) => "contains",
            BinaryOp::Match(MatchOp::NotContains) => "not contains",
            BinaryOp::Match(MatchOp::Overlaps) => "overlaps",
            BinaryOp::Match(MatchOp::NotOverlaps) => "not overlaps",
        }
    }
}
