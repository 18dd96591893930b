//! The types of D values the compiler knows so far.

use rdtrace_uapi::dif::Ty;

/// A D type. Every integer is 64 bits wide in DIF registers; signedness
/// decides comparisons, division and right shifts, by C's usual
/// arithmetic conversions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    /// A 64-bit integer.
    Int {
        /// Signed (`int64_t`) or unsigned (`uint64_t`).
        signed: bool,
    },
    /// A string.
    Str,
}

impl Type {
    /// `int64_t`.
    pub const INT: Type = Type::Int { signed: true };
    /// `uint64_t`.
    pub const UINT: Type = Type::Int { signed: false };

    /// Whether this is an integer.
    pub fn is_int(self) -> bool {
        matches!(self, Type::Int { .. })
    }

    /// Whether this is a string.
    pub fn is_string(self) -> bool {
        self == Type::Str
    }

    /// Whether this is a signed integer.
    pub fn is_signed(self) -> bool {
        self == Type::INT
    }

    /// The type of `a op b` for arithmetic: unsigned if either is.
    pub fn arithmetic(a: Type, b: Type) -> Type {
        if a.is_signed() && b.is_signed() {
            Type::INT
        } else {
            Type::UINT
        }
    }

    /// The DIF register type holding this type.
    pub fn dif(self) -> Ty {
        match self {
            Type::Int { .. } => Ty::Int,
            Type::Str => Ty::Str,
        }
    }

    /// The type with an article, for messages ("an integer").
    pub fn describe(self) -> &'static str {
        match self {
            Type::Int { .. } => "an integer",
            Type::Str => "a string",
        }
    }
}
