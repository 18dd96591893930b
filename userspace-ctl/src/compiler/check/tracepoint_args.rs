//! `args->NAME` on a tracepoint: its `TP_PROTO` argument of that name
//! (from BTF), typed as `args[N]` is. bpftrace's `args->field` names the
//! fields of the tracepoint's `format` instead, which `TP_fast_assign`
//! fills from those arguments when the event is recorded and which a
//! probe on the tracepoint itself never sees; for a few well-known
//! tracepoints a translator table derives the fields a user expects
//! (`sched_process_exec`'s `filename` is `bprm->filename`), so that the
//! common bpftrace one-liners mean here what they mean there.

use super::super::ast::{Expr, ExprKind};
use super::super::diagnostics::Diagnostic;
use super::super::ir;
use super::Checker;

/// `(tracepoint, field, argument, members)`: the format field `field` of
/// `tracepoint` is `args->argument->members...`.
const FIELDS: &[(&str, &str, &str, &[&str])] = &[
    ("sched_process_exec", "filename", "bprm", &["filename"]),
    ("sched_process_exec", "pid", "p", &["pid"]),
    ("sched_process_fork", "parent_comm", "parent", &["comm"]),
    ("sched_process_fork", "parent_pid", "parent", &["pid"]),
    ("sched_process_fork", "child_comm", "child", &["comm"]),
    ("sched_process_fork", "child_pid", "child", &["pid"]),
    ("sched_process_exit", "comm", "p", &["comm"]),
    ("sched_process_exit", "pid", "p", &["pid"]),
    ("sched_process_exit", "prio", "p", &["prio"]),
    ("sched_process_free", "comm", "p", &["comm"]),
    ("sched_process_free", "pid", "p", &["pid"]),
    ("sched_switch", "prev_comm", "prev", &["comm"]),
    ("sched_switch", "prev_pid", "prev", &["pid"]),
    ("sched_switch", "prev_prio", "prev", &["prio"]),
    ("sched_switch", "next_comm", "next", &["comm"]),
    ("sched_switch", "next_pid", "next", &["pid"]),
    ("sched_switch", "next_prio", "next", &["prio"]),
    ("sched_wakeup", "comm", "p", &["comm"]),
    ("sched_wakeup", "pid", "p", &["pid"]),
    ("sched_wakeup", "prio", "p", &["prio"]),
    ("sched_wakeup_new", "comm", "p", &["comm"]),
    ("sched_wakeup_new", "pid", "p", &["pid"]),
    ("sched_wakeup_new", "prio", "p", &["prio"]),
    ("sched_waking", "comm", "p", &["comm"]),
    ("sched_waking", "pid", "p", &["pid"]),
    ("sched_waking", "prio", "p", &["prio"]),
    ("signal_generate", "comm", "t", &["comm"]),
    ("signal_generate", "pid", "t", &["pid"]),
    ("task_newtask", "pid", "task", &["pid"]),
    ("task_newtask", "comm", "task", &["comm"]),
    ("task_rename", "pid", "task", &["pid"]),
    ("task_rename", "oldcomm", "task", &["comm"]),
    ("task_rename", "newcomm", "comm", &[]),
];

/// Whether `base` is `args`.
pub(super) fn is_args(base: &Expr) -> bool {
    matches!(&base.kind, ExprKind::Ident(n) if n == "args")
}

impl Checker<'_, '_> {
    /// `args->name` (`e`): the clause's tracepoint argument `name`, or the
    /// format field of that name the table derives from its arguments.
    pub(super) fn tracepoint_arg(&mut self, e: &Expr, name: &str) -> Option<ir::Expr> {
        let Some((event, names)) = self.clause_args().and_then(|a| a.tracepoint.clone()) else {
            let probe = self.clause_args().map(|a| a.probe.clone());
            let owner = match probe {
                Some(p) => format!("the arguments of {p}"),
                None => {
                    "args: `args->NAME` needs one tracepoint named exactly (and the kernel's BTF)"
                        .into()
                }
            };
            self.report_kernel(Diagnostic::no_member(e.span, name, &owner));
            return None;
        };
        let arg = |n: &str| names.iter().position(|x| x == n);
        let (index, members): (usize, &[&str]) = match arg(name) {
            Some(i) => (i, &[]),
            None => {
                let found = FIELDS
                    .iter()
                    .find(|(tp, field, ..)| *tp == event && *field == name)
                    .and_then(|(_, _, a, m)| Some((arg(a)?, *m)));
                let Some(found) = found else {
                    let owner = format!("tracepoint {event}'s arguments ({})", names.join(", "));
                    self.report(Diagnostic::no_member(e.span, name, &owner));
                    return None;
                };
                found
            }
        };
        let at = |kind| Expr { kind, span: e.span };
        let index = at(ExprKind::Int {
            value: index as u64,
            unsigned: false,
            long: false,
        });
        let mut rewritten = at(ExprKind::Index(
            Box::new(at(ExprKind::Ident("args".into()))),
            vec![index],
        ));
        for m in members {
            rewritten = at(ExprKind::Member {
                base: Box::new(rewritten),
                name: (*m).into(),
                arrow: true,
            });
        }
        self.expr(&rewritten)
    }
}

#[cfg(test)]
mod tests {
    use super::FIELDS;

    #[test]
    fn every_translated_field_is_one_of_its_tracepoints_once() {
        for (i, (tp, field, ..)) in FIELDS.iter().enumerate() {
            assert!(
                !FIELDS[..i].iter().any(|(t, f, ..)| t == tp && f == field),
                "{tp} {field}"
            );
        }
    }
}
