//! Diagnostics of translators and of types only declared, in DTrace's
//! words (its `dt_node_xlator`, `dt_cook_xlator` and `xlate` checks).

use super::super::span::Span;
use super::{Diagnostic, ErrTag};

impl Diagnostic {
    /// `struct s { ... }` where the script already defined `struct s`.
    pub fn type_redeclared(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(span, format!("type redeclared: {name}"), "defined again")
            .tag(ErrTag::DeclTypered)
    }

    /// `p->m` (or `s.m`) on a struct only declared (`struct s *` with no
    /// definition of `struct s`).
    pub fn op_incomplete(span: Span, op: &str, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "operator {op} cannot be applied to a forward declaration: \
                 no {name} definition is available"
            ),
            "only declared",
        )
        .hint(format!("define {name} {{ ... }}; before this use"))
        .tag(ErrTag::OpIncomplete)
    }

    /// A second translator between the same input and output types.
    pub fn xlate_redeclared(span: Span, from: &str, to: &str, previous: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("translator from {from} to {to} has already been declared"),
            "declared again",
        )
        .related(previous, "first declared here")
        .tag(ErrTag::XlateRedecl)
    }

    /// A translator whose output is a struct or union only declared.
    pub fn xlate_output_incomplete(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("incomplete struct/union/enum {name}"),
            "not defined",
        )
        .hint(format!("define {name} {{ ... }}; before the translator"))
        .tag(ErrTag::XlateSou)
    }

    /// A translator whose output is not a struct or union.
    pub fn xlate_output_not_sou(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "translator output type must be a struct or union",
            "not a struct or union",
        )
        .tag(ErrTag::XlateSou)
    }

    /// A translator's member its output type does not have.
    pub fn xlate_no_member(span: Span, member: &str, output: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("translator member {member} is not a member of {output}"),
            "no such member",
        )
        .tag(ErrTag::XlateMemb)
    }

    /// A translator's member given a value of an incompatible type.
    pub fn xlate_incompatible(span: Span, member: &str, want: &str, found: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "translator member {member} definition uses incompatible types: \
                 \"{want}\" = \"{found}\""
            ),
            format!("a {found}"),
        )
        .tag(ErrTag::XlateIncompat)
    }

    /// `xlate` with no translator from the operand's type to the one
    /// asked for (`sou`: a struct or union, which one could translate
    /// to).
    pub fn xlate_none(span: Span, from: &str, to: &str, sou: bool) -> Diagnostic {
        let d = Diagnostic::new(
            span,
            format!("cannot translate from \"{from}\" to \"{to}\""),
            "no translator",
        )
        .tag(ErrTag::XlateNone);
        if sou {
            d.hint(format!(
                "declare one: translator {to} < {from} x > {{ ... }};"
            ))
        } else {
            d.hint("translators make structs and unions")
        }
    }

    /// A cast of translated data (`xlate`'s result) or a pointer to it,
    /// which is no value in memory.
    pub fn cast_translated(span: Span, pointer: bool, to: &str) -> Diagnostic {
        let what = if pointer {
            "pointer to translated data"
        } else {
            "translated data"
        };
        Diagnostic::new(
            span,
            format!("invalid cast expression: \"{what}\" to \"{to}\""),
            "translated",
        )
        .hint("use its members: xlate<...>(e)->member")
        .tag(ErrTag::CastInval)
    }
}
