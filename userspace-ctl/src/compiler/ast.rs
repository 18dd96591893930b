//! The syntax tree the parser builds: what was written, with spans, before
//! any name is resolved or type checked.

use super::span::Span;

/// A whole script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    /// Its clauses, in source order.
    pub clauses: Vec<Clause>,
    /// Its top-level declarations, in source order.
    pub decls: Vec<Decl>,
}

/// A type as written: `unsigned long`, `int *`, a typedef name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeName {
    /// The words, joined by single spaces (`unsigned long`).
    pub base: String,
    /// How many `*` follow.
    pub pointers: u8,
    /// Where it is.
    pub span: Span,
}

/// Where a declared variable lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Storage {
    /// A global (no prefix).
    Global,
    /// `self`: thread-local.
    Thread,
    /// `this`: clause-local.
    Clause,
}

/// A top-level declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decl {
    /// What kind.
    pub kind: DeclKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeclKind {
    /// `[self|this] type name[keys];`: a variable, or with `keys` an
    /// associative array.
    Var {
        /// Where it lives.
        storage: Storage,
        /// Its type.
        ty: TypeName,
        /// Its name.
        name: String,
        /// The key types of an associative array.
        keys: Option<Vec<TypeName>>,
    },
    /// `inline type name = expr;`: a named constant expression.
    Inline {
        /// Its type.
        ty: TypeName,
        /// Its name.
        name: String,
        /// Its value.
        value: Expr,
        /// `inline int f[int x] = ...`: the parameters (type and name)
        /// an use's keys bind.
        params: Vec<(TypeName, String)>,
    },
    /// `typedef type name;`.
    Typedef {
        /// The type named.
        ty: TypeName,
        /// The new name.
        name: String,
    },
    /// `type name[N];`: a scalar array of `N` elements.
    Array {
        /// Where it lives.
        storage: Storage,
        /// The elements' type.
        ty: TypeName,
        /// Its name.
        name: String,
        /// How many elements.
        len: u64,
    },
    /// `struct name { members };` or `union name { members };`.
    Struct {
        /// `union` rather than `struct`.
        union: bool,
        /// The tag.
        name: String,
        /// The members, in order.
        members: Vec<Member>,
    },
    /// `enum [name] { A, B = 2, ... };`: integer constants.
    Enum {
        /// The tag, if any (`enum tag` is then a type).
        name: Option<String>,
        /// Each member with its explicit value, if any.
        members: Vec<(String, Option<Expr>, Span)>,
    },
    /// `translator out < in param > { member = expr; ... };`: how to
    /// make a struct (or union) `out` from a value of type `in`.
    Translator(Translator),
}

/// A translator declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translator {
    /// The struct or union it produces.
    pub output: TypeName,
    /// The type of its input.
    pub input: TypeName,
    /// The input's name in the members' expressions.
    pub param: String,
    /// Each member's translation, in source order.
    pub members: Vec<TranslatorMember>,
}

/// `member = expr;` in a translator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslatorMember {
    /// The output's member.
    pub name: String,
    /// Its value, an expression over the input.
    pub value: Expr,
    /// Where the member's name is.
    pub span: Span,
}

/// A member of a struct or union the script declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Its type.
    pub ty: TypeName,
    /// Its name.
    pub name: String,
    /// An array member's length.
    pub len: Option<u64>,
    /// A bitfield's width in bits (`int a : 3`), as written.
    pub bits: Option<Expr>,
    /// Where its name is.
    pub span: Span,
}

/// `probe, probe /predicate/ { statements }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// The probe descriptions as written.
    pub probes: Vec<ProbeSpec>,
    /// The predicate, if any.
    pub predicate: Option<Expr>,
    /// The statements of the body (none if the body is absent or empty).
    pub body: Vec<Stmt>,
    /// From the first probe to the closing brace.
    pub span: Span,
}

/// One probe description, unsplit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeSpec {
    /// The text, e.g. `fbt::vfs_read:entry`.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// A statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stmt {
    /// What kind.
    pub kind: StmtKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StmtKind {
    /// An expression statement; actions are calls, as in D.
    Expr(Expr),
    /// `if (cond) then [else otherwise]`.
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    /// `for (init; cond; step) body`; `while (cond) body` has neither
    /// `init` nor `step`.
    Loop {
        /// Runs once, first.
        init: Option<Expr>,
        /// Checked before each iteration; none: always true.
        cond: Option<Expr>,
        /// Runs after each iteration.
        step: Option<Expr>,
        /// The body.
        body: Vec<Stmt>,
    },
    /// `@name[keys] = func(args)`: aggregate into `@name`.
    Aggregate {
        /// The name without `@` (empty for `@`).
        name: String,
        /// The key expressions (`None`: no brackets).
        keys: Option<Vec<Expr>>,
        /// The aggregating function's name and where it is.
        func: (String, Span),
        /// Its arguments.
        args: Vec<Expr>,
    },
    /// `break`.
    Break,
    /// `continue`.
    Continue,
}

