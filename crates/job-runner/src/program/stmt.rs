//! The typed statements: one variant per statement, each carrying a struct
//! of its own, so the code that runs a statement receives exactly that
//! statement's parts.

use super::{ArrayOp, Block, Expr, MathOp, ObjectOp, Place, QueryOp, SetOp, TakeOp, VarName, db};
use crate::filters::Filter;

#[derive(Debug)]
pub enum StmtKind {
    Var(VarStmt),
    VarUpdate(VarUpdate),
    Conditional(Conditional),
    Switch(Switch),
    Foreach(Foreach),
    For(ForLoop),
    While(WhileLoop),
    Break,
    Continue,
    Precondition(Precondition),
    Throw(Throw),
    TryCatch(TryCatch),
    /// `return { value = e }`.
    Return(Expr),
    /// `debug.log { value = e }`.
    DebugLog(Expr),
    /// `group { stack {..} }`: organisational only, no new scope.
    Group(Block),
    FunctionRun(FunctionRun),
    ApiRequest(ApiRequest),
    MakeTrigger(MakeTrigger),
    Math(MathStmt),
    ArrayModify(ArrayModify),
    ArrayTake(ArrayTake),
    ArrayQuery(ArrayQuery),
    ArraySet(ArraySet),
    FilterInPlace(FilterInPlace),
    FilterInto(FilterInto),
    TextModify(TextModify),
    ObjectQuery(ObjectQuery),
    /// `util.sleep { value = seconds }`.
    Sleep(Expr),
    /// `security.create_uuid as $id`.
    CreateUuid(Alias),
    RandomNumber(RandomNumber),
    /// `security.random_bytes`, `create_password`, `create_secret_key`, `check_password`.
    Security(Box<super::security_stmt::SecurityStmt>),
    /// `db.query`, `db.add`, `db.transaction` and the other `db.*` statements.
    Db(Box<db::DbStmt>),
}

/// The `as $name` a statement stores its result in, when it has one.
pub type Alias = Option<VarName>;

/// `var $x { value = e }` (declaring again assigns).
#[derive(Debug)]
pub struct VarStmt {
    pub name: VarName,
    pub value: Expr,
    /// `mock = { "test name": value }`, used when that inline test runs.
    pub mock: Option<Expr>,
}

/// `var.update $x.path { value = e }`.
#[derive(Debug)]
pub struct VarUpdate {
    pub place: Place,
    pub value: Expr,
}

/// `conditional { if (e) {..} elseif (e) {..} else {..} }`.
#[derive(Debug)]
pub struct Conditional {
    pub branches: Vec<(Expr, Block)>,
    pub otherwise: Option<Block>,
}

/// `switch (e) { case (v) {..} break default {..} }`.
#[derive(Debug)]
pub struct Switch {
    pub subject: Expr,
    pub cases: Vec<Case>,
    pub default: Option<Block>,
}

#[derive(Debug)]
pub struct Case {
    pub value: Expr,
    pub body: Block,
    /// `} break` followed the case; without it, execution falls through.
    pub breaks: bool,
}

/// `foreach (e) { each as $item, $index {..} }`.
#[derive(Debug)]
pub struct Foreach {
    pub list: Expr,
    pub item: Option<VarName>,
    pub index: Option<VarName>,
    pub body: Block,
}

/// `for (n) { each as $i {..} }`.
#[derive(Debug)]
pub struct ForLoop {
    pub count: Expr,
    pub index: Option<VarName>,
    pub body: Block,
}

/// `while (e) { each {..} }`.
#[derive(Debug)]
pub struct WhileLoop {
    pub condition: Expr,
    pub body: Block,
}

/// `precondition (e) { error_type = .. error = .. payload = .. }`.
#[derive(Debug)]
pub struct Precondition {
    pub condition: Expr,
    pub error_type: Option<Expr>,
    pub message: Option<Expr>,
    pub payload: Option<Expr>,
}

