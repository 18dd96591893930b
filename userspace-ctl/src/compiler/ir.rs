//! The checked program: what the semantic checks hand to code generation.
//! Names are resolved (to builtins, arguments, subroutines), every
//! expression carries its type, and D's operators are split by what code
//! they need (integer arithmetic, integer or string comparison, logic).

use super::printf_format::Format;
use super::probes::ProbeDesc;
use super::span::Span;
use super::types::{IntKind, Type};
use rdtrace_uapi::dif::builtin::Builtin;
pub use rdtrace_uapi::dif::env::AggFunc;
use rdtrace_uapi::dif::program::VarKind;
use rdtrace_uapi::dif::subr::Subr;

/// A variable of the script: every program carries the whole table, so
/// a variable's index in it is the same in every program (the kernel
/// keeps one storage per index for the session).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    /// Its D name (`x`, `self->x`, `this->x`).
    pub name: String,
    /// Its storage class.
    pub kind: VarKind,
    /// The type of its value.
    pub ty: Type,
    /// The key types of an associative array (empty for scalars).
    pub keys: Vec<Type>,
    /// A thread-local array (`self->a[k]`): stored as an associative
    /// array whose first key, before `keys`, is the thread id.
    pub per_thread: bool,
    /// Where its type was fixed (declaration or first assignment).
    pub span: Span,
}

/// An aggregation of the script: every program names it by its index
/// in the script's table, and the consumer prints it from this.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Aggregation {
    /// Its D name without `@` (empty for `@`).
    pub name: String,
    /// The aggregating function.
    pub func: AggFunc,
    /// `lquantize`'s lower bound, upper bound and step (0 otherwise).
    pub lquantize: (i64, i64, u64),
    /// `llquantize`'s parameters.
    pub llquantize: Option<rdtrace_uapi::aggs::llquantize::Params>,
    /// The key types (fixed at first use).
    pub keys: Vec<Type>,
    /// Where it was first used.
    pub span: Span,
}

/// A variable reference: its index in the table and, for an
/// associative array, the key expressions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// Index in the script's variable table.
    pub var: u32,
    /// Its storage class.
    pub kind: VarKind,
    /// Keys, for an associative array.
    pub keys: Vec<Expr>,
}

/// A checked clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// The probes it enables.
    pub probes: Vec<ProbeDesc>,
    /// The predicate, an integer expression (nonzero fires).
    pub predicate: Option<Expr>,
    /// The actions, in order.
    pub actions: Vec<Action>,
    /// Where the clause is.
    pub span: Span,
}

/// A typed expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expr {
    /// What it computes.
    pub kind: ExprKind,
    /// Its type.
    pub ty: Type,
    /// Where it is.
    pub span: Span,
}

/// The kinds of checked expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExprKind {
    /// An integer constant.
    Int(u64),
    /// A string constant.
    Str(String),
    /// A builtin variable.
    Builtin(Builtin),
    /// Probe argument N.
    Arg(u32),
    /// Probe argument number `e` (`args[e]`).
    ArgAt(Box<Expr>),
    /// `-e`.
    Neg(Box<Expr>),
    /// `~e`.
    BitNot(Box<Expr>),
    /// `!e`.
    Not(Box<Expr>),
    /// Integer arithmetic; the node's type gives the signedness.
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// Integer comparison.
    Compare {
        /// Which comparison.
        op: CmpOp,
        /// Signed (both operands signed) or unsigned.
        signed: bool,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// String comparison, bytewise as `strcmp`.
    StrCompare(CmpOp, Box<Expr>, Box<Expr>),
    /// `&&`, `||`, `^^`.
    Logical(LogicOp, Box<Expr>, Box<Expr>),
    /// `cond ? yes : no`.
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
    /// A subroutine call, arguments already of its parameter types.
    Call(Subr, Vec<Expr>),
    /// A variable's value.
    Load(Place),
    /// Stores the value (already of the variable's type) and yields it.
    Store(Place, Box<Expr>),
    /// `v++`/`v--`: adds `delta`, yields the old value.
    PostIncr(Place, i64),
    /// The integer truncated to a width and sign- or zero-extended back
    /// (a cast, or a store to a narrower variable).
    Narrow(Box<Expr>, IntKind),
    /// A nofault load of an integer of the kind's width from the kernel
    /// address the operand gives.
    Deref(Box<Expr>, IntKind),
    /// Writes a member of a struct variable and yields the value written.
    MemberStore(Box<MemberStore>),
    /// `strtok(s, delims)` or `strtok(NULL, delims)`: the next token.
    Strtok(Box<Strtok>),
}

/// A `strtok` call: DTrace keeps the rest of the string it works on from
/// one call to the next of the same probe firing, here in two hidden
/// clause-local variables (cleared at every firing, as DTrace's state is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strtok {
    /// The string to start on; `None` for `strtok(NULL, ...)`, which
    /// continues the firing's string.
    pub source: Option<Expr>,
    /// The delimiters; `None` for NULL, a fault (address 0) when called,
    /// as in DTrace.
    pub delims: Option<Expr>,
    /// The rest of the string (a string variable).
    pub rest: Place,
    /// 1 once a `strtok(s, ...)` of this firing set `rest` (an integer
    /// variable).
    pub set: Place,
}

/// A member of a struct variable written: the variable's bytes with the
/// value put at the member's offset, stored back whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberStore {
    /// The struct variable.
    pub place: Place,
    /// Its value now (a [`ExprKind::Load`] of `place`).
    pub root: Expr,
    /// The struct's size in bytes.
    pub size: u64,
    /// The member's byte offset.
    pub offset: Expr,
    /// The value: an integer of `width` bytes, or (`put`) a struct of
    /// `width` bytes.
    pub value: Expr,
    /// The member's size in bytes.
    pub width: u64,
    /// The member is a struct (`blobput`) rather than an integer
    /// (`blobset`).
    pub put: bool,
}

