//! The types of D values: C's integer types with their widths and
//! signedness, pointers to them, and strings.
//!
//! DIF registers are 64 bits wide. A value of a narrower integer type is
//! kept sign- or zero-extended from its width wherever the width is
//! imposed (a cast, a store to a variable of that type), as DTrace does;
//! arithmetic follows C's usual arithmetic conversions for the result's
//! type.

use rdtrace_uapi::dif::Ty;

/// A D type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Type {
    /// An integer of `size` bytes (1, 2, 4 or 8).
    Int {
        /// Signed or unsigned.
        signed: bool,
        /// Width in bytes.
        size: u8,
    },
    /// A pointer; `to` is the pointee (`None` for `void *`). Pointers to
    /// pointers are pointers to 8-byte unsigned integers.
    Ptr {
        /// The pointee's integer type, if any.
        to: Option<IntKind>,
    },
    /// A string.
    Str,
    /// A struct or union the script declares: its index in the table of
    /// declared structs.
    Struct(u32),
    /// A pointer to such a struct or union.
    StructPtr(u32),
    /// A struct or union value a D variable holds (struct `u32` of the
    /// table): its bytes, in a DIF string of the struct's size, read and
    /// written member by member ([`Type::Struct`] is one in kernel
    /// memory, held as its address).
    StructVal(u32),
    /// A kernel stack (`stack()`): return addresses, innermost first. Only
    /// traced or used as an aggregation key; DIF holds it as a string of
    /// 8-byte words.
    Stack,
    /// A user stack (`ustack()`): the process ID, then return addresses,
    /// innermost first; held as [`Type::Stack`] is.
    Ustack,
    /// A user address shown by symbol (`usym()`, `ufunc()`, `umod()`,
    /// `uaddr()`): held as the process ID and the address, a 16-byte DIF
    /// string, for the consumer to name it in that process.
    Usym(UserSymbol),
    /// A kernel address shown by symbol (`func()`, `sym()`: the function;
    /// `mod()`: the module); an integer in DIF.
    Symbol(SymbolKind),
}

/// How a [`Type::Symbol`] is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SymbolKind {
    /// `module`function` (`func()`, `sym()`).
    Function,
    /// `module` (`mod()`).
    Module,
}

/// How a [`Type::Usym`] is shown (as DTrace's `dt_print_usym`,
/// `dt_print_umod`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum UserSymbol {
    /// `object`function` (`usym()`, `ufunc()`).
    Function,
    /// `object` (`umod()`).
    Module,
    /// `object`function+0xoff` (`uaddr()`).
    Address,
}

/// An integer type on its own, the pointee of a [`Type::Ptr`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IntKind {
    /// Signed or unsigned.
    pub signed: bool,
    /// Width in bytes.
    pub size: u8,
}

impl IntKind {
    /// D's name for the integer type (`unsigned short`, `long`).
    pub fn spelling(self) -> &'static str {
        match (self.signed, self.size) {
            (true, 1) => "char",
            (false, 1) => "unsigned char",
            (true, 2) => "short",
            (false, 2) => "unsigned short",
            (true, 4) => "int",
            (false, 4) => "unsigned int",
            (true, _) => "long",
            (false, _) => "unsigned long",
        }
    }
}

/// The integer type names D knows, with their types (LP64).
const INT_NAMES: &[(&str, bool, u8)] = &[
    ("char", true, 1),
    ("signed char", true, 1),
    ("unsigned char", false, 1),
    ("short", true, 2),
    ("signed short", true, 2),
    ("unsigned short", false, 2),
    ("int", true, 4),
    ("signed int", true, 4),
    ("signed", true, 4),
    ("unsigned", false, 4),
    ("unsigned int", false, 4),
    ("long", true, 8),
    ("signed long", true, 8),
    ("unsigned long", false, 8),
    ("long long", true, 8),
    ("signed long long", true, 8),
    ("unsigned long long", false, 8),
    ("int8_t", true, 1),
    ("int16_t", true, 2),
    ("int32_t", true, 4),
    ("int64_t", true, 8),
    ("intptr_t", true, 8),
    ("ssize_t", true, 8),
    ("off_t", true, 8),
    ("pid_t", true, 4),
    ("id_t", true, 4),
    ("uid_t", false, 4),
    ("gid_t", false, 4),
    ("uint8_t", false, 1),
    ("uint16_t", false, 2),
    ("uint32_t", false, 4),
    ("uint64_t", false, 8),
    ("uintptr_t", false, 8),
    ("size_t", false, 8),
    ("uchar_t", false, 1),
    ("ushort_t", false, 2),
    ("uint_t", false, 4),
    ("ulong_t", false, 8),
    ("u_longlong_t", false, 8),
    ("longlong_t", true, 8),
    ("hrtime_t", true, 8),
    ("dev_t", false, 8),
    ("caddr_t", false, 8),
    ("processorid_t", true, 4),
    ("_Bool", false, 1),
    ("bool", false, 1),
];

