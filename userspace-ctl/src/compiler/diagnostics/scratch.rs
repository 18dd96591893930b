//! Diagnostics of scratch memory: DTrace's rules on alloca pointers (what
//! `bcopy` and `copyinto` may write to, which variables may hold them).

use super::super::span::Span;
use super::{Diagnostic, ErrTag};

impl Diagnostic {
    /// `name`'s argument `n`, a destination, is not scratch memory.
    pub fn not_alloca_pointer(span: Span, name: &str, n: usize) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{name}( ) argument #{n} is incompatible with prototype"),
            "argument: non-alloca pointer",
        )
        .hint("prototype: alloca pointer (memory from alloca() or copyin())")
        .tag(ErrTag::ProtoArg)
    }

    /// A variable given both alloca and other pointers.
    pub fn alloca_var_clash(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{name}: cannot reuse the same identifier for both alloca and non-alloca allocations"),
            "alloca and non-alloca pointers",
        )
        .hint("keep alloca() pointers in variables of their own")
        .tag(ErrTag::AllocaIncompat)
    }

    /// A `?:` of an alloca and another pointer assigned to a variable.
    pub fn alloca_ternary(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "ternary conditional with alloca and non-alloca branches cannot be assigned to a variable",
            "alloca and non-alloca branches",
        )
        .tag(ErrTag::AllocaIncompat)
    }

    /// A store through memory no D variable's pointer reaches
    /// (`curthread->pid = 1`): DTrace writes only where a variable points.
    pub fn not_writable(span: Span, op: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("operator {op} can only be applied to a writable variable"),
            "not reached through a D variable",
        )
        .hint("kernel memory cannot be written: store through a pointer a variable holds (this->p = alloca(...); this->p->x = 1)")
        .tag(ErrTag::OpWrite)
    }
}
