//! The kernel's counters at the end as drop and error events, in the
//! order and words dtrace reports them.

use super::event::{Drop, DropKind, ErrorEvent, Event};
use crate::spec_drops;
use rdtrace_uapi::trace::StatusArgs;

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// DTrace's words for dynamic-variable drops (summed over CPUs, as it does).
pub fn dynvar_drop_message(n: u64) -> String {
    format!("{n} dynamic variable drop{}", plural(n))
}

fn per_cpu(kind: DropKind, cpu: usize, count: u64, message: String) -> Event<'static> {
    Event::Drop(Drop {
        kind,
        cpu: u32::try_from(cpu).ok(),
        count,
        message,
    })
}

fn total(kind: DropKind, count: u64, message: String) -> Event<'static> {
    Event::Drop(Drop {
        kind,
        cpu: None,
        count,
        message,
    })
}

/// Drops, errors and missed returns in `st`; `faults_reported[cpu]`
/// faults were already reported one by one.
pub fn events(st: &StatusArgs, faults_reported: &[u64]) -> Vec<Event<'static>> {
    let mut out = Vec::new();
    let cpus = || st.cpus.iter().enumerate().take(st.ncpus as usize);
    for (cpu, c) in cpus() {
        if c.drops > 0 {
            let msg = format!("{} drop{} on CPU {cpu}", c.drops, plural(c.drops));
            out.push(per_cpu(DropKind::Principal, cpu, c.drops, msg));
        }
        if c.nested > 0 {
            let msg = format!(
                "{} nested probe hit{} skipped on CPU {cpu} (a probe fired inside another)",
                c.nested,
                plural(c.nested)
            );
            out.push(per_cpu(DropKind::Nested, cpu, c.nested, msg));
        }
        // Faults were said one by one; only those whose report was lost
        // (a full buffer) are left to count.
        let count = c
            .errors
            .saturating_sub(faults_reported.get(cpu).copied().unwrap_or(0));
        if count > 0 {
            out.push(Event::Error(ErrorEvent::Unreported {
                cpu: cpu as u32,
                count,
            }));
        }
    }
    // dtrace's words (dt_handle_cpudrop) for a full aggregation table.
    for (cpu, c) in cpus() {
        if c.agg_drops > 0 {
            let n = c.agg_drops;
            let msg = format!("{n} aggregation drop{} on CPU {cpu}", plural(n));
            out.push(per_cpu(DropKind::Aggregation, cpu, n, msg));
        }
    }
    let dynvar: u64 = cpus().map(|(_, c)| c.dynvar_drops).sum();
    if dynvar > 0 {
        out.push(total(
            DropKind::Dynamic,
            dynvar,
            dynvar_drop_message(dynvar),
        ));
    }
    for (kind, count, msg) in spec_drops::messages(st) {
        out.push(total(kind, count, msg));
    }
    if st.missed_returns > 0 {
        let n = st.missed_returns;
        let msg = format!("{n} return probe firings missed (fprobe had no free slot)");
        out.push(total(DropKind::MissedReturn, n, msg));
    }
    if st.missed_kprobes > 0 {
        let n = st.missed_kprobes;
        let msg = format!(
            "{n} kprobe firing{} missed (a hit inside another probe's handler, or a return with no free kretprobe instance: raise -x maxactive)",
            plural(n)
        );
        out.push(total(DropKind::MissedKprobe, n, msg));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fault::error_message;

    fn words(events: &[Event<'_>]) -> Vec<String> {
        events
            .iter()
            .map(|e| match e {
                Event::Drop(d) => d.message.clone(),
                Event::Error(e) => error_message(e),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn dynvar_drops_read_as_dtrace_says_them() {
        assert_eq!(dynvar_drop_message(1), "1 dynamic variable drop");
        assert_eq!(dynvar_drop_message(12), "12 dynamic variable drops");
    }

    #[test]
    fn counters_become_events_in_dtraces_order() {
        let mut st = StatusArgs {
            ncpus: 2,
            ..StatusArgs::default()
        };
        assert!(events(&st, &[]).is_empty());
        st.cpus[1].drops = 1;
        st.cpus[0].agg_drops = 3;
        st.cpus[0].errors = 2;
        st.cpus[0].dynvar_drops = 2;
        st.cpus[1].dynvar_drops = 3;
        let ev = events(&st, &[1]);
        assert_eq!(
            words(&ev),
            [
                "1 error on CPU 0",
                "1 drop on CPU 1",
                "3 aggregation drops on CPU 0",
                "5 dynamic variable drops",
            ]
        );
        assert!(matches!(
            &ev[2],
            Event::Drop(Drop {
                kind: DropKind::Aggregation,
                cpu: Some(0),
                count: 3,
                ..
            })
        ));
    }
}