/// Words that can start or continue a type name.
pub const TYPE_WORDS: &[&str] = &[
    "char", "short", "int", "long", "signed", "unsigned", "void", "string", "float", "double",
];

impl Type {
    /// `char`: an element of a string (a `char` array is one).
    pub const CHAR: Type = Type::Int {
        size: 1,
        signed: true,
    };

    /// `int`.
    pub const INT32: Type = Type::Int {
        signed: true,
        size: 4,
    };
    /// `unsigned int`.
    pub const UINT32: Type = Type::Int {
        signed: false,
        size: 4,
    };
    /// `int64_t`.
    pub const INT: Type = Type::Int {
        signed: true,
        size: 8,
    };
    /// `uint64_t`.
    pub const UINT: Type = Type::Int {
        signed: false,
        size: 8,
    };

    /// Whether the one word `name` is one of D's own integer type names
    /// beyond C's words: a `_t` name (`uint32_t`) or `bool`.
    pub fn is_int_typedef(name: &str) -> bool {
        (name.ends_with("_t") || matches!(name, "bool" | "_Bool"))
            && Type::int_named(name).is_some()
    }

    /// The integer type named `name` (words separated by single spaces).
    pub fn int_named(name: &str) -> Option<Type> {
        INT_NAMES
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|&(_, signed, size)| Type::Int { signed, size })
            .or_else(|| c_int_words(name))
    }

    /// Every type name D knows, for suggestions.
    pub fn names() -> impl Iterator<Item = &'static str> {
        INT_NAMES
            .iter()
            .map(|(n, _, _)| *n)
            .chain(["string", "void"])
    }

    /// Whether this is an integer.
    pub fn is_int(self) -> bool {
        matches!(self, Type::Int { .. })
    }

    /// Whether this is an integer or a pointer: a value arithmetic and
    /// comparisons take.
    pub fn is_scalar(self) -> bool {
        !matches!(
            self,
            Type::Str
                | Type::Struct(_)
                | Type::StructVal(_)
                | Type::Stack
                | Type::Ustack
                | Type::Usym(_)
        )
    }

    /// Whether this is a string.
    pub fn is_string(self) -> bool {
        self == Type::Str
    }

    /// Whether this is a signed integer.
    pub fn is_signed(self) -> bool {
        matches!(self, Type::Int { signed: true, .. })
    }

    /// The width in bytes (`sizeof`); a string's is `strsize`, given.
    pub fn size(self, strsize: u64) -> u64 {
        match self {
            Type::Int { size, .. } => u64::from(size),
            Type::Ptr { .. } | Type::StructPtr(_) | Type::Symbol(_) => 8,
            Type::Str => strsize,
            Type::Stack | Type::Ustack => 0,
            Type::Usym(_) => 16,
            // The checker sizes structs from its table.
            Type::Struct(_) | Type::StructVal(_) => 0,
        }
    }

    /// C's integer promotion: narrower than `int` becomes `int`; a pointer
    /// takes part in arithmetic as an unsigned 64-bit integer.
    pub fn promoted(self) -> Type {
        match self {
            Type::Int { size, .. } if size < 4 => Type::INT32,
            Type::Ptr { .. } | Type::StructPtr(_) | Type::Symbol(_) => Type::UINT,
            t => t,
        }
    }

    /// The type of `a op b` by D's rule, which is not C's: no promotion
    /// to `int`; the operand of greater rank (width, then unsigned over
    /// signed) gives its type, so `unsigned char + char` is an `unsigned
    /// char` (DTrace's `dt_type_promote`). Pointers take part as unsigned
    /// 64-bit integers.
    pub fn arithmetic(a: Type, b: Type) -> Type {
        let as_int = |t: Type| match t {
            Type::Int { signed, size } => Some((signed, size)),
            Type::Ptr { .. } | Type::StructPtr(_) => Some((false, 8)),
            _ => None,
        };
        let (Some((sa, za)), Some((sb, zb))) = (as_int(a), as_int(b)) else {
            return Type::UINT;
        };
        let rank = |signed: bool, size: u8| (size, !signed);
        let (signed, size) = if rank(sa, za) >= rank(sb, zb) {
            (sa, za)
        } else {
            (sb, zb)
        };
        Type::Int { signed, size }
    }

    /// The DIF register type holding this type.
    pub fn dif(self) -> Ty {
        match self {
            Type::Int { .. }
            | Type::Ptr { .. }
            | Type::StructPtr(_)
            | Type::Struct(_)
            | Type::Symbol(_) => Ty::Int,
            Type::Str | Type::Stack | Type::Ustack | Type::Usym(_) | Type::StructVal(_) => Ty::Str,
        }
    }

    /// The type with an article, for messages ("an integer").
    pub fn describe(self) -> &'static str {
        match self {
            Type::Int { .. } => "an integer",
            Type::Ptr { .. } | Type::StructPtr(_) => "a pointer",
            Type::Str => "a string",
            Type::Struct(_) | Type::StructVal(_) => "a struct",
            Type::Stack | Type::Ustack => "a stack",
            Type::Symbol(_) | Type::Usym(_) => "a symbol",
        }
    }

    /// The pointee of a pointer, as a type.
    pub fn pointee(self) -> Option<Type> {
        match self {
            Type::Ptr { to: Some(k) } => Some(Type::Int {
                signed: k.signed,
                size: k.size,
            }),
            _ => None,
        }
    }

    /// A pointer to this type (pointers to pointers and strings point to
    /// 8-byte and 1-byte unsigned integers).
    pub fn pointer_to(self) -> Type {
        let to = match self {
            Type::Int { signed, size } => IntKind { signed, size },
            Type::Struct(id) | Type::StructVal(id) => return Type::StructPtr(id),
            Type::Ptr { .. } | Type::StructPtr(_) | Type::Symbol(_) => IntKind {
                signed: false,
                size: 8,
            },
            Type::Str | Type::Stack | Type::Ustack | Type::Usym(_) => IntKind {
                signed: true,
                size: 1,
            },
        };
        Type::Ptr { to: Some(to) }
    }
}

