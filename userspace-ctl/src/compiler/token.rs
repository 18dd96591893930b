//! The lexer's output: tokens with spans.

use super::span::Span;

/// One token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A probe description such as `fbt::vfs_read:entry` (lexed as one
    /// token where a clause may start, as dtrace's lexer does).
    ProbeDesc(String),
    /// The `/` that opens a predicate.
    PredicateOpen,
    /// The `/` that closes a predicate (one followed by `{` or the end).
    PredicateClose,
    /// An identifier.
    Ident(String),
    /// An integer or character literal; `unsigned` from a `u` suffix or
    /// a value beyond `i64`.
    Int {
        /// The value.
        value: u64,
        /// Whether the literal's type is unsigned.
        unsigned: bool,
        /// Whether it is a `long` (an `l` or `ll` suffix): 64 bits.
        long: bool,
    },
    /// A string literal, escapes decoded.
    Str(String),
    /// A macro variable: `$target`, `$1` (`string` false) or `$$1`
    /// (`string` true); `name` is without the dollars.
    Macro {
        /// `target`, `1`, ...
        name: String,
        /// Written `$$name`: the value is a string.
        string: bool,
    },
    /// An aggregation: `@name`, or `@` alone (`name` empty).
    Agg(String),
    /// A kernel symbol: `` `name `` or `` module`name `` as written.
    KernelSym(String),
    /// Punctuation or an operator, by its spelling.
    Punct(&'static str),
    /// The end of the source.
    Eof,
}

impl TokenKind {
    /// How a message names this token.
    pub fn describe(&self) -> String {
        match self {
            TokenKind::ProbeDesc(s) => format!("probe description `{s}`"),
            TokenKind::PredicateOpen => "`/` (start of a predicate)".into(),
            TokenKind::PredicateClose => "`/` (end of the predicate)".into(),
            TokenKind::Ident(s) => format!("identifier `{s}`"),
            TokenKind::Int { .. } => "an integer".into(),
            TokenKind::Str(_) => "a string".into(),
            TokenKind::Macro { name, string } => {
                format!("macro `{}{name}`", if *string { "$$" } else { "$" })
            }
            TokenKind::Agg(name) => format!("aggregation `@{name}`"),
            TokenKind::KernelSym(s) => format!("kernel symbol `{s}`"),
            TokenKind::Punct(p) => format!("`{p}`"),
            TokenKind::Eof => "end of input".into(),
        }
    }

    /// Whether this is the punctuation `p`.
    pub fn is(&self, p: &str) -> bool {
        matches!(self, TokenKind::Punct(q) if *q == p)
    }
}

/// Every operator and punctuation spelling, longest first so the lexer
/// can take the first that matches.
pub const PUNCTS: &[&str] = &[
    "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "^^",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "(", ")", "[", "]", "{", "}", ",", ";", ":",
    "?", ".", "+", "-", "*", "/", "%", "&", "|", "^", "~", "!", "<", ">", "=",
];
