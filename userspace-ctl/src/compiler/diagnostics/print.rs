//! Diagnostics of `print()`, in DTrace's words.

use super::super::span::Span;
use super::super::types::Type;
use super::{Diagnostic, ErrTag};

impl Diagnostic {
    /// An argument that is not a pointer.
    pub fn print_not_pointer(span: Span, found: Type) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "print( ) argument #1 is incompatible with prototype: \
                 prototype: void *; argument: {}",
                found.describe()
            ),
            format!("this is {}", found.describe()),
        )
        .hint("print( ) shows what a pointer points to, e.g. print(args[0]) or print(curthread)")
        .tag(ErrTag::ProtoArg)
    }

    /// A pointer to a type of no size (`void *`, a struct only declared).
    pub fn print_size(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "print( ) argument #1 reference has type '{name}' with size 0; \
                 cannot print( ) it"
            ),
            "points to nothing of a known size",
        )
        .hint("cast it to a pointer to the type it points to, e.g. (struct file *)arg0")
        .tag(ErrTag::PrintSize)
    }
}