/// Integer operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
    /// `<<`
    Shl,
    /// `>>` (arithmetic if the type is signed)
    Shr,
}

/// Comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The comparison that holds exactly when this one does not.
    pub fn negate(self) -> CmpOp {
        match self {
            CmpOp::Eq => CmpOp::Ne,
            CmpOp::Ne => CmpOp::Eq,
            CmpOp::Lt => CmpOp::Ge,
            CmpOp::Le => CmpOp::Gt,
            CmpOp::Gt => CmpOp::Le,
            CmpOp::Ge => CmpOp::Lt,
        }
    }
}

/// Logical operators (short-circuit for `&&` and `||`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicOp {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `^^`
    Xor,
}

/// The speculation actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecOp {
    /// `speculate(id)`: the clause's data goes to speculation `id`.
    Speculate,
    /// `commit(id)`: speculation `id`'s data goes to the principal buffer.
    Commit,
    /// `discard(id)`: speculation `id`'s data is thrown away.
    Discard,
}

impl SpecOp {
    /// The action's name, in D and in the assembler.
    pub fn name(self) -> &'static str {
        match self {
            SpecOp::Speculate => "speculate",
            SpecOp::Commit => "commit",
            SpecOp::Discard => "discard",
        }
    }
}

/// A checked action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    /// Which.
    pub kind: ActionKind,
    /// Where.
    pub span: Span,
}

/// A printf-like action the consumer carries out instead of showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Command {
    /// `system()`: runs the formatted command.
    System,
    /// `freopen()`: shows what follows in the formatted file.
    Freopen,
    /// `ftruncate()`: empties the output file.
    Ftruncate,
}

impl Command {
    /// Prefixes the command's format in the string table, so that its id
    /// never names a printf (or the other command) of the same text.
    pub fn tag(self) -> &'static str {
        match self {
            Command::System => "system:",
            Command::Freopen => "freopen:",
            Command::Ftruncate => "ftruncate:",
        }
    }
}

/// The actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// `trace(e)`: record one value.
    Trace(Expr),
    /// `printf(fmt, args)`: record the arguments for the format.
    Printf(Format, Vec<Expr>),
    /// `exit(e)`: ask the consumer to stop with status `e`.
    Exit(Expr),
    /// `system(fmt, args)`, `freopen(fmt, args)` or `ftruncate()`:
    /// recorded as a printf, carried out by the consumer.
    Command(Command, Format, Vec<Expr>),
    /// An expression run for its effect (an assignment).
    Eval(Expr),
    /// `if (cond) { then } else { otherwise }`.
    If(Expr, Vec<Action>, Vec<Action>),
    /// A loop of at most `bound` iterations, each checking `cond` first
    /// and running `step` last (a `for`'s `init` is an `Eval` before it).
    Loop {
        /// None: always true.
        cond: Option<Expr>,
        /// Runs after each iteration (and on `continue`).
        step: Option<Expr>,
        /// The body.
        body: Vec<Action>,
        /// Most iterations: proven from the loop's shape, else `maxloop`.
        bound: u32,
    },
    /// `@agg[keys] = func(value)`: aggregate `value` (none for `count`)
    /// into aggregation `agg` (an index into the script's table).
    Aggregate {
        /// The aggregation's index.
        agg: u32,
        /// The key tuple.
        keys: Vec<Expr>,
        /// The aggregated value (`count()` has none).
        value: Option<Expr>,
    },
    /// `speculate(id)`, `commit(id)` or `discard(id)`.
    Spec(SpecOp, Expr),
    /// An action on whole aggregations, carried out by the consumer when
    /// it reads the record (DTrace's `printa` and library actions), with
    /// the value it records (`trunc`'s and `normalize`'s count).
    AggAction(AggAction, Option<Expr>),
    /// Leaves the innermost loop.
    Break,
    /// Goes on with the innermost loop's next iteration.
    Continue,
    /// `stack(n)`: record at most `n` kernel frames.
    Stack(u32),
    /// `ustack(n)`: record the process ID and at most `n` user frames.
    Ustack(u32),
    /// `tracemem(addr, size[, dsize])`: record `bytes` (the memory, a
    /// string of `size` bytes) and, in the dynamic form, how many of them
    /// to show.
    Tracemem {
        /// The bytes.
        bytes: Expr,
        /// `dsize`, if given.
        dynamic: Option<Expr>,
        /// How the consumer shows them.
        shown: super::tracemem_format::Shown,
    },
    /// `print(p)`: record the address `addr` and `bytes` (the memory
    /// there, a string of the type's size), shown as `ty`.
    Print {
        /// The address.
        addr: Expr,
        /// The bytes.
        bytes: Expr,
        /// The type pointed to.
        ty: Box<super::print_type::PrintType>,
    },
}

/// What `printa`, `clear`, `trunc`, `normalize` and `denormalize` ask of
/// the consumer; aggregations by index.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum AggAction {
    /// `printa([fmt,] @a, ...)`: print now (several: joined on the keys).
    Printa {
        /// The format; none for DTrace's default layout.
        format: Option<Format>,
        /// The aggregations, in argument order.
        aggs: Vec<u32>,
    },
    /// `clear(@a)`: every value back to zero, the keys kept.
    Clear(u32),
    /// `trunc(@a[, n])`: keep the top n entries (bottom -n), none without n.
    Trunc(u32),
    /// `normalize(@a, n)`: print values divided by n.
    Normalize(u32),
    /// `denormalize(@a)`: undo `normalize`.
    Denormalize(u32),
    /// `setopt(name[, value])`: a consumer option from here on (the
    /// aggregation sort options take effect).
    Setopt(String),
}
