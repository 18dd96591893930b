//! Diagnostics of `tracemem()`, in DTrace's words.

use super::super::span::Span;
use super::super::types::Type;
use super::{Diagnostic, ErrTag};

impl Diagnostic {
    /// An address that is neither an integer nor a pointer.
    pub fn tracemem_addr(span: Span, found: Type) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "tracemem( ) argument #1 is incompatible with prototype: \
                 prototype: pointer or integer; argument: {}",
                found.describe()
            ),
            format!("this is {}", found.describe()),
        )
        .hint("pass the address of the memory to dump, e.g. tracemem(args[1], 32)")
        .tag(ErrTag::TracememAddr)
    }

    /// A size that is not a positive integer constant.
    pub fn tracemem_size(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "tracemem( ) argument #2 must be a non-zero positive integral constant expression",
            "not a positive constant",
        )
        .hint("give the most bytes as a constant and the run-time count third: tracemem(p, 64, n)")
        .tag(ErrTag::TracememSize)
    }

    /// A size larger than one record's value can be.
    pub fn tracemem_too_large(span: Span, size: u64, max: u64) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("tracemem( ) of {size} bytes: a record holds at most {max}"),
            "too many bytes for one record",
        )
        .hint("dump it in pieces: tracemem(p, 32768); tracemem(p + 32768, 32768)")
        .tag(ErrTag::TracememSize)
    }

    /// A fourth argument.
    pub fn tracemem_args(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "tracemem( ) prototype mismatch: expected at most 3 args",
            "one argument too many",
        )
        .tag(ErrTag::TracememArgs)
    }

    /// A dynamic size that is not a scalar.
    pub fn tracemem_dynsize(span: Span, found: Type) -> Diagnostic {
        Diagnostic::new(
            span,
            "tracemem( ) dynamic size (argument #3) must be of scalar type",
            format!("this is {}", found.describe()),
        )
        .tag(ErrTag::TracememDynsize)
    }
}
