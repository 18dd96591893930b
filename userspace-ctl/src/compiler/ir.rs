//! The checked program: what the semantic checks hand to code generation.
//! Names are resolved (to builtins, arguments, subroutines), every
//! expression carries its type, and D's operators are split by what code
//! they need (integer arithmetic, integer or string comparison, logic).

use super::printf_format::Format;
use super::probes::ProbeDesc;
use super::span::Span;
use super::types::Type;
use rdtrace_uapi::dif::builtin::Builtin;
use rdtrace_uapi::dif::subr::Subr;

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

/// A checked action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    /// Which.
    pub kind: ActionKind,
    /// Where.
    pub span: Span,
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
}