/// `throw { name = .. value = .. }`.
#[derive(Debug)]
pub struct Throw {
    pub name: Expr,
    pub value: Expr,
}

/// `try_catch { try {..} catch {..} finally {..} }`.
#[derive(Debug)]
pub struct TryCatch {
    pub body: Block,
    pub catch: Block,
    pub finally: Option<Block>,
}

/// `function.run "name" { input = {..} } as $r`.
#[derive(Debug)]
pub struct FunctionRun {
    pub name: String,
    pub input: Option<Expr>,
    pub alias: Alias,
    pub mock: Option<Expr>,
}

/// `api.request { url method params headers timeout } as $r`.
#[derive(Debug)]
pub struct ApiRequest {
    pub url: Expr,
    pub method: Option<Expr>,
    pub params: Option<Expr>,
    pub headers: Option<Expr>,
    pub timeout: Option<Expr>,
    pub alias: Alias,
    pub mock: Option<Expr>,
}

/// `make.trigger_scenario { webhook_url scenario_name payload chunk_size } as $r`.
#[derive(Debug)]
pub struct MakeTrigger {
    pub webhook_url: Expr,
    pub scenario_name: Expr,
    pub payload: Expr,
    pub chunk_size: Option<Expr>,
    pub alias: Alias,
    pub mock: Option<Expr>,
}

/// `math.add $x { value = e }` and friends: `$x = $x op e`.
#[derive(Debug)]
pub struct MathStmt {
    pub op: MathOp,
    pub place: Place,
    pub value: Option<Expr>,
}

/// `array.push $a { value = e }`, `array.unshift`, `array.merge`.
#[derive(Debug)]
pub struct ArrayModify {
    pub op: ArrayOp,
    pub place: Place,
    pub value: Expr,
}

/// `array.pop $a as $last`, `array.shift $a as $first`.
#[derive(Debug)]
pub struct ArrayTake {
    pub op: TakeOp,
    pub place: Place,
    pub alias: Alias,
}

/// `array.filter $a if (cond) as $r`, `array.find`, `array.map ($a) { by = e } as $r`:
/// `$this` (and `$$`) is the item, `$index` its position.
#[derive(Debug)]
pub struct ArrayQuery {
    pub op: QueryOp,
    pub list: Expr,
    pub by: Expr,
    pub alias: Alias,
}

/// `array.union ($a) { value = $b by = $this.id } as $r` and the other set operations.
#[derive(Debug)]
pub struct ArraySet {
    pub op: SetOp,
    pub list: Expr,
    pub other: Expr,
    pub by: Option<Expr>,
    pub alias: Alias,
}

/// `text.trim $t { value = " " }`: a filter applied to the target, whose
/// value the result replaces (the filter's own implementation runs).
#[derive(Debug)]
pub struct FilterInPlace {
    pub place: Place,
    pub filter: &'static Filter,
    pub args: Vec<Expr>,
}

/// `text.contains $t { value = "x" } as $found`: a filter applied to the
/// target, the result stored in the alias.
#[derive(Debug)]
pub struct FilterInto {
    pub subject: Expr,
    pub filter: &'static Filter,
    pub args: Vec<Expr>,
    pub alias: Alias,
}

/// `text.append $t { value = e }` (`prepend` when `prepend`).
#[derive(Debug)]
pub struct TextModify {
    pub prepend: bool,
    pub place: Place,
    pub value: Expr,
}

/// `object.keys { value = e } as $r` and friends.
#[derive(Debug)]
pub struct ObjectQuery {
    pub op: ObjectOp,
    pub value: Expr,
    pub alias: Alias,
}

/// `security.random_number { min max } as $n` (bounds inclusive).
#[derive(Debug)]
pub struct RandomNumber {
    pub min: Option<Expr>,
    pub max: Option<Expr>,
    pub alias: Alias,
}
