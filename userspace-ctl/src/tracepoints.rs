//! The tracepoint provider's probes: `tracepoint:SUBSYS::NAME` for every
//! static tracepoint tracefs lists in `available_events` (`SUBSYS:NAME`),
//! less the events that are not tracepoints of their own: `syscalls`
//! (per-call views of `raw_syscalls`; the syscall provider covers them),
//! `ftrace`'s internal events and the dynamic kprobe and uprobe events.
//! A probe's `addr` is its `TP_PROTO`'s argument count, from BTF when it
//! is enabled ([`set_arities`]).

use crate::compiler::btf::{default_path, KernelBtf};
use crate::probes::Probe;
use rdtrace_uapi::trace::{PROBE_TRACEPOINT, TRACEPOINT_MAX_ARGS};
use std::cell::OnceCell;
use std::path::Path;

/// Where tracefs lists its events.
pub const AVAILABLE_EVENTS: &str = "/sys/kernel/tracing/available_events";

/// Event subsystems that are not static tracepoints.
const NOT_TRACEPOINTS: &[&str] = &["syscalls", "ftrace", "kprobes", "uprobes"];

/// `(subsystem, name)` of each tracepoint in an `available_events` text,
/// sorted.
pub fn parse(text: &str) -> Vec<(&str, &str)> {
    let mut found: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|l| l.trim().split_once(':'))
        .filter(|(sys, name)| !sys.is_empty() && !name.is_empty() && !NOT_TRACEPOINTS.contains(sys))
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// The tracepoints of this kernel; none when tracefs cannot be read (the
/// catalog's other probes still work).
pub fn load() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(Path::new(AVAILABLE_EVENTS)).unwrap_or_default();
    parse(&text)
        .into_iter()
        .map(|(s, n)| (s.to_string(), n.to_string()))
        .collect()
}

/// Tracepoint probes for `events`, IDs from `first` on.
pub fn probes(events: &[(String, String)], first: u32) -> Vec<Probe> {
    events
        .iter()
        .zip(first..)
        .map(|((sys, name), id)| Probe {
            under: None,
            id,
            kind: PROBE_TRACEPOINT,
            addr: 0,
            provider: "tracepoint",
            module: sys.clone().into(),
            function: "".into(),
            name: name.clone().into(),
        })
        .collect()
}

/// Sets each tracepoint probe's `addr` to its argument count, read from
/// the kernel's BTF; without BTF, or for a tracepoint it does not
/// describe, the most a probe passes on (the extra ones then hold
/// whatever the registers held).
pub fn set_arities(probes: &mut [Probe]) {
    thread_local! {
        /// Read once, on the first tracepoint probe enabled.
        static BTF: OnceCell<Option<KernelBtf>> = const { OnceCell::new() };
    }
    BTF.with(|btf| {
        for p in probes.iter_mut().filter(|p| p.kind == PROBE_TRACEPOINT) {
            let k = btf.get_or_init(|| KernelBtf::load(&default_path()).ok());
            let n = k
                .as_ref()
                .and_then(|k| k.tracepoint(p.under.as_ref().map_or(&p.name, |u| &u.1)))
                .map(|f| f.params.len() as u64);
            p.addr = n.unwrap_or(TRACEPOINT_MAX_ARGS);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_that_are_not_tracepoints_are_left_out() {
        let text = "sched:sched_switch\nsyscalls:sys_enter_openat\nftrace:print\nsched:sched_process_exec\nkprobes:p_x\nirq:irq_handler_entry\n";
        assert_eq!(
            parse(text),
            [
                ("irq", "irq_handler_entry"),
                ("sched", "sched_process_exec"),
                ("sched", "sched_switch")
            ]
        );
        let events = vec![("sched".to_string(), "sched_switch".to_string())];
        let p = &probes(&events, 40)[0];
        assert_eq!(
            (p.id, p.provider, &*p.module, &*p.function, &*p.name),
            (40, "tracepoint", "sched", "", "sched_switch")
        );
    }
}
