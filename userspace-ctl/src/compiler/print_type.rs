//! How a `print()` record is described to the consumer: a printf whose
//! format text is a tag (as a `tracemem()`'s, see
//! [`super::tracemem_format`]) and whose one piece is the type printed
//! ([`PrintType`]); its arguments are the address and the bytes there.
//! The compiler describes the type, from the script's declarations or
//! the kernel's BTF, because only it knows the names types were written
//! with (`__u8`, `enum eh`, `struct page *`), which the output shows.

use super::trace_width::TAG;
use serde::{Deserialize, Serialize};

/// The format text of a `print()`.
pub fn format_text() -> String {
    format!("{TAG}print")
}

/// Whether a format text is a `print()`'s.
pub fn is_print(text: &str) -> bool {
    text.strip_prefix(TAG) == Some("print")
}

/// How deep `print()` shows nested members (Oracle's `DT_PRINT_DEPTH`):
/// a description stops there.
pub const MAX_DEPTH: usize = 10;

/// A type as `print()` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PrintType {
    /// Its name as C spells it (`unsigned int`, `char [5]`, `struct`
    /// for an anonymous struct, `void *`).
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// What its bytes are, typedefs and qualifiers seen through.
    pub kind: PrintKind,
}

/// What a [`PrintType`]'s bytes are.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PrintKind {
    /// An integer of the type's size; `char` one of C's character types.
    Int {
        /// Signed or unsigned.
        signed: bool,
        /// `char`, `signed char` or `unsigned char`.
        char: bool,
    },
    /// An enum: its enumerators.
    Enum(Vec<(String, i64)>),
    /// A pointer.
    Pointer,
    /// A struct or union: its members, in order.
    Struct(Vec<PrintMember>),
    /// An array of `len` elements.
    Array(Box<PrintType>, u64),
    /// Anything else (a float, a function): not shown.
    Other,
}

/// One member of a struct or union.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PrintMember {
    /// Its name (empty for an anonymous struct or union member).
    pub name: String,
    /// Its offset from the start of the struct, in bits.
    pub bit_offset: u64,
    /// Its width in bits, for a bitfield.
    pub bits: Option<u8>,
    /// Its type.
    pub ty: PrintType,
}

impl PrintType {
    /// An integer type named `name`.
    pub fn int(name: &str, size: u64, signed: bool) -> PrintType {
        let char = size == 1 && matches!(name, "char" | "signed char" | "unsigned char");
        PrintType {
            name: name.into(),
            size,
            kind: PrintKind::Int { signed, char },
        }
    }

    /// A type shown as nothing.
    pub fn other(name: &str, size: u64) -> PrintType {
        PrintType {
            name: name.into(),
            size,
            kind: PrintKind::Other,
        }
    }
}

/// C's spelling of a pointer to the type spelled `to` (`char *`, `char
/// **`).
pub fn pointer_name(to: &str) -> String {
    if to.ends_with('*') {
        format!("{to}*")
    } else {
        format!("{to} *")
    }
}

/// C's spelling of a struct or union's type name: `struct tag`, or a bare
/// `struct` for an anonymous one (whose tag, if any, starts with `<`).
pub fn record_name(union: bool, tag: &str) -> String {
    let kw = if union { "union" } else { "struct" };
    if tag.is_empty() || tag.starts_with('<') {
        kw.into()
    } else {
        format!("{kw} {tag}")
    }
}