/// An expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expr {
    /// What kind.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExprKind {
    /// An integer or character literal.
    Int {
        /// The value.
        value: u64,
        /// Whether its type is unsigned.
        unsigned: bool,
        /// Whether it is a `long` (an `l` or `ll` suffix): 64 bits.
        long: bool,
    },
    /// A string literal, escapes decoded.
    Str(String),
    /// A name: a builtin variable, an argument, later a variable.
    Ident(String),
    /// A kernel symbol, `` `name `` or `` module`name `` as written.
    KernelSym(String),
    /// `@name` as an argument (of `printa`, `clear`, `trunc`, ...):
    /// the aggregation itself, its name without `@`.
    AggRef(String),
    /// `$target`, `$1`, `$$1`.
    Macro {
        /// `target`, `1`, ...
        name: String,
        /// Written with `$$`: a string.
        string: bool,
    },
    /// `op e`.
    Unary(UnaryOp, Box<Expr>),
    /// `l op r`.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `cond ? yes : no`.
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `l = r` or `l op= r` (`op` is `None` for plain `=`).
    Assign(Option<BinaryOp>, Box<Expr>, Box<Expr>),
    /// `callee(args)`.
    Call(Box<Expr>, Vec<Expr>),
    /// `base[k1, k2, ...]`.
    Index(Box<Expr>, Vec<Expr>),
    /// `++e`, `--e` (`post` false) or `e++`, `e--`.
    Incr {
        /// The variable.
        target: Box<Expr>,
        /// +1 or -1.
        delta: i8,
        /// Postfix: the value is the old one.
        post: bool,
    },
    /// `(type) e`.
    Cast(TypeName, Box<Expr>),
    /// `sizeof (type)`.
    SizeofType(TypeName),
    /// `sizeof e`.
    SizeofExpr(Box<Expr>),
    /// `offsetof(type, member)`.
    Offsetof(TypeName, String),
    /// `xlate < type > (e)`: `e` translated to the struct `type` (or
    /// a pointer to it) by a translator.
    Xlate(TypeName, Box<Expr>),
    /// `base.name` (`arrow` false) or `base->name`.
    Member {
        /// The structure or pointer.
        base: Box<Expr>,
        /// The member name.
        name: String,
        /// Written `->`.
        arrow: bool,
    },
}

/// Prefix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-e`.
    Neg,
    /// `+e`.
    Plus,
    /// `~e`.
    BitNot,
    /// `!e`.
    Not,
    /// `*e`.
    Deref,
    /// `&e`.
    AddrOf,
}

impl UnaryOp {
    /// The operator's spelling.
    pub fn symbol(self) -> &'static str {
        match self {
            UnaryOp::Neg => "-",
            UnaryOp::Plus => "+",
            UnaryOp::BitNot => "~",
            UnaryOp::Not => "!",
            UnaryOp::Deref => "*",
            UnaryOp::AddrOf => "&",
        }
    }
}

/// Infix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `&`
    BitAnd,
    /// `^`
    BitXor,
    /// `|`
    BitOr,
    /// `&&`
    And,
    /// `^^`
    Xor,
    /// `||`
    Or,
}

impl BinaryOp {
    /// Every operator with its spelling and binding power (higher binds
    /// tighter), as in C and D.
    pub const TABLE: &'static [(&'static str, BinaryOp, u8)] = &[
        ("*", BinaryOp::Mul, 12),
        ("/", BinaryOp::Div, 12),
        ("%", BinaryOp::Rem, 12),
        ("+", BinaryOp::Add, 11),
        ("-", BinaryOp::Sub, 11),
        ("<<", BinaryOp::Shl, 10),
        (">>", BinaryOp::Shr, 10),
        ("<", BinaryOp::Lt, 9),
        ("<=", BinaryOp::Le, 9),
        (">", BinaryOp::Gt, 9),
        (">=", BinaryOp::Ge, 9),
        ("==", BinaryOp::Eq, 8),
        ("!=", BinaryOp::Ne, 8),
        ("&", BinaryOp::BitAnd, 7),
        ("^", BinaryOp::BitXor, 6),
        ("|", BinaryOp::BitOr, 5),
        ("&&", BinaryOp::And, 4),
        ("^^", BinaryOp::Xor, 3),
        ("||", BinaryOp::Or, 2),
    ];

    /// The operator spelled `s`, with its binding power.
    pub fn from_symbol(s: &str) -> Option<(BinaryOp, u8)> {
        Self::TABLE
            .iter()
            .find(|(sym, _, _)| *sym == s)
            .map(|&(_, op, bp)| (op, bp))
    }

    /// The operator's spelling.
    pub fn symbol(self) -> &'static str {
        Self::TABLE
            .iter()
            .find(|(_, op, _)| *op == self)
            .map_or("?", |(s, _, _)| s)
    }

    /// Whether this is `==`, `!=`, `<`, `<=`, `>` or `>=`.
    pub fn is_comparison(self) -> bool {
        use BinaryOp::*;
        matches!(self, Lt | Le | Gt | Ge | Eq | Ne)
    }

    /// Whether this is `&&`, `||` or `^^`.
    pub fn is_logical(self) -> bool {
        matches!(self, BinaryOp::And | BinaryOp::Or | BinaryOp::Xor)
    }
}
