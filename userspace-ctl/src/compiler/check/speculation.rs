//! DTrace's speculation rules within one clause: `speculate()` comes
//! before any data-recording action and at most once, and no aggregation,
//! destructive action or `exit()` follows it; `commit()` follows no
//! data-recording action and none follows it. (`discard()` goes anywhere.)

use super::super::diagnostics::SpecRule;
use super::super::span::Span;

/// What a statement is, as far as the rules go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SpecStmt {
    /// An action that records data (`trace`, `printf`, ...).
    Record,
    /// `exit()`: records data too.
    Exit,
    /// A destructive action (`system`, `raise`, `copyout`, ...).
    Destructive,
    /// An aggregation.
    Aggregate,
    /// `speculate()`.
    Speculate,
    /// `commit()`.
    Commit,
}

impl SpecStmt {
    /// The kind of a call of `name`, if the rules care about it. Names
    /// rdtrace does not know yet are here too, so the rule is reported
    /// before the name is.
    pub(super) fn of_call(name: &str) -> Option<SpecStmt> {
        Some(match name {
            "trace" | "printf" | "printa" | "tracemem" | "stack" | "ustack" | "jstack"
            | "setopt" | "ftruncate" | "freopen" | "print" => SpecStmt::Record,
            "exit" => SpecStmt::Exit,
            "system" | "raise" | "stop" | "chill" | "panic" | "breakpoint" | "copyout"
            | "copyoutstr" => SpecStmt::Destructive,
            "speculate" => SpecStmt::Speculate,
            "commit" => SpecStmt::Commit,
            _ => return None,
        })
    }
}

/// Where the clause being checked stands: the first statement of each
/// kind the rules look back at.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct SpecOrder {
    speculate: Option<Span>,
    commit: Option<Span>,
    record: Option<Span>,
}

impl SpecOrder {
    /// Notes a statement of kind `kind` at `span`; returns the rule it
    /// breaks and where the statement it may not follow is.
    pub(super) fn note(&mut self, kind: SpecStmt, span: Span) -> Option<(SpecRule, Span)> {
        let speculated = |rule| self.speculate.map(|s| (rule, s));
        let committed = |rule| self.commit.map(|s| (rule, s));
        let broken = match kind {
            SpecStmt::Record => committed(SpecRule::DrecComm),
            SpecStmt::Exit => speculated(SpecRule::ExitSpec).or(committed(SpecRule::DrecComm)),
            SpecStmt::Destructive => speculated(SpecRule::ActSpec),
            SpecStmt::Aggregate => speculated(SpecRule::AggSpec).or(committed(SpecRule::AggComm)),
            SpecStmt::Speculate => speculated(SpecRule::SpecSpec)
                .or(committed(SpecRule::SpecComm))
                .or(self.record.map(|s| (SpecRule::SpecDrec, s))),
            SpecStmt::Commit => self.record.map(|s| (SpecRule::CommDrec, s)),
        };
        let first = match kind {
            SpecStmt::Record | SpecStmt::Exit => &mut self.record,
            SpecStmt::Speculate => &mut self.speculate,
            SpecStmt::Commit => &mut self.commit,
            SpecStmt::Destructive | SpecStmt::Aggregate => return broken,
        };
        first.get_or_insert(span);
        broken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(n: usize) -> Span {
        Span::new(n, n + 1)
    }

    #[test]
    fn data_may_follow_speculate_but_not_commit() {
        let mut o = SpecOrder::default();
        assert_eq!(o.note(SpecStmt::Speculate, at(1)), None);
        assert_eq!(o.note(SpecStmt::Record, at(2)), None);
        assert_eq!(
            o.note(SpecStmt::Exit, at(3)),
            Some((SpecRule::ExitSpec, at(1)))
        );
        let mut o = SpecOrder::default();
        assert_eq!(o.note(SpecStmt::Commit, at(1)), None);
        assert_eq!(o.note(SpecStmt::Commit, at(2)), None);
        assert_eq!(
            o.note(SpecStmt::Record, at(3)),
            Some((SpecRule::DrecComm, at(1)))
        );
        assert_eq!(
            o.note(SpecStmt::Aggregate, at(4)),
            Some((SpecRule::AggComm, at(1)))
        );
    }

    #[test]
    fn speculate_comes_first_and_once() {
        let mut o = SpecOrder::default();
        o.note(SpecStmt::Record, at(1));
        assert_eq!(
            o.note(SpecStmt::Speculate, at(2)),
            Some((SpecRule::SpecDrec, at(1)))
        );
        assert_eq!(
            o.note(SpecStmt::Commit, at(3)),
            Some((SpecRule::CommDrec, at(1)))
        );
        let mut o = SpecOrder::default();
        o.note(SpecStmt::Speculate, at(1));
        assert_eq!(
            o.note(SpecStmt::Speculate, at(2)),
            Some((SpecRule::SpecSpec, at(1)))
        );
        assert_eq!(
            o.note(SpecStmt::Destructive, at(3)),
            Some((SpecRule::ActSpec, at(1)))
        );
        assert_eq!(
            o.note(SpecStmt::Aggregate, at(4)),
            Some((SpecRule::AggSpec, at(1)))
        );
    }
}