/// C's integer type words in any order (`unsigned short int`, `long
/// unsigned int`), as C allows them.
fn c_int_words(name: &str) -> Option<Type> {
    let (mut signed, mut unsigned, mut short, mut long, mut char, mut int) = (0, 0, 0, 0, 0, 0);
    for w in name.split(' ') {
        match w {
            "signed" => signed += 1,
            "unsigned" => unsigned += 1,
            "short" => short += 1,
            "long" => long += 1,
            "char" => char += 1,
            "int" => int += 1,
            _ => return None,
        }
    }
    let one = |n: i32| n <= 1;
    if !(one(signed) && one(unsigned) && one(short) && one(char) && one(int) && long <= 2)
        || signed + unsigned > 1
        || (short > 0 && (long > 0 || char > 0))
        || (char > 0 && (long > 0 || int > 0))
    {
        return None;
    }
    let size = match (char, short, long) {
        (1, _, _) => 1,
        (_, 1, _) => 2,
        (_, _, 0) => 4,
        _ => 8,
    };
    Some(Type::Int {
        signed: unsigned == 0,
        size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_arithmetic_conversions() {
        let char_ = Type::int_named("char").unwrap();
        let uchar = Type::int_named("unsigned char").unwrap();
        assert_eq!(Type::arithmetic(char_, char_), char_);
        assert_eq!(Type::arithmetic(char_, uchar), uchar);
        assert_eq!(Type::arithmetic(char_, Type::INT32), Type::INT32);
        assert_eq!(Type::arithmetic(Type::INT32, Type::UINT32), Type::UINT32);
        assert_eq!(Type::arithmetic(Type::INT, Type::UINT32), Type::INT);
        assert_eq!(Type::arithmetic(Type::UINT, Type::INT32), Type::UINT);
        assert_eq!(Type::arithmetic(Type::INT32, Type::INT), Type::INT);
    }
}
