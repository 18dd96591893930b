//! Diagnostics of `stack()` and `ustack()`.

use super::super::span::Span;
use super::{Diagnostic, ErrTag};

impl Diagnostic {
    /// A frame count that is not a positive integer constant.
    pub fn stack_size(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{name}( ) argument #1 must be a non-zero positive integer constant"),
            "not a positive constant",
        )
        .tag(ErrTag::StackSize)
    }

    /// A `ustack()` argument that is not a positive integer constant:
    /// `#1` the frames (non-zero), `#2` the string size.
    pub fn ustack_arg(span: Span, position: usize) -> Diagnostic {
        let (what, tag) = match position {
            1 => ("a non-zero positive", ErrTag::UstackFrames),
            _ => ("a positive", ErrTag::UstackStrsize),
        };
        Diagnostic::new(
            span,
            format!("ustack( ) argument #{position} must be {what} integer constant"),
            "not a positive constant",
        )
        .tag(tag)
    }

    /// `stack()` used as a value outside an aggregation's keys.
    pub fn stack_not_a_value(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{name}( ) may only be used as an action or an aggregation key"),
            "used as a value",
        )
        .hint("record it with stack(); or count by it: @[stack()] = count()")
        .tag(ErrTag::CgExpr)
    }
}
