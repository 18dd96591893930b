//! Diagnostics of DTrace's speculation rules: within one clause, what may
//! follow `speculate()` and `commit()`, and what they may follow.

use super::super::span::Span;
use super::{Diagnostic, ErrTag};

/// Which rule a statement breaks, and so what the earlier statement was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecRule {
    /// A destructive action after `speculate()`.
    ActSpec,
    /// An aggregation after `commit()`.
    AggComm,
    /// An aggregation after `speculate()`.
    AggSpec,
    /// `commit()` after a data-recording action.
    CommDrec,
    /// A data-recording action after `commit()`.
    DrecComm,
    /// `exit()` after `speculate()`.
    ExitSpec,
    /// `speculate()` after `commit()`.
    SpecComm,
    /// `speculate()` after a data-recording action.
    SpecDrec,
    /// A second `speculate()`.
    SpecSpec,
}

impl Diagnostic {
    /// A statement at `span` that may not follow the one at `earlier`, in
    /// DTrace's words.
    pub fn spec_order(span: Span, rule: SpecRule, earlier: Span) -> Diagnostic {
        let (message, before, tag) = match rule {
            SpecRule::ActSpec => (
                "destructive actions may not follow speculate( )",
                "speculate( )",
                ErrTag::ActSpec,
            ),
            SpecRule::AggComm => (
                "aggregating actions may not follow commit( )",
                "commit( )",
                ErrTag::AggComm,
            ),
            SpecRule::AggSpec => (
                "aggregating actions may not follow speculate( )",
                "speculate( )",
                ErrTag::AggSpec,
            ),
            SpecRule::CommDrec => (
                "commit( ) may not follow data-recording action(s)",
                "data recorded",
                ErrTag::CommDrec,
            ),
            SpecRule::DrecComm => (
                "data-recording actions may not follow commit( )",
                "commit( )",
                ErrTag::DrecComm,
            ),
            SpecRule::ExitSpec => (
                "exit( ) may not follow speculate( )",
                "speculate( )",
                ErrTag::ExitSpec,
            ),
            SpecRule::SpecComm => (
                "speculate( ) may not follow commit( )",
                "commit( )",
                ErrTag::SpecComm,
            ),
            SpecRule::SpecDrec => (
                "speculate( ) may not follow data-recording action(s)",
                "data recorded",
                ErrTag::SpecDrec,
            ),
            SpecRule::SpecSpec => (
                "speculate( ) may not follow speculate( )",
                "speculate( )",
                ErrTag::SpecSpec,
            ),
        };
        let hint = match rule {
            SpecRule::ActSpec | SpecRule::AggSpec | SpecRule::ExitSpec => {
                "a speculating clause may only record data; do the rest in another clause"
            }
            SpecRule::SpecDrec | SpecRule::SpecSpec => {
                "speculate( ) comes once, before the clause records anything"
            }
            SpecRule::AggComm | SpecRule::CommDrec | SpecRule::DrecComm | SpecRule::SpecComm => {
                "commit( ) goes in a clause of its own, which records nothing"
            }
        };
        Diagnostic::new(span, message, "not allowed here")
            .related(earlier, format!("{before} here"))
            .hint(hint)
            .tag(tag)
    }
}
